<#
  Intune detection script for the Vigil agent (Win32 app > Detection rules > Use a custom
  detection script). Intune treats the app as installed when the script exits 0 AND writes to
  STDOUT; anything else means "not installed". Set $MinimumVersion to the version you deploy.

  Upload with "Run script as 32-bit process on 64-bit clients" = No. The script still opens the
  64-bit registry view and Program Files explicitly, so it answers correctly either way.
#>
$MinimumVersion = [version]'0.1.0'

try {
    $hklm = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]::LocalMachine, [Microsoft.Win32.RegistryView]::Registry64)
    $key = $hklm.OpenSubKey('SOFTWARE\Vigil\Agent')
    if ($null -eq $key) { exit 1 }
    $installed = [version]$key.GetValue('Version')

    $programFiles = if ($env:ProgramW6432) { $env:ProgramW6432 } else { $env:ProgramFiles }
    $files = (Test-Path (Join-Path $programFiles 'Vigil\node\node.exe')) -and
             (Test-Path (Join-Path $programFiles 'Vigil\app\bin\vigil.js'))
    $service = Get-Service -Name 'VigilAgent' -ErrorAction SilentlyContinue

    if ($installed -ge $MinimumVersion -and $files -and $null -ne $service) {
        Write-Output "Vigil agent $installed installed (service $($service.Status))"
        exit 0
    }
    exit 1
}
catch {
    # Unreadable or malformed version: report "not installed" so Intune (re)installs.
    exit 1
}
