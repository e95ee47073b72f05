/**
 * Inputs for the parsers' property-based tests (`*.fuzz.test.ts`, see docs/fuzzing.md): arbitrary
 * text, recorded outputs damaged the way pipes, terminals and half-written files damage them, and
 * 1 MB inputs built to make a backtracking regex or a recursive reader blow up.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect } from 'vitest';

/** Reads fixtures of one check directory: `fixtures(import.meta.url, ['a.txt', …])`. */
export function fixtures(from: string, names: readonly string[]): string[] {
  return names.map((name) => readFileSync(new URL(`./__fixtures__/${name}`, from), 'utf8'));
}

/** Characters that break naive readers: NUL, CR, BOM, separators, quotes, non-BMP, lone surrogate. */
const AWKWARD = ['\0', '\r', '\r\n', '\uFEFF', '\u2028', '\t', '"', "'", '\\', 'é', '😀', '\ud800', '\uFFFD', '='];

/** Names that plain `object[key] = value` turns into prototype changes. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

export const MUTATION_KINDS = [
  'truncate',
  'flip',
  'delete',
  'insert',
  'garble',
  'delete-line',
  'duplicate-line',
  'crlf',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

/** One edit, in positions independent of the text so that fast-check can shrink it. */
export interface Mutation {
  kind: MutationKind;
  at: number;
  span: number;
  insert: string;
}

export const mutation = (kinds: readonly MutationKind[] = MUTATION_KINDS): fc.Arbitrary<Mutation> =>
  fc.record({
    kind: fc.constantFrom(...kinds),
    at: fc.nat(),
    span: fc.integer({ min: 1, max: 64 }),
    insert: fc.oneof(fc.constantFrom(...AWKWARD), fc.string({ unit: 'binary', maxLength: 8 })),
  });

export function mutate(text: string, m: Mutation): string {
  const at = text.length === 0 ? 0 : m.at % (text.length + 1);
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, at);
    case 'flip': {
      // Flip low bits of one UTF-16 unit, as a bad byte in transit would.
      const code = text.charCodeAt(at) ^ (1 + (m.span % 31));
      return Number.isNaN(code) ? text : text.slice(0, at) + String.fromCharCode(code) + text.slice(at + 1);
    }
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.span);
    case 'insert':
      return text.slice(0, at) + m.insert + text.slice(at);
    case 'garble':
      return text.slice(0, at) + (AWKWARD[m.span % AWKWARD.length] ?? '') + text.slice(at);
    case 'crlf':
      return text.replace(/\n/g, '\r\n');
    case 'delete-line':
    case 'duplicate-line': {
      const lines = text.split('\n');
      const index = m.at % lines.length;
      const copy = m.kind === 'delete-line' ? [] : [lines[index] ?? '', lines[index] ?? ''];
      lines.splice(index, 1, ...copy);
      return lines.join('\n');
    }
  }
}

/** A fixture (by index) damaged by one to four mutations. */
export const damaged = (samples: readonly string[], kinds?: readonly MutationKind[], maxSteps = 4) =>
  fc
    .tuple(fc.nat(samples.length - 1), fc.array(mutation(kinds), { minLength: 1, maxLength: maxSteps }))
    .map(([index, steps]) => ({
      index,
      steps,
      text: steps.reduce((text, step) => mutate(text, step), samples[index] ?? ''),
    }));

/** Arbitrary text: unicode, raw code units, and soups of the fixtures' own lines and words. */
export function arbitraryText(samples: readonly string[]): fc.Arbitrary<string> {
  const words = [...new Set(samples.flatMap((s) => s.split(/\s+/)).filter((w) => w.length > 0))].slice(0, 400);
  const lines = [...new Set(samples.flatMap((s) => s.split('\n')))].slice(0, 400);
  const pieces = [...words, ...lines, ...AWKWARD, ...PROTOTYPE_KEYS, ' ', '\n'];
  return fc.oneof(
    fc.string({ maxLength: 500 }),
    fc.string({ unit: 'binary', maxLength: 500 }),
    fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((parts) => parts.join('')),
    fc.array(fc.constantFrom(...lines), { maxLength: 40 }).map((parts) => parts.join('\n')),
  );
}

const MB = 1024 * 1024;
const repeatTo = (unit: string, size = MB): string => (unit === '' ? '' : unit.repeat(Math.ceil(size / unit.length)));

/** Runs that make regexes backtrack: spaces, words, quotes, escapes, empty lines. */
const HOSTILE_UNITS = [' ', 'a', '"', '\\', '\n'];

/** `unit` repeated to about 1 MB. */
export const oneMegabyte = (unit: string): string => repeatTo(unit);

