// Property-based tests of the policy loader: whatever the bytes, it either returns a valid
// frozen policy or throws a PolicyError listing problems; it never throws anything else or hangs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PolicyError } from '../errors.js';
import { DEFAULT_POLICY_YAML } from './default-policy.js';
import { parsePolicy } from './load.js';
import { PolicySchema } from './schema.js';
import { compareVersions, parseVersion } from './version.js';

function outcome(text: string): 'ok' | 'rejected' {
  try {
    const policy = parsePolicy(text);
    expect(PolicySchema.safeParse(policy).success).toBe(true);
    return 'ok';
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).problems.length).toBeGreaterThan(0);
    return 'rejected';
  }
}

describe('parsePolicy under fuzzing', () => {
  it('handles arbitrary text', () => {
    // Regression seeds found by this property: an unresolved alias crashed the loader.
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (text) => void outcome(text)),
      {
        numRuns: 500,
        examples: [['*!'], ['a: *b'], ['id: &x [*x]']],
      },
    );
  });

  it('handles arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => void outcome(JSON.stringify(value))),
      { numRuns: 500 },
    );
  });

  it('handles mutations of the default policy (line drops, swaps, garbage)', () => {
    const lines = DEFAULT_POLICY_YAML.split('\n');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(lines.length - 1), fc.string({ maxLength: 20 })), { maxLength: 5 }),
        (edits) => {
          const copy = [...lines];
          for (const [index, text] of edits) copy[index] = text;
          outcome(copy.join('\n'));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses billion-laughs alias bombs quickly', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 9; i++)
      bomb.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      );
    const started = Date.now();
    expect(outcome(`${bomb.join('\n')}\nid: x\nchecks: {}\n`)).toBe('rejected');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('version comparison under fuzzing', () => {
  it('is a total order on parseable versions: antisymmetric and reflexive', () => {
    const version = fc
      .tuple(fc.array(fc.nat(99999), { minLength: 1, maxLength: 5 }), fc.option(fc.constantFrom('a', 'b', 'c')))
      .map(([parts, rsr]) => `${parts.join('.')}${rsr ? ` (${rsr})` : ''}`);
    fc.assert(
      fc.property(version, version, (a, b) => {
        const ab = compareVersions(a, b)!;
        const ba = compareVersions(b, a)!;
        expect(Math.sign(ab)).toBe(-Math.sign(ba));
        expect(compareVersions(a, a)).toBe(0);
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string(), (text) => void parseVersion(text)));
  });
});
