/**
 * Screen lock on Windows: the machine inactivity limit (a policy, valid from any account) and the
 * user's password-protected screen saver (HKCU, meaningful only in the user's own session; group
 * policy values win over the user's). Whether the script runs as SYSTEM is part of the answer.
 */
import { definePowerShellScript } from '../windows/powershell.js';

export const SCREEN_LOCK_SCRIPT = definePowerShellScript('screen-lock', [
  '$id = [Security.Principal.WindowsIdentity]::GetCurrent()',
  "$sys = Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System' -ErrorAction SilentlyContinue",
  "$desk = Get-ItemProperty -Path 'HKCU:\\Control Panel\\Desktop' -ErrorAction SilentlyContinue",
  "$pol = Get-ItemProperty -Path 'HKCU:\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop' -ErrorAction SilentlyContinue",
  "$r = [ordered]@{ isSystem = $id.IsSystem; inactivityTimeoutSecs = $sys.InactivityTimeoutSecs; user = [ordered]@{ active = $desk.ScreenSaveActive; secure = $desk.ScreenSaverIsSecure; timeout = $desk.ScreenSaveTimeOut; exe = $desk.'SCRNSAVE.EXE' }; policy = [ordered]@{ active = $pol.ScreenSaveActive; secure = $pol.ScreenSaverIsSecure; timeout = $pol.ScreenSaveTimeOut; exe = $pol.'SCRNSAVE.EXE' } }",
]);
