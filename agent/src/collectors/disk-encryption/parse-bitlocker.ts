/**
 * BitLocker volumes from the bitlocker script. Enum values arrive as numbers (Windows PowerShell
 * 5.1) or names; both map to the same states. Traps: a fully encrypted volume with protection Off
 * is suspended or waiting for activation (Device Encryption before sign-in with a Microsoft or
 * work account), so its key is in the clear: not encrypted for our purposes. Paused conversions
 * are still conversions.
 */
import type { Volume } from '@vigil/shared';
import { asList, asObject, enumValue, int, str } from '../windows/json.js';

const STATUS = {
  0: 'FullyDecrypted',
  1: 'FullyEncrypted',
  2: 'EncryptionInProgress',
  3: 'DecryptionInProgress',
  4: 'EncryptionSuspended',
  5: 'DecryptionSuspended',
  6: 'FullyEncryptedWipeInProgress',
  7: 'FullyEncryptedWipeSuspended',
} as const;
// WMI's documentation calls the suspended states "paused".
const STATUS_ALIASES: Record<string, (typeof STATUS)[keyof typeof STATUS]> = {
  encryptionpaused: 'EncryptionSuspended',
  decryptionpaused: 'DecryptionSuspended',
};
const PROTECTION = { 0: 'Off', 1: 'On', 2: 'Unknown' } as const;
const METHOD = {
  0: 'None',
  1: 'Aes128Diffuser',
  2: 'Aes256Diffuser',
  3: 'Aes128',
  4: 'Aes256',
  5: 'Hardware',
  6: 'XtsAes128',
  7: 'XtsAes256',
} as const;
const LOCK = { 0: 'Unlocked', 1: 'Locked' } as const;
const REMOVABLE = 2;

function status(value: unknown) {
  const alias = typeof value === 'string' ? STATUS_ALIASES[value.replace(/\s+/g, '').toLowerCase()] : undefined;
  return alias ?? enumValue(value, STATUS);
}

export interface BitLockerReading {
  source: string;
  volumes: Volume[];
  /** Drives left out, with why (removable). */
  skipped: string[];
}

export function parseBitLocker(json: unknown): BitLockerReading | null {
  const root = asObject(json);
  if (!root || !('volumes' in root)) return null;
  const source = str(root.source) ?? 'bitlocker';
  const volumes: Volume[] = [];
  const skipped: string[] = [];
  let systemVolume = false;
  for (const item of asList(root.volumes)) {
    const v = asObject(item);
    const mount = str(v?.mountPoint);
    if (!v || !mount) continue;
    const os = v.volumeType === 0 || v.volumeType === 'OperatingSystem';
    systemVolume ||= os;
    if (!os && int(v.driveType) === REMOVABLE) {
      skipped.push(`${mount} (removable)`);
      continue;
    }
    if (!os && !/^[A-Za-z]:\\?$/.test(mount)) continue; // a volume without a drive letter holds no user files
    volumes.push(toVolume(mount.replace(/\\$/, ''), v, source));
  }
  // Every answer on Windows 10+ (Node 20's minimum) lists the system volume. Without it the rest
  // read as "all encrypted" while the system drive went unreported (found by fuzzing).
  if (volumes.length > 0 && !systemVolume) return null;
  return { source, volumes, skipped };
}

function toVolume(mount: string, v: Record<string, unknown>, source: string): Volume {
  const state = status(v.volumeStatus);
  const protection = enumValue(v.protectionStatus, PROTECTION);
  const method = enumValue(v.encryptionMethod, METHOD);
  const locked = enumValue(v.lockStatus, LOCK) === 'Locked';
  const percent = int(v.encryptionPercentage);
  const detail = [
    `${source}: ${state ?? 'status unknown'}`,
    `protection ${protection ?? 'unknown'}`,
    method && method !== 'None' ? method : '',
    locked ? 'locked' : '',
  ]
    .filter(Boolean)
    .join(', ');
  const base = { mountpoint: mount, device: mount, role: 'filesystem' as const, detail };
  const withPercent = percent !== null && percent >= 0 && percent <= 100 ? { percent } : {};
  switch (state) {
    case 'FullyDecrypted':
      return { ...base, state: 'unencrypted' };
    case 'EncryptionInProgress':
    case 'EncryptionSuspended':
      return { ...base, state: 'encrypting', method: 'bitlocker', ...withPercent };
    case 'DecryptionInProgress':
    case 'DecryptionSuspended':
      return { ...base, state: 'decrypting', method: 'bitlocker', ...withPercent };
    case 'FullyEncrypted':
    case 'FullyEncryptedWipeInProgress':
    case 'FullyEncryptedWipeSuspended':
      if (protection === 'On') return { ...base, state: 'encrypted', method: 'bitlocker' };
      if (protection === 'Off')
        return {
          ...base,
          state: 'suspended',
          method: 'bitlocker',
          detail: `${detail}: the key is stored unprotected (suspended, or waiting for activation)`,
        };
      // A locked volume reports protection Unknown; locked means its key is not available here.
      return locked ? { ...base, state: 'encrypted', method: 'bitlocker' } : { ...base, state: 'unknown' };
    default:
      return locked ? { ...base, state: 'encrypted', method: 'bitlocker' } : { ...base, state: 'unknown' };
  }
}
