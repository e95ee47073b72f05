/** TPM on Windows: Get-Tpm for presence and readiness, Win32_Tpm for the specification version (both administrator). */
import { definePowerShellScript, partError } from '../windows/powershell.js';

export const TPM_SCRIPT = definePowerShellScript('tpm', [
  `try { $t = Get-Tpm; $tpm = [ordered]@{ present = $t.TpmPresent; ready = $t.TpmReady; enabled = $t.TpmEnabled; activated = $t.TpmActivated; manufacturerVersion = $t.ManufacturerVersion } } ${partError('tpm')}`,
  `try { $spec = (Get-CimInstance -Namespace root/cimv2/Security/MicrosoftTpm -ClassName Win32_Tpm).SpecVersion } ${partError('spec')}`,
  '$r = [ordered]@{ tpm = $tpm; specVersion = $spec }',
]);
