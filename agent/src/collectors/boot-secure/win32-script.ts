/**
 * Secure Boot on Windows: Confirm-SecureBootUEFI (administrator; throws PlatformNotSupported on a
 * legacy BIOS boot) and the registry state any user can read, as a second source.
 */
import { definePowerShellScript, partError } from '../windows/powershell.js';

export const SECURE_BOOT_SCRIPT = definePowerShellScript('secure-boot', [
  "$state = Get-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecureBoot\\State' -ErrorAction SilentlyContinue",
  `try { $confirm = Confirm-SecureBootUEFI } ${partError('confirm')}`,
  '$r = [ordered]@{ confirm = $confirm; registry = $state.UEFISecureBootEnabled }',
]);
