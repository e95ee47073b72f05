/**
 * All three firewall profiles from the active policy store (the effective settings: without it,
 * fields set by nobody read NotConfigured), plus the firewall service, which switches all of
 * them off when stopped.
 */
import { definePowerShellScript } from '../windows/powershell.js';

export const FIREWALL_SCRIPT = definePowerShellScript('firewall', [
  "$svc = Get-CimInstance -ClassName Win32_Service -Filter 'Name=''mpssvc'''",
  '$profiles = @(Get-NetFirewallProfile -PolicyStore ActiveStore | ForEach-Object { [ordered]@{ name = $_.Name; enabled = $_.Enabled; defaultInboundAction = $_.DefaultInboundAction; defaultOutboundAction = $_.DefaultOutboundAction } })',
  '$r = [ordered]@{ service = [ordered]@{ state = $svc.State; startMode = $svc.StartMode }; profiles = $profiles }',
]);
