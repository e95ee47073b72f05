/**
 * Cleans a personal (BYOD) posture report of what identifies the machine or a person, and finds
 * what is left. Collectors report facts, but their free text (details, reasons, evidence paths)
 * can carry a home directory, a host name, a disk UUID or a MAC address; every string of the
 * report goes through the same rules, on every platform, so no collector has to remember.
 * Placeholders are short and fixed (`[host]`, `[user]`, `[mac]`, `[uuid]`, `~`): a reader sees
 * that something was removed, and nothing about what it was.
 */
import { KEEP_GUIDS } from '../collectors/fixture-recording/redact.js';
import type { DeviceIdentifiers } from './identifiers.js';

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const MAC = /\b(?:[0-9a-f]{2}[:-]){5}[0-9a-f]{2}\b/gi;
// Device-mapper uuids carry the volume UUID without dashes (LUKS) or a 64-character LVM id.
const DM_CRYPT_ID = /\b(CRYPT-(?:LUKS[12]|PLAIN|VERITY|INTEGRITY)-)[0-9a-f]{32}/gi;
const LVM_ID = /\bLVM-[A-Za-z0-9]{64}\b/g;
// Other people's home directories: only the account name is removed, the rest of the path stays.
const POSIX_HOME = /(\/home\/|\/Users\/(?!Shared\b))([^/\s'"<>:;,)]+)/g;
const WINDOWS_HOME = /([A-Za-z]:\\{1,2}Users\\{1,2})(?!Public\b|Default\b)([^\\\s'"<>;,)]+)/gi;

const PLACEHOLDER = /\[(?:host|user|mac|uuid)\]/g;

/** Applies `rewrite` to the text between placeholders, so an account named "user" stays "[user]". */
function outsidePlaceholders(text: string, rewrite: (part: string) => string): string {
  const tokens = text.match(PLACEHOLDER) ?? [];
  return text
    .split(PLACEHOLDER)
    .map((part, i) => rewrite(part) + (tokens[i] ?? ''))
    .join('');
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `\b` is ASCII-only and names may start or end with a dot or dash: bound by "not a name char". */
function wordPattern(words: readonly string[]): RegExp | null {
  if (words.length === 0) return null;
  const sorted = [...words].sort((a, b) => b.length - a.length).map(escape);
  return new RegExp(`(?<![A-Za-z0-9_])(?:${sorted.join('|')})(?![A-Za-z0-9_])`, 'gi');
}

/** A home directory as a path prefix: `/home/ada` in `/home/ada/x`, never in `/home/adam`. */
function homePattern(homes: readonly string[]): RegExp | null {
  if (homes.length === 0) return null;
  const sorted = [...homes].sort((a, b) => b.length - a.length).map(escape);
  return new RegExp(`(?:${sorted.join('|')})(?![A-Za-z0-9_.-])`, 'g');
}

/** The compact forms of this machine's MACs that the generic pattern does not catch. */
function macVariants(macs: readonly string[]): string[] {
  return macs.flatMap((mac) => {
    const hex = mac.replaceAll(':', '');
    return [hex, `${hex.slice(0, 4)}.${hex.slice(4, 8)}.${hex.slice(8)}`];
  });
}

export interface Scrubber {
  text(value: string): string;
}

export function createScrubber(ids: DeviceIdentifiers): Scrubber {
  const homes = homePattern(ids.homeDirs);
  // Host and account names in one pattern, longest first: "ada-laptop" is a host, not "[user]-laptop".
  const placeholderOf = new Map<string, string>([
    ...ids.userNames.map((name) => [name.toLowerCase(), '[user]'] as const),
    ...ids.hostnames.map((name) => [name.toLowerCase(), '[host]'] as const),
  ]);
  const names = wordPattern([...placeholderOf.keys()]);
  const ownMacs = wordPattern(macVariants(ids.macs));
  return {
    text(value) {
      let out = value;
      if (homes) out = out.replace(homes, '~');
      out = out.replace(POSIX_HOME, '$1[user]').replace(WINDOWS_HOME, '$1[user]');
      out = out.replace(MAC, '[mac]');
      if (ownMacs) out = out.replace(ownMacs, '[mac]');
      out = out.replace(UUID, (uuid) => (KEEP_GUIDS.has(uuid.toLowerCase()) ? uuid : '[uuid]'));
      out = out.replace(DM_CRYPT_ID, '$1[uuid]').replace(LVM_ID, 'LVM-[uuid]');
      if (names)
        out = outsidePlaceholders(out, (part) =>
          part.replace(names, (name) => placeholderOf.get(name.toLowerCase()) ?? '[user]'),
        );
      return out;
    },
  };
}

/** Every string in a JSON-like value, rewritten; keys and other values are kept. */
export function scrubStrings<T>(value: T, scrub: (text: string) => string): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => scrubStrings(item, scrub)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, child]) => [key, scrubStrings(child, scrub)]),
    ) as T;
  }
  return value;
}

export type IdentifierKind = 'host name' | 'user name' | 'home directory' | 'MAC address' | 'UUID';

/**
 * Which kinds of identifier a value still holds (never the identifiers themselves, which must
 * not reach a log). Used as the last check before a personal report is signed.
 */
export function findIdentifiers(value: unknown, ids: DeviceIdentifiers): IdentifierKind[] {
  const found = new Set<IdentifierKind>();
  const users = wordPattern(ids.userNames);
  const hosts = wordPattern(ids.hostnames);
  const ownMacs = wordPattern(macVariants(ids.macs));
  const homes = homePattern(ids.homeDirs);
  const visit = (node: unknown): void => {
    if (typeof node === 'string') {
      const text = node.replace(PLACEHOLDER, ' ');
      if (hosts && new RegExp(hosts).test(text)) found.add('host name');
      if (users && new RegExp(users).test(text)) found.add('user name');
      if (homes && new RegExp(homes).test(text)) found.add('home directory');
      if (new RegExp(MAC).test(text) || (ownMacs && new RegExp(ownMacs).test(text))) found.add('MAC address');
      const uuids = text.match(UUID) ?? [];
      if (uuids.some((uuid) => !KEEP_GUIDS.has(uuid.toLowerCase()))) found.add('UUID');
    } else if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') Object.values(node).forEach(visit);
  };
  visit(value);
  return [...found];
}
