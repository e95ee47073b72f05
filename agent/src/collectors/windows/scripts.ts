/**
 * Every PowerShell script the Windows collectors run, by name: the complete list of what Vigil
 * executes on Windows (review it here), the replay key of recorded outputs, and what
 * record-fixtures runs.
 */
import { AV_SCRIPT } from '../av-enabled/win32-script.js';
import { SECURE_BOOT_SCRIPT } from '../boot-secure/win32-script.js';
import { TPM_SCRIPT } from '../device-tpm/win32-script.js';
import { BITLOCKER_SCRIPT } from '../disk-encryption/win32-script.js';
import { FIREWALL_SCRIPT } from '../net-firewall/win32-script.js';
import { AUTO_UPDATES_SCRIPT } from '../os-auto-updates/win32-script.js';
import { PATCHES_SCRIPT, UPDATE_SEARCH_SCRIPT } from '../os-patches/win32-script.js';
import { OS_VERSION_SCRIPT } from '../os-version/win32-script.js';
import { SCREEN_LOCK_SCRIPT } from '../screen-lock/win32-script.js';
import { POWERSHELL_ARGS, type PowerShellScript } from './powershell.js';

export const WINDOWS_SCRIPTS: readonly PowerShellScript[] = [
  OS_VERSION_SCRIPT,
  PATCHES_SCRIPT,
  UPDATE_SEARCH_SCRIPT,
  AUTO_UPDATES_SCRIPT,
  BITLOCKER_SCRIPT,
  FIREWALL_SCRIPT,
  SCREEN_LOCK_SCRIPT,
  SECURE_BOOT_SCRIPT,
  TPM_SCRIPT,
  AV_SCRIPT,
];

const BY_TEXT = new Map(WINDOWS_SCRIPTS.map((script) => [script.text, script.name]));

/** The name of a known script run with the fixed arguments; null for anything else. */
export function scriptNameOf(args: readonly string[]): string | null {
  const fixed = args.slice(0, POWERSHELL_ARGS.length);
  if (fixed.length !== POWERSHELL_ARGS.length || fixed.some((arg, i) => arg !== POWERSHELL_ARGS[i])) return null;
  if (args.length !== POWERSHELL_ARGS.length + 1) return null;
  return BY_TEXT.get(args.at(-1) ?? '') ?? null;
}
