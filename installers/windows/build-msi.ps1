<#
  Builds dist\packages\vigil-agent-<version>-<arch>.msi on Windows. Run from the repository root
  after `npm ci; npm run build` on a machine of the target architecture (the better-sqlite3
  addon is native):

    pwsh installers/windows/build-msi.ps1 -NodeVersion 20.19.5 -WinSW C:\tools\WinSW-net461.exe

  Needs: the WiX Toolset v5 CLI (`dotnet tool install --global wix --version 5.*`) and its util
  extension (`wix extension add --global WixToolset.Util.wixext/5`); WinSW v2.12 WinSW-net461.exe
  (https://github.com/winsw/winsw/releases, verify its SHA-256 against the value pinned in CI).
  Signing: set VIGIL_SIGN_CERT_THUMBPRINT to an Authenticode code-signing certificate in the
  machine store; node.exe (already signed by the OpenJS Foundation) is left as is, vigil-service.exe
  and the MSI are signed with a timestamp.
#>
param(
    [Parameter(Mandatory)] [string] $NodeVersion,
    [Parameter(Mandatory)] [string] $WinSW,
    [string] $Out = 'dist\packages'
)
$ErrorActionPreference = 'Stop'

if ((node -p 'process.versions.node') -ne $NodeVersion) {
    throw "the workspace was built with node $(node --version); bundle that version (ABI of better-sqlite3)"
}
$arch = if ($env:PROCESSOR_ARCHITECTURE -eq 'ARM64') { 'arm64' } else { 'x64' }
$version = node -p "require('./agent/package.json').version"
# MSI ProductVersion is numeric only: 1.2.3-rc.1 ships as 1.2.3.
$msiVersion = ($version -split '-')[0]
$work = Join-Path ([IO.Path]::GetTempPath()) "vigil-msi-$([guid]::NewGuid())"
New-Item -ItemType Directory -Path $work | Out-Null

try {
    # 1. Node.js from nodejs.org, checked against SHASUMS256.txt.
    $zip = "node-v$NodeVersion-win-$arch.zip"
    Invoke-WebRequest "https://nodejs.org/dist/v$NodeVersion/$zip" -OutFile "$work\$zip"
    Invoke-WebRequest "https://nodejs.org/dist/v$NodeVersion/SHASUMS256.txt" -OutFile "$work\SHASUMS256.txt"
    $expected = (Select-String -Path "$work\SHASUMS256.txt" -Pattern " $([regex]::Escape($zip))$").Line.Split(' ')[0]
    if ((Get-FileHash "$work\$zip" -Algorithm SHA256).Hash -ne $expected) { throw "$zip does not match SHASUMS256.txt" }
    Expand-Archive "$work\$zip" -DestinationPath $work
    $nodeDir = "$work\node-v$NodeVersion-win-$arch"

    # 2. The app folder, then a smoke test with the bundled node.
    node scripts/package/stage-app.mjs --dest "$work\app"
    & "$nodeDir\node.exe" "$work\app\bin\vigil.js" --version
    if ($LASTEXITCODE -ne 0) { throw 'the staged agent does not run' }

    # 3. Sign the service wrapper, build, sign the MSI.
    Copy-Item $WinSW "$work\WinSW-net461.exe"
    $sign = { param($file) if ($env:VIGIL_SIGN_CERT_THUMBPRINT) {
        signtool sign /sha1 $env:VIGIL_SIGN_CERT_THUMBPRINT /sm /fd SHA256 /tr http://timestamp.digicert.com /td SHA256 $file
        if ($LASTEXITCODE -ne 0) { throw "signing $file failed" } } }
    & $sign "$work\WinSW-net461.exe"
    New-Item -ItemType Directory -Force -Path $Out | Out-Null
    $msi = Join-Path $Out "vigil-agent-$version-$arch.msi"
    wix build installers\windows\vigil.wxs -arch $arch -ext WixToolset.Util.wixext `
        -d "Version=$msiVersion" -bindpath "app=$work\app" -bindpath "node=$nodeDir" -bindpath "winsw=$work" `
        -bindpath installers\windows -o $msi
    if ($LASTEXITCODE -ne 0) { throw 'wix build failed' }
    & $sign $msi
    Write-Output "built $msi"
}
finally {
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
