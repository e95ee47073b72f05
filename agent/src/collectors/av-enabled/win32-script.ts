/**
 * Malware protection on Windows: Defender's own status, and every product registered with Windows
 * Security Center (absent on Windows Server, so that part may fail on its own).
 */
import { definePowerShellScript, partError } from '../windows/powershell.js';

export const AV_SCRIPT = definePowerShellScript('antivirus', [
  `try { $mp = Get-MpComputerStatus; $defender = [ordered]@{ amServiceEnabled = $mp.AMServiceEnabled; antivirusEnabled = $mp.AntivirusEnabled; realTimeProtectionEnabled = $mp.RealTimeProtectionEnabled; signatureAgeDays = $mp.AntivirusSignatureAge; signatureLastUpdated = $(if ($mp.AntivirusSignatureLastUpdated) { $mp.AntivirusSignatureLastUpdated.ToUniversalTime().ToString('s') }); runningMode = $mp.AMRunningMode; tamperProtected = $mp.IsTamperProtected } } ${partError('defender')}`,
  `try { $products = @(Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct | ForEach-Object { [ordered]@{ name = $_.displayName; productState = $_.productState; timestamp = $_.timestamp } }) } ${partError('products')}`,
  '$r = [ordered]@{ defender = $defender; securityCenter = $products }',
]);
