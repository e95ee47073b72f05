/**
 * device-mapper layers, read without udev. `/sys/block/dm-N/dm/uuid` is set by the tool that
 * created the mapping: cryptsetup uses `CRYPT-<TYPE>-<uuid>-<name>`, LVM `LVM-…`, multipath
 * `mpath-…`, kpartx `partN-…`. Beware: veritysetup and integritysetup also use the `CRYPT-`
 * prefix (`CRYPT-VERITY-`, `CRYPT-INTEGRITY-`, and `CRYPT-SUBDEV-` for LUKS2 integrity) but do
 * not encrypt — lsblk shows all of them as TYPE "crypt".
 */
export type DmLayer = { kind: 'crypt'; method: string } | { kind: 'passthrough'; what: string } | { kind: 'opaque' };

const CRYPT_METHODS: Readonly<Record<string, string>> = {
  LUKS1: 'luks1',
  LUKS2: 'luks2',
  LUKS: 'luks',
  PLAIN: 'dm-crypt',
  LOOPAES: 'loop-aes',
  TCRYPT: 'tcrypt',
  BITLK: 'bitlk',
  FVAULT2: 'fvault2',
};
const NOT_ENCRYPTING = new Set(['VERITY', 'INTEGRITY', 'SUBDEV']);
const PASSTHROUGH_PREFIXES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^LVM-/, 'lvm'],
  [/^mpath-/, 'multipath'],
  [/^part\d+-/, 'partition mapping'],
  [/^stratis-/, 'stratis'],
];

export function classifyDmUuid(uuid: string): DmLayer {
  const trimmed = uuid.trim();
  const crypt = /^CRYPT-([A-Z0-9]+)-/.exec(trimmed);
  if (crypt?.[1]) {
    const method = CRYPT_METHODS[crypt[1]];
    if (method) return { kind: 'crypt', method };
    if (NOT_ENCRYPTING.has(crypt[1])) return { kind: 'passthrough', what: crypt[1].toLowerCase() };
    return { kind: 'opaque' };
  }
  for (const [pattern, what] of PASSTHROUGH_PREFIXES) if (pattern.test(trimmed)) return { kind: 'passthrough', what };
  return { kind: 'opaque' };
}

export interface DmTarget {
  type: string;
  /** For `crypt` targets: the cipher spec (`aes-xts-plain64`, or `cipher_null-ecb` which encrypts nothing). */
  cipher?: string;
}

/**
 * `dmsetup table` (all devices): `name: start length target args…`, one line per segment;
 * "No devices found" when there are none.
 */
export function parseDmsetupTable(text: string): Map<string, DmTarget[]> {
  const tables = new Map<string, DmTarget[]>();
  for (const line of text.split('\n')) {
    const match = /^(\S+): \d+ \d+ (\S+)(?: (\S+))?/.exec(line.trim());
    if (!match?.[1] || !match[2]) continue;
    const target: DmTarget =
      match[2] === 'crypt' && match[3] ? { type: 'crypt', cipher: match[3] } : { type: match[2] };
    tables.set(match[1], [...(tables.get(match[1]) ?? []), target]);
  }
  return tables;
}

/** What `dmsetup table` says about one mapping, as a layer. */
export function classifyDmTable(targets: readonly DmTarget[]): DmLayer {
  const crypt = targets.find((target) => target.type === 'crypt');
  if (crypt) {
    if (crypt.cipher?.startsWith('cipher_null')) return { kind: 'passthrough', what: 'crypt with cipher_null' };
    return { kind: 'crypt', method: 'dm-crypt' };
  }
  const known = new Set([
    'linear',
    'striped',
    'mirror',
    'raid',
    'thin',
    'thin-pool',
    'cache',
    'writecache',
    'multipath',
    'integrity',
    'verity',
    'snapshot',
    'snapshot-origin',
    'vdo',
  ]);
  return targets.length > 0 && targets.every((target) => known.has(target.type))
    ? { kind: 'passthrough', what: targets.map((target) => target.type).join('+') }
    : { kind: 'opaque' };
}
