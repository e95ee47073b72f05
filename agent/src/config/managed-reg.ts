/**
 * Parses the text of `reg.exe query <key> /s`: a key path line, then one line per value,
 * `    <name>    <REG_TYPE>    <data>` (four-space separators), keys separated by blank lines.
 * REG_DWORD/REG_QWORD print as hex (`0x3c`), REG_MULTI_SZ joins items with a literal `\0`.
 * Key paths and type names are not localized; the "(Default)" value name is, and is skipped.
 */
export type RegType =
  'REG_SZ' | 'REG_EXPAND_SZ' | 'REG_MULTI_SZ' | 'REG_DWORD' | 'REG_QWORD' | 'REG_BINARY' | 'REG_NONE';

export interface RegValue {
  name: string;
  type: RegType;
  /** Strings for *_SZ, a list for REG_MULTI_SZ, a number for DWORD/QWORD, hex text otherwise. */
  data: string | number | string[];
}

export interface RegKey {
  /** Path below the queried key, `\`-separated; '' for the key itself. */
  subkey: string;
  values: RegValue[];
}

export class RegParseError extends Error {
  constructor(message: string, line: number) {
    super(`${message} (line ${line})`);
    this.name = 'RegParseError';
  }
}

const HIVES: Readonly<Record<string, string>> = { HKLM: 'HKEY_LOCAL_MACHINE', HKCU: 'HKEY_CURRENT_USER' };
const VALUE_LINE = /^ {4}(.*?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/;
const TYPES = new Set<string>([
  'REG_SZ',
  'REG_EXPAND_SZ',
  'REG_MULTI_SZ',
  'REG_DWORD',
  'REG_QWORD',
  'REG_BINARY',
  'REG_NONE',
]);

function longHive(path: string): string {
  const [hive = '', ...rest] = path.split('\\');
  return [HIVES[hive.toUpperCase()] ?? hive, ...rest].join('\\').toUpperCase();
}

export function parseRegQuery(stdout: string, queriedKey: string): RegKey[] {
  const root = longHive(queriedKey);
  const keys: RegKey[] = [];
  let current: RegKey | undefined;
  stdout.split(/\r?\n/).forEach((line, index) => {
    const lineNumber = index + 1;
    if (line.trim() === '') return;
    if (!line.startsWith(' ')) {
      const path = longHive(line.trim());
      if (path !== root && !path.startsWith(`${root}\\`))
        throw new RegParseError(`key outside ${queriedKey}: ${line.trim()}`, lineNumber);
      current = { subkey: line.trim().slice(root.length + 1), values: [] };
      keys.push(current);
      return;
    }
    const match = VALUE_LINE.exec(line);
    if (!match || !current) throw new RegParseError('unrecognized line', lineNumber);
    const [, name = '', type = '', raw = ''] = match;
    if (!TYPES.has(type)) throw new RegParseError(`unsupported value type ${type}`, lineNumber);
    // The unnamed default value prints as a localized "(Default)"/"(Standard)"; no setting uses it.
    if (/^\(.*\)$/.test(name)) return;
    current.values.push({ name, type: type as RegType, data: convert(type as RegType, raw, lineNumber) });
  });
  return keys;
}

function convert(type: RegType, raw: string, line: number): RegValue['data'] {
  switch (type) {
    case 'REG_DWORD':
    case 'REG_QWORD': {
      if (!/^0x[0-9a-fA-F]+$/.test(raw)) throw new RegParseError(`bad ${type} data "${raw}"`, line);
      const value = BigInt(raw);
      if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RegParseError(`${type} ${raw} is too large`, line);
      return Number(value);
    }
    case 'REG_MULTI_SZ':
      return raw === '' ? [] : raw.split('\\0');
    default:
      return raw;
  }
}
