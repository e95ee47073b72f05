import type { DiskEncryptionValue, Volume } from '../../posture.js';
import type { Policy } from '../schema.js';
import type { RawOutcome } from './types.js';

type DiskEncryptionPolicy = NonNullable<Policy['checks']['disk.encryption']>;

/**
 * Every volume must be encrypted. Transitional states never pass: encrypting only warns (it is
 * heading the right way), decrypting fails, and so does an encrypted volume whose key sits in the
 * clear (suspended). One unreadable volume makes the whole check unknown. Excluded mount points
 * are named in the reason, so a skipped volume is visible rather than silently passed.
 */
export function evaluateDiskEncryption(value: DiskEncryptionValue, rule: DiskEncryptionPolicy): RawOutcome {
  const excluded = new Set(rule.excludeMountpoints);
  const considered = value.volumes.filter((v) => rule.includeSwap || v.role !== 'swap');
  const skipped = considered.filter((v) => v.role === 'filesystem' && excluded.has(v.mountpoint));
  const volumes = considered.filter((v) => !skipped.includes(v));
  const note = skipped.length > 0 ? `; not judged: ${skipped.map(name).join(', ')}` : '';
  const outcome = judge(volumes);
  return { result: outcome.result, reason: `${outcome.reason}${note}` };
}

function judge(volumes: readonly Volume[]): RawOutcome {
  if (volumes.length === 0) return { result: 'unknown', reason: 'no disk volumes were found to judge' };
  const by = (state: Volume['state']) => volumes.filter((v) => v.state === state).map(name);
  const unencrypted = by('unencrypted');
  const decrypting = by('decrypting');
  const suspended = by('suspended');
  const encrypting = by('encrypting');
  const unknown = by('unknown');
  if (unencrypted.length > 0 || decrypting.length > 0 || suspended.length > 0) {
    const parts = [];
    if (unencrypted.length > 0) parts.push(`not encrypted: ${unencrypted.join(', ')}`);
    if (decrypting.length > 0) parts.push(`being decrypted: ${decrypting.join(', ')}`);
    if (suspended.length > 0) parts.push(`encryption suspended, key stored unprotected: ${suspended.join(', ')}`);
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
