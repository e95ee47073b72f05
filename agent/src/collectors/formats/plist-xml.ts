/**
 * A small reader for XML property lists (`diskutil … -plist`, InstallHistory.plist). Only the
 * element types plists use; anything else makes the whole document unreadable (null), so a
 * format change is noticed instead of half-parsed. No DTD, entities beyond the five XML ones, or
 * external references are resolved.
 */
export type PlistValue = string | number | boolean | Date | PlistValue[] | { [key: string]: PlistValue };

// Each alternative stops at the next "<": with `[^>]*` a run of unterminated `<!DOCTYPE`s made
// every one scan to the end of the input (quadratic; 15 s for 450 KB, found by fuzzing).
const TOKEN = /<(\/?)([a-zA-Z]+)\s*(\/?)>|<\?xml[^<>]*\?>|<!DOCTYPE[^<>]*>|<plist[^<>]*>|<\/plist>|<!--[\s\S]*?-->/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// Real plists nest a handful of levels; the limit keeps hostile input from exhausting the stack.
const MAX_DEPTH = 64;

/** Entity-decoded text; null when a character reference names no Unicode character (`&#99999999;`). */
function decode(text: string): string | null {
  let valid = true;
  const decoded = text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, name: string) => {
    const hex = name.startsWith('#x') || name.startsWith('#X');
    if (!name.startsWith('#')) return ENTITIES[name.toLowerCase()] ?? '';
    const code = Number.parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10);
    if (code > 0x10ffff) valid = false;
    return valid ? String.fromCodePoint(code) : '';
  });
  return valid ? decoded : null;
}

interface Tag {
  name: string;
  closing: boolean;
  empty: boolean;
  /** Text between the previous tag and this one. */
  text: string;
}

function tokenize(xml: string): Tag[] | null {
  // An unterminated comment would make every later `<!--` scan to the end of the input: unreadable.
  const lastComment = xml.lastIndexOf('<!--');
  if (lastComment >= 0 && !xml.includes('-->', lastComment + 4)) return null;
  const tags: Tag[] = [];
  let last = 0;
  for (const match of xml.matchAll(TOKEN)) {
    const text = xml.slice(last, match.index);
    last = match.index + match[0].length;
    if (!match[2] || match[2] === 'plist') continue; // prolog, doctype, plist element, comment
    tags.push({ name: match[2], closing: match[1] === '/', empty: match[3] === '/', text });
  }
  return tags;
}

export function parsePlistXml(xml: string): PlistValue | null {
  const tags = tokenize(xml);
  if (!tags || tags.length === 0) return null;
  let index = 0;
  const fail = Symbol('fail');
  const value = (depth: number): PlistValue | typeof fail => {
    const open = tags[index++];
    if (!open || open.closing || depth > MAX_DEPTH) return fail;
    if (open.empty) {
      if (open.name === 'true') return true;
      if (open.name === 'false') return false;
      if (open.name === 'dict') return {};
      if (open.name === 'array') return [];
      if (open.name === 'string' || open.name === 'data') return '';
      return fail;
    }
    if (open.name === 'dict' || open.name === 'array') {
      const items: PlistValue[] = [];
      const dict: Record<string, PlistValue> = {};
      for (;;) {
        const next = tags[index];
        if (!next) return fail;
        if (next.closing && next.name === open.name) {
          index++;
          return open.name === 'dict' ? dict : items;
        }
        if (open.name === 'dict') {
          if (next.name !== 'key' || next.closing) return fail;
          const close = tags[index + 1];
          if (!close?.closing || close.name !== 'key') return fail;
          index += 2;
          const key = decode(close.text);
          const item = value(depth + 1);
          if (item === fail || key === null) return fail;
          // An own property even for `__proto__`, which plain assignment turns into the prototype.
          Object.defineProperty(dict, key, { value: item, enumerable: true, writable: true, configurable: true });
        } else {
          const item = value(depth + 1);
          if (item === fail) return fail;
          items.push(item);
        }
      }
    }
    const close = tags[index++];
    if (!close?.closing || close.name !== open.name) return fail;
    const text = decode(close.text);
    if (text === null) return fail;
    switch (open.name) {
      case 'string':
      case 'data':
        return open.name === 'data' ? text.replace(/\s+/g, '') : text;
      case 'integer':
      case 'real': {
        const number = Number(text.trim());
        return Number.isFinite(number) ? number : fail;
      }
      case 'date': {
        const date = new Date(text.trim());
        return Number.isNaN(date.getTime()) ? fail : date;
      }
      default:
        return fail;
    }
  };
  const result = value(1);
  return result === fail ? null : result;
}

/** Narrowing helpers for reading parsed plists without casts at every step. */
export const asDict = (value: PlistValue | undefined): Record<string, PlistValue> | undefined =>
  value !== undefined && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)
    ? value
    : undefined;
export const asArray = (value: PlistValue | undefined): PlistValue[] => (Array.isArray(value) ? value : []);
export const asString = (value: PlistValue | undefined): string | undefined =>
  typeof value === 'string' ? value : undefined;
export const asBoolean = (value: PlistValue | undefined): boolean | undefined =>
  typeof value === 'boolean' ? value : undefined;
