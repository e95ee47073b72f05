import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStrictJson, scanStrictJson, StrictJsonError, type StrictJsonReason } from './strict-json.js';

function reasonOf(text: string, options?: Parameters<typeof scanStrictJson>[1]): StrictJsonReason | 'ok' {
  try {
    scanStrictJson(text, options);
    return 'ok';
  } catch (error) {
    if (error instanceof StrictJsonError) return error.reason;
    throw error;
  }
}

describe('scanStrictJson', () => {
  it.each([
    '{}',
    '[]',
    '""',
    '0',
    '-0.5e+10',
    'true',
    'false',
    'null',
    ' {"a": [1, {"b": null}], "c": "\\u00e9\\n"} ',
    '{"a":{"a":1},"b":{"a":2}}',
    '[{"a":1},{"a":2}]',
    '{"":1," ":2}',
  ])('accepts %s', (text) => {
    expect(reasonOf(text)).toBe('ok');
  });

  it.each([
    ['{"a":1,"a":2}'],
    ['{"a":1,"\\u0061":2}'],
    ['{"x":{"k":true,"k":false}}'],
    ['[{"ok":1},{"d":1,"d":1}]'],
    ['{"a\\nb":1,"a\\u000ab":2}'],
  ])('rejects duplicate members in %s', (text) => {
    expect(reasonOf(text)).toBe('duplicate-key');
  });

  it.each([
    '',
    ' ',
    '{',
    '}',
    '{"a":1,}',
    '[1,]',
    "{'a':1}",
    'NaN',
    '01',
    '1.',
    '.5',
    '+1',
    '"\u0001"',
    '"\\x41"',
    '"\\u12"',
    '1 2',
    '{"a" 1}',
    '{"a":1 "b":2}',
    '[1 2]',
    'tru',
    'nulls',
    '"unterminated',
    '{1:2}',
    '[}',
    '{]',
  ])('rejects invalid JSON %j', (text) => {
    expect(reasonOf(text)).toBe('syntax');
  });

  it('bounds depth without recursion, even for enormous nesting', () => {
    expect(reasonOf('[[[]]]', { maxDepth: 3 })).toBe('ok');
    expect(reasonOf('[[[[]]]]', { maxDepth: 3 })).toBe('too-deep');
    expect(reasonOf('['.repeat(200_000) + ']'.repeat(200_000))).toBe('too-deep');
    expect(reasonOf('{"a":'.repeat(100) + '1' + '}'.repeat(100))).toBe('too-deep');
  });

  it('demands integer literals for chosen top-level members only', () => {
    const options = { integerMembers: ['iat'] };
    expect(reasonOf('{"iat":1700000000}', options)).toBe('ok');
    expect(reasonOf('{"iat":1.0}', options)).toBe('non-integer');
    expect(reasonOf('{"iat":17e8}', options)).toBe('non-integer');
    expect(reasonOf('{"iat":"1.5"}', options)).toBe('ok');
    expect(reasonOf('{"x":{"iat":1.5}}', options)).toBe('ok');
    expect(reasonOf('{"exp":1.5}', options)).toBe('ok');
  });

  it('rejects __proto__ members unless allowed', () => {
    expect(reasonOf('{"__proto__":{}}')).toBe('forbidden-key');
    expect(reasonOf('{"__proto__":{}}', { forbidProtoKey: false })).toBe('ok');
  });

  it('parseStrictJson returns the parsed value', () => {
    expect(parseStrictJson('{"a":[1,2]}')).toEqual({ a: [1, 2] });
  });

  it('property: accepts everything JSON.stringify produces', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => {
        scanStrictJson(JSON.stringify(value), { maxDepth: 64, forbidProtoKey: false });
      }),
    );
  });

  it('property: whatever it accepts, JSON.parse accepts too; it only ever throws StrictJsonError', () => {
    const alphabet = fc.constantFrom(...'{}[]:,"\\ 0123456789.-+eEtrufalsn\n\tabu'.split(''));
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 40 }).map((chars) => chars.join('')),
        (text) => {
          if (reasonOf(text, { forbidProtoKey: false }) === 'ok') expect(() => JSON.parse(text)).not.toThrow();
        },
      ),
      { numRuns: 5000 },
    );
  });
});
