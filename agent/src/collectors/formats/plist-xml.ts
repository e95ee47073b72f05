/**
 * A small reader for XML property lists (`diskutil … -plist`, InstallHistory.plist). Only the
 * element types plists use; anything else makes the whole document unreadable (null), so a
 * format change is noticed instead of half-parsed. No DTD, entities beyond the five XML ones, or
 * external references are resolved.
 */
export type PlistValue = string | number | boolean | Date | PlistValue[] | { [key: string]: PlistValue };

const TOKEN = /<(\/?)([a-zA-Z]+)\s*(\/?)>|<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<plist[^>]*>|<\/plist>|<!--[\s\S]*?-->/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const decode = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? '';
  });

interface Tag {
  name: string;
  closing: boolean;
  empty: boolean;
  /** Text between the previous tag and this one. */
  text: string;
}

function tokenize(xml: string): Tag[] {
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
  if (tags.length === 0) return null;
  let index = 0;
  const fail = Symbol('fail');
  const value = (): PlistValue | typeof fail => {
    const open = tags[index++];
    if (!open || open.closing) return fail;
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
          const item = value();
          if (item === fail) return fail;
          dict[decode(close.text)] = item;
        } else {
          const item = value();
          if (item === fail) return fail;
          items.push(item);
        }
      }
    }
    const close = tags[index++];
    if (!close?.closing || close.name !== open.name) return fail;
    const text = decode(close.text);
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
  const result = value();
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
