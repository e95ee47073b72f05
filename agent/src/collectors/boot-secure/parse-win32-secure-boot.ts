/**
 * `confirm` is true/false, or the exception Confirm-SecureBootUEFI threw: PlatformNotSupported on
 * a legacy BIOS boot, UnauthorizedAccess without administrator rights (then the registry value,
 * readable by anyone, answers). The registry key is absent on BIOS boots.
 */
import { asObject, bool, int } from '../windows/json.js';

export type Win32SecureBoot = { enabled: boolean; detail: string } | { bios: true } | { unreadable: string };

export function parseWin32SecureBoot(json: unknown): Win32SecureBoot | null {
  const root = asObject(json);
  if (!root) return null;
  const confirm = bool(root.confirm);
  if (confirm !== null) return { enabled: confirm, detail: `Confirm-SecureBootUEFI: ${confirm}` };
  const error = asObject(root.confirm);
  const registry = int(root.registry);
  const type = typeof error?.vigilError === 'string' ? error.vigilError : '';
  if (registry === 0 || registry === 1) {
    return {
      enabled: registry === 1,
      detail: `registry UEFISecureBootEnabled=${registry} (Confirm-SecureBootUEFI: ${type || 'no answer'})`,
    };
  }
  if (/PlatformNotSupported/.test(type)) return { bios: true };
  return { unreadable: type || 'no answer from Confirm-SecureBootUEFI or the registry' };
}
