/**
 * `blkid -p DEV` probes the device itself (no cache, no udev):
 *   /dev/nvme0n1p3: VERSION="2" UUID="…" TYPE="crypto_LUKS" USAGE="crypto" PART_ENTRY_SCHEME="gpt" …
 * Exit 2 means nothing was found; the probe needs read access to the device (root).
 */
export function parseBlkid(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  const body = line.replace(/^[^:]*:\s*/, '');
  for (const match of body.matchAll(/([A-Z_]+)="((?:[^"\\]|\\.)*)"/g)) {
    if (match[1]) fields[match[1]] = (match[2] ?? '').replace(/\\(.)/g, '$1');
  }
  return fields;
}

/** `luks1` / `luks2` / `luks` when the probe found a LUKS header; null otherwise. */
export function luksMethodFromBlkid(fields: Readonly<Record<string, string>>): string | null {
  if (fields.TYPE !== 'crypto_LUKS') return null;
  return fields.VERSION === '1' || fields.VERSION === '2' ? `luks${fields.VERSION}` : 'luks';
}
