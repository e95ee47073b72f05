/**
 * Reads what `defaults read DOMAIN` prints: the old NeXTSTEP property-list text format
 * (`{ Key = value; List = ( a, "b c" ); }`). Booleans and numbers come out as bare words (`1`,
 * `0`), so values stay strings and the caller interprets them. Returns null on anything it does
 * not understand, never a partial dictionary.
 */
export type TextPlistValue = string | TextPlistValue[] | { [key: string]: TextPlistValue };

const WORD = /[A-Za-z0-9_$+/:.-]/;
// `defaults` output nests a few levels; the limit keeps hostile input from exhausting the stack.
const MAX_DEPTH = 64;

export function parsePlistText(text: string): TextPlistValue | null {
  let pos = 0;
  const skip = () => {
    while (pos < text.length) {
      if (/\s/.test(text[pos] ?? '')) pos++;
      else if (text.startsWith('/*', pos))
        pos = text.indexOf('*/', pos + 2) < 0 ? text.length : text.indexOf('*/', pos + 2) + 2;
      else if (text.startsWith('//', pos)) pos = text.indexOf('\n', pos) < 0 ? text.length : text.indexOf('\n', pos);
      else break;
    }
  };
  const fail = Symbol('fail');
  const scalar = (): string | typeof fail => {
    if (text[pos] === '"') {
      let out = '';
      pos++;
      while (pos < text.length && text[pos] !== '"') {
        if (text[pos] === '\\') {
          const next = text[pos + 1] ?? '';
          const escapes: Record<string, string> = { n: '\n', t: '\t', '"': '"', '\\': '\\', r: '\r' };
          if (next === 'U' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) {
            out += String.fromCharCode(Number.parseInt(text.slice(pos + 2, pos + 6), 16));
            pos += 6;
            continue;
          }
          out += escapes[next] ?? next;
          pos += 2;
        } else out += text[pos++];
      }
      if (text[pos] !== '"') return fail;
      pos++;
      return out;
    }
    const start = pos;
    while (pos < text.length && WORD.test(text[pos] ?? '')) pos++;
    return pos > start ? text.slice(start, pos) : fail;
  };
  const value = (depth: number): TextPlistValue | typeof fail => {
    skip();
    if (depth > MAX_DEPTH) return fail;
    if (text[pos] === '{') {
      pos++;
      const dict: Record<string, TextPlistValue> = {};
      for (;;) {
        skip();
        if (text[pos] === '}') {
          pos++;
          return dict;
        }
        const key = scalar();
        skip();
        if (key === fail || text[pos] !== '=') return fail;
        pos++;
        const item = value(depth + 1);
        skip();
        if (item === fail || text[pos] !== ';') return fail;
        pos++;
        // An own property even for `__proto__`, which plain assignment turns into the prototype.
        Object.defineProperty(dict, key, { value: item, enumerable: true, writable: true, configurable: true });
      }
    }
    if (text[pos] === '(') {
      pos++;
      const list: TextPlistValue[] = [];
      for (;;) {
        skip();
        if (text[pos] === ')') {
          pos++;
          return list;
        }
        const item = value(depth + 1);
        if (item === fail) return fail;
        list.push(item);
        skip();
        if (text[pos] === ',') pos++;
        else if (text[pos] !== ')') return fail;
      }
    }
    return scalar();
  };
  const result = value(1);
  skip();
  return result === fail || pos < text.length ? null : result;
}

export const textDict = (value: TextPlistValue | null | undefined): Record<string, TextPlistValue> | undefined =>
  value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value) ? value : undefined;

/** `defaults` prints booleans as 1/0 (and YES/NO in some managed profiles). */
export function textBool(value: TextPlistValue | undefined): boolean | null {
  if (typeof value !== 'string') return null;
  if (/^(1|yes|true)$/i.test(value)) return true;
  if (/^(0|no|false)$/i.test(value)) return false;
  return null;
}