/**
 * ~1 MB inputs: each recorded output repeated, its first line run on without a newline, and
 * hostile runs (plus `extraUnits`). Each costs tens to hundreds of milliseconds, so the parser
 * tests draw a few per run (seeded) instead of running them all.
 */
export function hugeInputs(samples: readonly string[], extraUnits: readonly string[] = []): string[] {
  const firstLines = samples.map((s) => s.split('\n').find((l) => l.trim() !== '') ?? s);
  return [
    ...samples.map((s) => repeatTo(`${s}\n`)),
    ...firstLines.map((line) => repeatTo(line)),
    ...[...HOSTILE_UNITS, ...extraUnits].map((unit) => repeatTo(unit)),
  ];
}

/**
 * Per 1 MB input. Linear readers take milliseconds to a second (a million empty lines is a million
 * arrays); the quadratic ones fuzzing found took 15 s on 450 KB, so the bound leaves room for a
 * loaded machine without hiding them.
 */
export const HUGE_INPUT_BUDGET_MS = 3_000;

/** Runs `parse` on each input, failing on the first that exceeds the budget (with its first bytes). */
export function expectLinearTime(inputs: readonly string[], parse: (text: string) => unknown): void {
  for (const input of inputs) {
    const started = performance.now();
    parse(input);
    const elapsed = performance.now() - started;
    expect(elapsed, `${input.length} chars starting ${JSON.stringify(input.slice(0, 40))}`).toBeLessThan(
      HUGE_INPUT_BUDGET_MS,
    );
  }
}

/**
 * The parser's own hostile runs, every time, and `draws` of the generic 1 MB inputs, chosen by the
 * run's seed (a failure prints it).
 */
export function expectLinearTimeOn(
  samples: readonly string[],
  hostile: readonly string[],
  parse: (text: string) => unknown,
  draws = 4,
): void {
  expectLinearTime(hostile.map(oneMegabyte), parse);
  const pool = hugeInputs(samples);
  fc.assert(
    fc.property(fc.nat(pool.length - 1), (index) => expectLinearTime([pool[index] ?? ''], parse)),
    { numRuns: draws },
  );
}

/**
 * Damage that only loses or garbles information (a cut-off pipe, a stray NUL or CR). Applied to an
 * output that does not pass, it must never produce a passing reading. Arbitrary deletions and
 * flips are left out on purpose: `inactive` minus two letters is a genuine `active`.
 */
export const LOSSY_KINDS: readonly MutationKind[] = ['truncate', 'crlf', 'garble'];

type JsonPath = ReadonlyArray<string | number>;
export const JSON_EDITS = ['delete', 'null', 'replace', 'stringify', 'wrap'] as const;
export type JsonEdit = (typeof JSON_EDITS)[number];
/** Edits that only remove information: a key gone, or a value the script could not read (null). */
export const LOSSY_JSON_EDITS: readonly JsonEdit[] = ['delete', 'null'];

function pathsOf(value: unknown, prefix: JsonPath = []): JsonPath[] {
  if (typeof value !== 'object' || value === null) return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([key, inner]) => [[...prefix, key], ...pathsOf(inner, [...prefix, key])]);
}

/** Applies one edit at `path` to a deep copy of `root`. */
export function editJson(root: unknown, path: JsonPath, edit: JsonEdit, replacement: unknown): unknown {
  const copy: unknown = structuredClone(root);
  if (path.length === 0) return copy;
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  const current = parent[last];
  if (edit === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    parent[last] =
      edit === 'null'
        ? null
        : edit === 'replace'
          ? replacement
          : edit === 'stringify'
            ? typeof current === 'string'
              ? current
              : JSON.stringify(current)
            : [current];
  }
  return copy;
}

/**
 * A recorded JSON answer (by index) with one to three structural edits. With `membersOnly`, only
 * object members are edited: a list with fewer elements describes another machine (one volume
 * fewer), not a damaged answer.
 */
export function damagedJson(
  samples: readonly unknown[],
  edits: readonly JsonEdit[] = JSON_EDITS,
  maxSteps = 3,
  membersOnly = false,
) {
  const step = fc.record({
    pick: fc.nat(),
    edit: fc.constantFrom(...edits),
    replacement: fc.jsonValue({ maxDepth: 2 }),
  });
  return fc
    .tuple(fc.nat(samples.length - 1), fc.array(step, { minLength: 1, maxLength: maxSteps }))
    .map(([index, steps]) => ({
      index,
      steps,
      value: steps.reduce((value, s) => {
        const paths = pathsOf(value).filter((path) => !membersOnly || typeof path.at(-1) === 'string');
        const path = paths.length === 0 ? [] : (paths[s.pick % paths.length] ?? []);
        return editJson(value, path, s.edit, s.replacement);
      }, samples[index]),
    }));
}
