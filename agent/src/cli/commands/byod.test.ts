/**
 * The personal-mode commands in process (no service needed): consent shows and records the
 * decision, privacy shows the log, and push / enroll refuse to do anything (not even create the
 * state dir or open a connection) until consent is given.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeEnrollmentCode, type PrivacyView } from '@vigil/shared/core';
import { tempDir } from '../../test-support/fixtures.js';
import { EXIT } from '../exit-codes.js';
import type { CliOutput } from '../output.js';
import { runCli } from '../run-cli.js';

function capture(): CliOutput & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), interactive: false, color: false };
}

const personal = { VIGIL_OWNERSHIP: 'personal' };
const code = encodeEnrollmentCode({
  serverUrl: 'https://127.0.0.1:1',
  token: 'vgl_enr_0123456789abcdef_' + 'A'.repeat(43),
  caFingerprint: 'q'.repeat(43),
  ownership: 'personal',
});

describe('vigil consent / privacy', () => {
  it('shows the statement, records the decision without a running agent, and logs it', async () => {
    const state = join(tempDir(), 'state');
    const shown = capture();
    expect(await runCli(['consent', '--json', '--state-dir', state], shown, false, personal)).toBe(EXIT.OK);
    const view = JSON.parse(shown.stdout.join('\n')) as { consent: { state: string }; rendered: string };
    expect(view.consent.state).toBe('pending');
    expect(view.rendered).toContain('only asks the service which checks apply');
    expect(existsSync(state)).toBe(false); // reading the statement creates nothing

    const accepted = capture();
    expect(await runCli(['consent', '--accept', '--state-dir', state], accepted, false, personal)).toBe(EXIT.OK);
    expect(accepted.stdout[0]).toBe('Consent accepted statement version 1.');
    expect(JSON.parse(readFileSync(join(state, 'consent.json'), 'utf8'))).toMatchObject({
      decision: 'accepted',
      decidedBy: 'vigil consent',
    });

    const privacy = capture();
    expect(await runCli(['privacy', '--json', '--state-dir', state], privacy, false, personal)).toBe(EXIT.OK);
    const log = (JSON.parse(privacy.stdout.join('\n')) as PrivacyView).activity;
    expect(log.map((a) => [a.kind, a.requester, a.outcome])).toEqual([
      ['consent', 'vigil consent', 'accepted statement version 1'],
    ]);
    const human = capture();
    await runCli(['privacy', '--state-dir', state], human, false, personal);
    expect(human.stdout.join('\n')).toContain('No report has been sent from this device.');
  });

  it('refuses a decision on a managed device, and both flags at once', async () => {
    const state = join(tempDir(), 'state');
    expect(await runCli(['consent', '--accept', '--state-dir', state], capture(), false, {})).toBe(EXIT.USAGE);
    expect(await runCli(['consent', '--accept', '--withdraw', '--state-dir', state], capture(), false, personal)).toBe(
      EXIT.USAGE,
    );
  });
});

describe('without consent nothing happens', () => {
  it('vigil push: exit 7, no state dir, no connection', async () => {
    const state = join(tempDir(), 'state');
    const output = capture();
    expect(await runCli(['push', '--json', '--state-dir', state], output, false, personal)).toBe(EXIT.CONSENT);
    expect(JSON.parse(output.stdout.join('\n'))).toMatchObject({
      ok: false,
      error: { code: 'VIGIL_CONSENT_REQUIRED' },
    });
    expect(existsSync(state)).toBe(false);
  });

  it('vigil enroll --code for a personal device: exit 7 before any request; the ownership is kept', async () => {
    const state = join(tempDir(), 'state');
    const output = capture();
    // The code points at a closed port: any request would fail differently (exit 5).
    expect(await runCli(['enroll', '--code', code, '--state-dir', state], output, false, {})).toBe(EXIT.CONSENT);
    expect(output.stderr[0]).toMatch(/^vigil: VIGIL_CONSENT_REQUIRED: /);
    expect(JSON.parse(readFileSync(join(state, 'config.json'), 'utf8'))).toEqual({ ownership: 'personal' });
    // Now the owner reads and accepts, as the message says; the mode came from the code.
    expect(await runCli(['consent', '--accept', '--state-dir', state], capture(), false, {})).toBe(EXIT.OK);
    const retry = capture();
    expect(await runCli(['enroll', '--code', code, '--state-dir', state], retry, false, {})).toBe(EXIT.SERVICE);
    expect(retry.stderr[0]).toMatch(/VIGIL_PUSH_UNREACHABLE/);
  });

  it('a code cannot override an explicit ownership', async () => {
    const output = capture();
    const state = join(tempDir(), 'state');
    expect(
      await runCli(['enroll', '--code', code, '--state-dir', state], output, false, { VIGIL_OWNERSHIP: 'managed' }),
    ).toBe(EXIT.USAGE);
    expect(output.stderr[0]).toContain(
      'the enrollment code is for a personal device, but the env setting says ownership "managed"',
    );
    expect(await runCli(['enroll', '--code', 'vigil1.garbage!', '--state-dir', state], capture(), false, {})).toBe(
      EXIT.USAGE,
    );
    expect(await runCli(['enroll', '--code', code, '--ca', 'x.pem', '--state-dir', state], capture(), false, {})).toBe(
      EXIT.USAGE,
    );
  });
});
