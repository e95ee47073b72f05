/**
 * Windows Update settings that decide whether updates install by themselves: the Automatic Updates
 * group policy, a user's pause, and the Windows Update service (disabled = nothing installs).
 */
import { definePowerShellScript } from '../windows/powershell.js';

export const AUTO_UPDATES_SCRIPT = definePowerShellScript('auto-updates', [
  "$au = Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU' -ErrorAction SilentlyContinue",
  "$ux = Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\WindowsUpdate\\UX\\Settings' -ErrorAction SilentlyContinue",
  "$svc = Get-CimInstance -ClassName Win32_Service -Filter 'Name=''wuauserv'''",
  '$r = [ordered]@{ policy = [ordered]@{ present = [bool]$au; noAutoUpdate = $au.NoAutoUpdate; auOptions = $au.AUOptions }; pause = [ordered]@{ updatesExpiry = $ux.PauseUpdatesExpiryTime; qualityEnd = $ux.PauseQualityUpdatesEndTime; featureEnd = $ux.PauseFeatureUpdatesEndTime }; service = [ordered]@{ state = $svc.State; startMode = $svc.StartMode } }',
]);
