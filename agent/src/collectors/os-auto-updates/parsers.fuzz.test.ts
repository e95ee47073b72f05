// Property-based tests of the automatic-update readers (macOS, Windows): see docs/fuzzing.md.
import { OsAutoUpdatesValueSchema } from '@vigil/shared';
import { describe, expect, it } from 'vitest';
import { fixtures } from '../__fixtures__/fuzz-inputs.js';
import { fuzzJsonParser, fuzzParser } from '../__fixtures__/fuzz-parser.js';
import {
  describePrefs,
  parseSoftwareUpdatePrefs,
  securityUpdatesAutomatic,
  softwareUpdatePrefs,
} from './parse-softwareupdate-prefs.js';
import { parseWin32AutoUpdates } from './parse-win32-auto-updates.js';

const read = (names: string[]) => fixtures(import.meta.url, names);

fuzzParser('defaults read com.apple.SoftwareUpdate', {
  samples: read([
    'defaults-softwareupdate.macos-13-off.txt',
    'defaults-softwareupdate.macos-15-off.txt',
    'defaults-softwareupdate.managed-missing.stderr.txt',
    'defaults-softwareupdate.macos-14.txt',
    'defaults-softwareupdate.managed.txt',
  ]),
  parse: (text) => {
    const prefs = softwareUpdatePrefs(parseSoftwareUpdatePrefs(text), null);
    return { prefs, automatic: securityUpdatesAutomatic(prefs), detail: describePrefs(prefs) };
  },
  check: ({ prefs }) => {
    if (prefs.lastFullCheckAt !== null) expect(Number.isNaN(Date.parse(prefs.lastFullCheckAt))).toBe(false);
  },
  passes: ({ automatic }) => automatic === true,
  hostile: ['{ a = ', '( ', '"'],
});

fuzzJsonParser('automatic-updates script answer', {
  samples: read([
    'ps-auto-updates.gpo-notify-only.json',
    'ps-auto-updates.service-disabled.json',
    'ps-auto-updates.default.json',
    'ps-auto-updates.paused.json',
  ]),
  parse: parseWin32AutoUpdates,
  check: (value) => {
    if (value) expect(OsAutoUpdatesValueSchema.safeParse(value).error).toBeUndefined();
  },
  passes: (value) => value?.enabled === true,
  // null is what the script writes for a policy value that is not set, a genuine answer; a
  // missing member is not (seeds 921882146 and -2089219862 read those as "on").
  lossyEdits: ['delete'],
});

describe('automatic-updates readers: regressions found by fuzzing', () => {
  it('refuses a Windows answer without the policy or service members instead of defaulting to on', () => {
    const [notify = ''] = read(['ps-auto-updates.gpo-notify-only.json']);
    const answer = JSON.parse(notify) as { policy: Record<string, unknown>; service: unknown };
    expect(parseWin32AutoUpdates(answer)).toMatchObject({ enabled: false });
    expect(parseWin32AutoUpdates({ ...answer, policy: undefined })).toBeNull();
    expect(parseWin32AutoUpdates({ ...answer, service: undefined })).toBeNull();
    const policy = { ...answer.policy };
    delete policy.auOptions;
    expect(parseWin32AutoUpdates({ ...answer, policy })).toBeNull();
  });
});
