import type { DiskEncryptionValue, Volume } from '../../posture.js';
import type { Policy } from '../schema.js';
import type { RawOutcome } from './types.js';

type DiskEncryptionPolicy = NonNullable<Policy['checks']['disk.encryption']>;

/**
 * Every volume must be encrypted. Transitional states never pass: encrypting only warns (it is
 * heading the right way), decrypting fails. One unreadable volume makes the whole check unknown.
 */
export function evaluateDiskEncryption(value: DiskEncryptionValue, rule: DiskEncryptionPolicy): RawOutcome {
  const volumes = value.volumes.filter((v) => rule.includeSwap || v.role !== 'swap');
  if (volumes.length === 0) return { result: 'unknown', reason: 'no disk volumes were found to judge' };
  const by = (state: Volume['state']) => volumes.filter((v) => v.state === state).map(name);
  const unencrypted = by('unencrypted');
  const decrypting = by('decrypting');
  const encrypting = by('encrypting');
  const unknown = by('unknown');
  if (unencrypted.length > 0 || decrypting.length > 0) {
    const parts = [];
    if (unencrypted.length > 0) parts.push(`not encrypted: ${unencrypted.join(', ')}`);
    if (decrypting.length > 0) parts.push(`being decrypted: ${decrypting.join(', ')}`);
    return { result: 'fail', reason: parts.join('; ') };
  }
  if (unknown.length > 0) return { result: 'unknown', reason: `encryption state unknown: ${unknown.join(', ')}` };
  if (encrypting.length > 0) return { result: 'warn', reason: `encryption in progress: ${encrypting.join(', ')}` };
  return { result: 'pass', reason: `all ${volumes.length} volume(s) encrypted: ${volumes.map(name).join(', ')}` };
}

function name(volume: Volume): string {
  const where = volume.role === 'swap' ? `swap ${volume.device}` : volume.mountpoint;
  return volume.percent !== undefined ? `${where} (${volume.percent}%)` : where;
}
