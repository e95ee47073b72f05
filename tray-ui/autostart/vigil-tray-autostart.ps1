# Registers (or with -Remove, unregisters) the Vigil tray to start at logon for every user, via
# the machine-wide Run key. Run from an elevated installer step. The path is the installed tray
# executable (installers issue); quoting keeps paths with spaces intact.
param(
  [string]$TrayExe = (Join-Path $env:ProgramFiles 'Vigil\Vigil Tray.exe'),
  [switch]$Remove
)
$ErrorActionPreference = 'Stop'
$key = 'HKLM:\Software\Microsoft\Windows\CurrentVersion\Run'
$name = 'VigilTray'
if ($Remove) {
  Remove-ItemProperty -Path $key -Name $name -ErrorAction SilentlyContinue
  return
}
if (-not (Test-Path -LiteralPath $TrayExe)) { throw "Vigil tray not found at $TrayExe" }
Set-ItemProperty -Path $key -Name $name -Value ('"{0}"' -f $TrayExe) -Type String
