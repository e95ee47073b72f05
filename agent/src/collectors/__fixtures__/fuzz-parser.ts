/**
 * The properties every collector parser must keep (docs/fuzzing.md), as one declaration per
 * parser: it never throws (a parser reports trouble as null or an unknown state), every reading
 * it returns is well-formed, lossy damage to an output that does not pass never makes it pass,
 * and 1 MB inputs take linear time. A failure prints fast-check's seed and path; add the
 * counterexample to `examples` to keep it as a regression case.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arbitraryText,
  damaged,
  damagedJson,
  expectLinearTimeOn,
  HUGE_INPUT_BUDGET_MS,
  LOSSY_JSON_EDITS,
  LOSSY_KINDS,
  type JsonEdit,
  type MutationKind,
} from './fuzz-inputs.js';

/** Keeps the whole fuzz set near a minute on a 2-core machine (see docs/fuzzing.md). */
export const FUZZ_RUNS = 150;

export interface ParserSpec<T> {
  /** Recorded outputs of the real tool. */
  samples: readonly string[];
  parse: (text: string) => T;
  /** Asserts that a reading is well-formed (types, ranges, value schema). */
  check?: (reading: T) => void;
  /** True when the reading is a passing fact (encrypted, enabled, locked…). */
  passes?: (reading: T) => boolean;
  /** Damage this output format cannot tell from a genuine answer is left out (default LOSSY_KINDS). */
  lossyKinds?: readonly MutationKind[];
  /** Saved counterexamples, run before the random ones. */
  examples?: readonly string[];
  /** Extra 1 MB run-on units aimed at this parser's own syntax. */
  hostile?: readonly string[];
  runs?: number;
}

export function fuzzParser<T>(name: string, spec: ParserSpec<T>): void {
  const runs = spec.runs ?? FUZZ_RUNS;
  const read = (text: string): T => {
    const reading = spec.parse(text);
    spec.check?.(reading);
    return reading;
  };
  describe(`${name} under fuzzing`, () => {
    it('never throws on arbitrary text, and every reading is well-formed', () => {
      const examples = (spec.examples ?? []).map((text) => [text] as [string]);
      fc.assert(
        fc.property(arbitraryText(spec.samples), (text) => void read(text)),
        { numRuns: runs, examples },
      );
    });

    it('never throws on damaged recorded outputs', () => {
      fc.assert(
        fc.property(damaged(spec.samples), ({ text }) => void read(text)),
        { numRuns: runs },
      );
    });

    const passes = spec.passes;
    if (passes) {
      const failing = spec.samples.filter((sample) => !passes(spec.parse(sample)));
      it('lossy damage never turns an output that does not pass into a pass', () => {
        expect(failing.length, 'needs at least one recorded output that does not pass').toBeGreaterThan(0);
        fc.assert(
          fc.property(damaged(failing, spec.lossyKinds ?? LOSSY_KINDS, 2), ({ text }) => {
            expect(passes(read(text))).toBe(false);
          }),
          { numRuns: runs },
        );
      });
    }

    it('reads 1 MB inputs in linear time', () => {
      expectLinearTimeOn(spec.samples, spec.hostile ?? [], read);
    });
  });
}

export interface JsonParserSpec<T> {
  /** Recorded answers of the PowerShell script, as JSON text. */
  samples: readonly string[];
  parse: (json: unknown) => T;
  check?: (reading: T) => void;
  passes?: (reading: T) => boolean;
  lossyEdits?: readonly JsonEdit[];
  runs?: number;
}

/** Windows readers get parsed JSON: any value, and the recorded answers with keys gone or retyped. */
export function fuzzJsonParser<T>(name: string, spec: JsonParserSpec<T>): void {
  const runs = spec.runs ?? FUZZ_RUNS;
  const values: unknown[] = spec.samples.map((text) => JSON.parse(text.replace(/^\uFEFF/, '')) as unknown);
  const read = (json: unknown): T => {
    const reading = spec.parse(json);
    spec.check?.(reading);
    return reading;
  };
  describe(`${name} under fuzzing`, () => {
    it('never throws on arbitrary values', () => {
      fc.assert(
        fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.anything({ maxDepth: 3 })), (json) => void read(json)),
        { numRuns: runs },
      );
    });

    it('never throws on recorded answers with keys removed, nulled, retyped or wrapped', () => {
      fc.assert(
        fc.property(damagedJson(values), ({ value }) => void read(value)),
        { numRuns: runs },
      );
    });

    const passes = spec.passes;
    if (passes) {
      const failing = values.filter((value) => !passes(spec.parse(value)));
      it('a missing or unreadable value never turns an answer that does not pass into a pass', () => {
        expect(failing.length, 'needs at least one recorded answer that does not pass').toBeGreaterThan(0);
        fc.assert(
          fc.property(damagedJson(failing, spec.lossyEdits ?? LOSSY_JSON_EDITS, 3, true), ({ value }) => {
            expect(passes(read(value))).toBe(false);
          }),
          { numRuns: runs },
        );
      });
    }

    it('reads a 1 MB answer and deep nesting in linear time', () => {
      const wide = values.map((value) => Array.from({ length: 2_000 }, () => value));
      const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
      for (const json of [...wide, deep, { volumes: deep, profiles: deep, updates: deep, history: deep }]) {
        const started = performance.now();
        read(json);
        expect(performance.now() - started).toBeLessThan(HUGE_INPUT_BUDGET_MS);
      }
    });
  });
}
