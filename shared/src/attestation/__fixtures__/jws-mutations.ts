/**
 * Test fixtures: fast-check arbitraries that damage a compact JWS the ways an attacker or a broken
 * proxy would (docs/fuzzing.md). `tamper` edits the token text and keeps the old signature;
 * `jsonEdit` produces header or payload JSON text for re-signing with a real key (see rawJws), so
 * the checks behind the signature are reached too.
 */
import fc from 'fast-check';
import { b64u } from './jws.js';

export const TAMPER_KINDS = [
  'header-field',
  'claim',
  'signature-byte',
  'alphabet',
  'padding',
  'duplicate-key',
  'extra-dot',
  'truncate',
  'whitespace',
  'swap-segments',
  'empty-segment',
] as const;
export type TamperKind = (typeof TAMPER_KINDS)[number];

export interface Tamper {
  kind: TamperKind;
  segment: 0 | 1 | 2;
  at: number;
  /** Index into the name and value pools. */
  pick: number;
}

/** Header parameters and claims worth changing, known or not. */
export const HEADER_NAMES = ['alg', 'typ', 'kid', 'crit', 'b64', 'zip', 'jku', 'jwk', 'x5c', 'x5u', 'cty', 'enc', 'zz'];
export const CLAIM_NAMES = ['iat', 'exp', 'nbf', 'seq', 'jti', 'iss', 'sub', 'aud', 'cnf', 'ueid', 'prev', 'eat_nonce'];

/** Raw JSON texts for a value: wrong types, huge and non-integer numbers, deep nesting. */
export const RAW_VALUES = [
  'null',
  'true',
  '0',
  '-1',
  '1.5',
  '1.0',
  '1e0',
  '1e999',
  '-0',
  '9007199254740993',
  '123456789012345678901234567890',
  '""',
  '"none"',
  '"HS256"',
  '"ES256"',
  '"RS256"',
  '"PS256"',
  '"JWT"',
  '"\\u0000"',
  '[]',
  '{}',
  '["a","b"]',
  `${'['.repeat(40)}${']'.repeat(40)}`,
  `${'{"a":'.repeat(20)}1${'}'.repeat(20)}`,
];

export const tamper = (): fc.Arbitrary<Tamper> =>
  fc.record({
    kind: fc.constantFrom(...TAMPER_KINDS),
    segment: fc.constantFrom(0 as const, 1 as const, 2 as const),
    at: fc.nat(),
    pick: fc.nat(),
  });

const ALPHABET_BREAKERS = ['+', '/', '=', ' ', '.', '\n', 'é', '\u0000', '-', '_', 'A', 'z', '0'];

/** The JSON object text of a segment with member `name` set to the raw JSON `raw`. */
export function withMember(json: string, name: string, raw: string): string {
  const object = JSON.parse(json) as Record<string, unknown>;
  const marker = '\u0000vigil-fuzz\u0000';
  object[name] = marker;
  return JSON.stringify(object).replace(JSON.stringify(marker), raw);
}

/** The JSON object text with its first member repeated at the end (same name, same value). */
export function withDuplicateMember(json: string): string {
  const object = JSON.parse(json) as Record<string, unknown>;
  const [name, value] = Object.entries(object)[0] ?? ['x', 1];
  return `${json.slice(0, -1)},${JSON.stringify(name)}:${JSON.stringify(value)}}`;
}

const segmentJson = (segment: string) => Buffer.from(segment, 'base64url').toString('utf8');

/** Edits the token text; the signature stays the one of the original token. */
export function applyTamper(token: string, t: Tamper): string {
  const parts = token.split('.');
  const index = t.kind === 'header-field' ? 0 : t.kind === 'claim' ? 1 : t.segment;
  const segment = parts[index] ?? '';
  const at = segment.length === 0 ? 0 : t.at % segment.length;
  const replace = (text: string) => {
    const copy = [...parts];
    copy[index] = text;
    return copy.join('.');
  };
  switch (t.kind) {
    case 'header-field':
      return replace(b64u(withMember(segmentJson(segment), pick(HEADER_NAMES, t.pick), pick(RAW_VALUES, t.at))));
    case 'claim':
      return replace(b64u(withMember(segmentJson(segment), pick(CLAIM_NAMES, t.pick), pick(RAW_VALUES, t.at))));
    case 'signature-byte': {
      const bytes = Buffer.from(parts[2] ?? '', 'base64url');
      const i = t.at % Math.max(bytes.length, 1);
      if (bytes.length > 0) bytes[i] = (bytes[i] ?? 0) ^ (1 + (t.pick % 255));
      return [parts[0], parts[1], bytes.toString('base64url')].join('.');
    }
    case 'alphabet':
      return replace(segment.slice(0, at) + pick(ALPHABET_BREAKERS, t.pick) + segment.slice(at + 1));
    case 'padding':
      return replace(segment + '='.repeat(1 + (t.pick % 2)));
    case 'duplicate-key':
      return index === 2 ? token : replace(b64u(withDuplicateMember(segmentJson(segment))));
    case 'extra-dot':
      return replace(`${segment.slice(0, at)}.${segment.slice(at)}`);
    case 'truncate':
      return token.slice(0, t.at % (token.length + 1));
    case 'whitespace':
      return replace(`${segment.slice(0, at)}${pick([' ', '\t', '\r\n'], t.pick)}${segment.slice(at)}`);
    case 'swap-segments': {
      const other = (index + 1 + (t.pick % 2)) % 3;
      const copy = [...parts];
      [copy[index], copy[other]] = [copy[other] ?? '', copy[index] ?? ''];
      return copy.join('.');
    }
    case 'empty-segment':
      return replace('');
  }
}

function pick<T>(pool: readonly T[], n: number): T {
  return pool[n % pool.length]!;
}
