/**
 * Redaction for contributed fixtures: what identifies a person or a machine is replaced by stable
 * placeholders (the same value always gets the same placeholder, so relations between outputs
 * survive: a disk UUID in lsblk and in dmsetup stays one UUID). Well-known identifiers that carry
 * meaning (UEFI variable GUIDs, Windows Update classification ids) are kept.
 */
export interface RedactionContext {
  /** This machine's names (short and fully qualified). */
  hostnames: readonly string[];
  /** Account names to remove wherever they appear as a word. */
  userNames: readonly string[];
}

/** GUIDs that name a standard thing (a UEFI namespace, an update category), never a device. */
export const KEEP_GUIDS: ReadonlySet<string> = new Set([
  '8be4df61-93ca-11d2-aa0d-00e098032b8c', // EFI global variables
  '605dab50-e046-4300-abb6-3dd810dd8b23', // shim
  '0fa1201d-4330-4fa8-8ae9-b877473b6441', // WU: Security Updates
  'e6cf1350-c01b-414d-a61f-263d14d133b4', // WU: Critical Updates
  'e0789628-ce08-4437-be74-2495b842f43b', // WU: Definition Updates
  'cd5ffd1e-e932-4e3a-bf74-18bf0b1bbd83', // WU: Updates
  '28bc880e-0592-4cbf-8f95-c79b17911d5f', // WU: Update Rollups
]);
// Words that are account names on many machines but also ordinary words in outputs.
const COMMON_WORDS = new Set(['root', 'admin', 'administrator', 'user', 'guest', 'test', 'daemon', 'nobody', 'system']);
const UUID = /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g;
const MAC = /\b(?:[0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}\b/g;
const SERIAL_KEY = /serial|udid|hostname|computername|localhostname|username|mac_?address/i;

/** Names shorter than this are not replaced as words (see unredactableNames). */
export const MIN_NAME = 4;

/** Names the redactor will not replace, so the CLI can ask the user to check for them. */
export const unredactableNames = (context: RedactionContext) =>
  [...context.hostnames, ...context.userNames].filter(
    (n) => n.length > 0 && n.length < MIN_NAME && !COMMON_WORDS.has(n.toLowerCase()),
  );

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface Redactor {
  redact(text: string): string;
  counts(): Record<string, number>;
}

export function createRedactor(context: RedactionContext): Redactor {
  const counts: Record<string, number> = {};
  const seen = new Map<string, string>();
  const count = (kind: string) => {
    counts[kind] = (counts[kind] ?? 0) + 1;
  };
  const stable = (kind: string, value: string, make: (n: number) => string) => {
    const key = `${kind}:${value.toLowerCase()}`;
    let placeholder = seen.get(key);
    if (!placeholder) {
      placeholder = make([...seen.keys()].filter((k) => k.startsWith(`${kind}:`)).length + 1);
      seen.set(key, placeholder);
    }
    count(kind);
    return placeholder;
  };
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  // Very short names ("vm", "pc") are also ordinary words in outputs (APFS has a "VM" role).
  const hosts = context.hostnames.filter((h) => h.length >= MIN_NAME).sort((a, b) => b.length - a.length);
  const users = context.userNames.filter((u) => u.length >= MIN_NAME && !COMMON_WORDS.has(u.toLowerCase()));

  const rules: Array<(text: string) => string> = [
    // key = value pairs whose value identifies the machine or a person, in JSON, XML plists and text.
    (t) =>
      t.replace(/("([^"]*)"\s*:\s*)"([^"]*)"/g, (m, head: string, key: string, value: string) =>
        SERIAL_KEY.test(key) && value ? `${head}"${stable('serial', value, (n) => `REDACTED-${n}`)}"` : m,
      ),
    (t) =>
      t.replace(
        /(<key>([^<]*)<\/key>\s*<string>)([^<]*)(<\/string>)/g,
        (m, head: string, key: string, value: string, tail: string) =>
          SERIAL_KEY.test(key) && value ? `${head}${stable('serial', value, (n) => `REDACTED-${n}`)}${tail}` : m,
      ),
    (t) =>
      t.replace(
        /^(\s*(?:[\w ]*Serial Number[^:\n]*|Hardware UUID|Provisioning UDID|Computer Name|Local Host Name|User Name)\s*[:=]\s*)(\S.*)$/gim,
        (_m, head: string, value: string) => `${head}${stable('serial', value.trim(), (n) => `REDACTED-${n}`)}`,
      ),
    // People.
    (t) =>
      t.replace(
        /(active for user ')([^']*)(')/g,
        (_m, a: string, _u: string, b: string) => (count('user'), `${a}user${b}`),
      ),
    (t) => t.replace(/^(Requested-By: )\S+/gm, (_m, head: string) => (count('user'), `${head}user`)),
    (t) =>
      t.replace(
        /(\/home\/|\/Users\/(?!Shared\b))([^/\s'"<>:]+)/g,
        (_m, head: string) => (count('user'), `${head}user`),
      ),
    (t) =>
      t.replace(/([A-Za-z]:\\{1,2}Users\\{1,2})([^\\\s'"<>]+)/g, (_m, head: string, name: string) =>
        name === 'Public' ? _m : (count('user'), `${head}user`),
      ),
    ...users.map(
      (user) => (t: string) => t.replace(new RegExp(`\\b${escape(user)}\\b`, 'gi'), () => (count('user'), 'user')),
    ),
    // Machines.
    ...hosts.map(
      (host) => (t: string) =>
        t.replace(new RegExp(`\\b${escape(host)}\\b`, 'gi'), () => (count('hostname'), 'vigil-host')),
    ),
    (t) =>
      t.replace(MAC, (mac) =>
        stable('mac', mac, (n) => `02:00:00:00:${hex(Math.floor(n / 256), 2)}:${hex(n % 256, 2)}`),
      ),
    (t) =>
      t.replace(UUID, (uuid) => {
        if (KEEP_GUIDS.has(uuid.toLowerCase())) return uuid;
        const placeholder = stable('uuid', uuid, (n) => `00000000-0000-4000-8000-${hex(n, 12)}`);
        return uuid === uuid.toUpperCase() ? placeholder.toUpperCase() : placeholder;
      }),
    // LUKS and LVM device-mapper UUIDs carry the volume UUID without dashes.
    (t) =>
      t.replace(
        /\b(CRYPT-(?:LUKS[12]|PLAIN|VERITY|INTEGRITY)-)([0-9a-f]{32})/gi,
        (_m, head: string, id: string) => `${head}${stable('uuid', id, (n) => hex(n, 32))}`,
      ),
    (t) =>
      t.replace(
        /\bLVM-([A-Za-z0-9]{64})\b/g,
        (_m, id: string) => `LVM-${stable('uuid', id, (n) => `${'0'.repeat(60)}${hex(n, 4)}`)}`,
      ),
  ];

  return {
    redact: (text) => rules.reduce((out, rule) => rule(out), text),
    counts: () => ({ ...counts }),
  };
}
