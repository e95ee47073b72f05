/**
 * A strict JSON scanner run before `JSON.parse` on anything signed or network-facing.
 * `JSON.parse` silently keeps the last of two members with the same name, so a token that
 * says `{"seq":1,"seq":9}` means different things to different parsers (the classic JWS
 * "duplicate member" ambiguity, RFC 7515 §4 and RFC 8259 §4). jose does not check this, so we
 * do: the scanner validates the full grammar, rejects duplicate names (compared after escape
 * decoding, so `"a"` and `"\u0061"` collide), bounds nesting depth without recursion, and can
 * demand that chosen top-level members be integer literals (`1.0` and `1e0` are floats on the
 * wire even though `JSON.parse` turns them into 1).
 */

export const STRICT_JSON_REASONS = ['syntax', 'duplicate-key', 'too-deep', 'non-integer', 'forbidden-key'] as const;
export type StrictJsonReason = (typeof STRICT_JSON_REASONS)[number];

export class StrictJsonError extends Error {
  readonly reason: StrictJsonReason;
  readonly position: number;

  constructor(reason: StrictJsonReason, message: string, position: number) {
    super(`${message} at offset ${position}`);
    this.name = 'StrictJsonError';
    this.reason = reason;
    this.position = position;
  }
}

export interface StrictJsonOptions {
  /** Containers deeper than this are rejected (default 32). */
  maxDepth?: number;
  /** Members of the top-level object whose value, when a number, must be an integer literal. */
  integerMembers?: readonly string[];
  /** Reject `__proto__` member names anywhere (default true). */
  forbidProtoKey?: boolean;
}

type State = 'value' | 'value-or-end' | 'key' | 'key-or-end' | 'colon' | 'comma-or-end' | 'done';

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** Throws `StrictJsonError` unless `text` is one valid JSON value meeting the options. */
export function scanStrictJson(text: string, options: StrictJsonOptions = {}): void {
  const maxDepth = options.maxDepth ?? 32;
  const integerMembers = new Set(options.integerMembers ?? []);
  const forbidProto = options.forbidProtoKey ?? true;
  // One entry per open container: the member names seen so far (object) or null (array).
  const stack: (Set<string> | null)[] = [];
  let state: State = 'value';
  let lastKey: string | undefined;
  let i = 0;
  const fail = (reason: StrictJsonReason, message: string): never => {
    throw new StrictJsonError(reason, message, i);
  };
  const afterValue = (): State => (stack.length === 0 ? 'done' : 'comma-or-end');
  const open = (container: Set<string> | null): void => {
    if (stack.length >= maxDepth) fail('too-deep', `nesting deeper than ${maxDepth}`);
    stack.push(container);
    i++;
  };

  for (;;) {
    i = skipWhitespace(text, i);
    if (i >= text.length) break;
    const c = text[i];
    // An empty container may close right away; otherwise it needs a value or a member.
    if (state === 'value-or-end' || state === 'key-or-end') {
      if (c === (state === 'value-or-end' ? ']' : '}')) {
        stack.pop();
        i++;
        state = afterValue();
        continue;
      }
      state = state === 'value-or-end' ? 'value' : 'key';
    }
    switch (state) {
      case 'value': {
        const memberName = stack.length === 1 && stack[0] instanceof Set ? lastKey : undefined;
        if (c === '{') {
          open(new Set());
          state = 'key-or-end';
        } else if (c === '[') {
          open(null);
          state = 'value-or-end';
        } else if (c === '"') {
          i = readString(text, i, fail).end;
          state = afterValue();
        } else if (c === 't' || c === 'f' || c === 'n') {
          const literal = c === 't' ? 'true' : c === 'f' ? 'false' : 'null';
          if (!text.startsWith(literal, i)) fail('syntax', 'invalid literal');
          i += literal.length;
          state = afterValue();
        } else {
          NUMBER.lastIndex = i;
          const match = NUMBER.exec(text);
          if (!match) fail('syntax', 'unexpected character');
          if (memberName !== undefined && integerMembers.has(memberName) && (match?.[1] || match?.[2])) {
            fail('non-integer', `member "${memberName}" must be an integer`);
          }
          i = NUMBER.lastIndex;
          state = afterValue();
        }
        lastKey = undefined;
        break;
      }
      case 'key': {
        if (c !== '"') fail('syntax', 'expected a member name');
        const { value, end } = readString(text, i, fail);
        const names = stack[stack.length - 1];
        if (forbidProto && value === '__proto__') fail('forbidden-key', 'member name "__proto__"');
        if (names?.has(value)) fail('duplicate-key', `duplicate member "${value}"`);
        names?.add(value);
        lastKey = value;
        i = end;
        state = 'colon';
        break;
      }
      case 'colon':
        if (c !== ':') fail('syntax', 'expected ":"');
        i++;
        state = 'value';
        break;
      case 'comma-or-end': {
        const top = stack[stack.length - 1];
        const close = top instanceof Set ? '}' : ']';
        if (c === ',') {
          i++;
          state = top instanceof Set ? 'key' : 'value';
        } else if (c === close) {
          stack.pop();
          i++;
          state = afterValue();
        } else {
          fail('syntax', `expected "," or "${close}"`);
        }
        break;
      }
      case 'done':
        fail('syntax', 'trailing data');
    }
  }
  if (state !== 'done') fail('syntax', 'unexpected end of input');
}

/** `scanStrictJson` then `JSON.parse`. */
export function parseStrictJson(text: string, options?: StrictJsonOptions): unknown {
  scanStrictJson(text, options);
  return JSON.parse(text) as unknown;
}

function skipWhitespace(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    i++;
  }
  return i;
}

/** Reads a string token starting at the opening quote; returns its decoded value and end. */
function readString(text: string, start: number, fail: (r: StrictJsonReason, m: string) => never) {
  let i = start + 1;
  let value = '';
  let chunkStart = i;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      value += text.slice(chunkStart, i);
      return { value, end: i + 1 };
    }
    if (code < 0x20) fail('syntax', 'control character in string');
    if (code === 0x5c) {
      value += text.slice(chunkStart, i);
      const escape = text[i + 1] ?? '';
      if (escape === 'u') {
        const hex = text.slice(i + 2, i + 6);
        if (!HEX4.test(hex)) fail('syntax', 'invalid \\u escape');
        value += String.fromCharCode(Number.parseInt(hex, 16));
        i += 6;
      } else {
        const decoded = SIMPLE_ESCAPES[escape];
        if (decoded === undefined) fail('syntax', 'invalid escape');
        value += decoded;
        i += 2;
      }
      chunkStart = i;
      continue;
    }
    i++;
  }
  return fail('syntax', 'unterminated string');
}
