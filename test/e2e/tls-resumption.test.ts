/**
 * TLS session resumption between agent cycles, with real processes: each `vigil push` is a new
 * process and a new connection, as each daemon cycle is. The second push resumes the session
 * the first one stored (the service counts it), the file is private, a damaged file only costs
 * a full handshake, and a ban applies to a resumed connection as to a fresh one.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectDeliveredExactlyOnce } from './support/delivery.js';
import { enrolledSetup, type EnrolledSetup } from './support/enrolled.js';
import { createAdminToken, vigil } from './support/processes.js';

let setup: EnrolledSetup;
let ca: string;

beforeAll(async () => {
  setup = await enrolledSetup('vigil-e2e-resume-');
  ca = readFileSync(setup.caFile, 'utf8');
}, 60_000);

afterAll(async () => {
  await setup?.cleanup();
});

const sessionFile = () => join(setup.stateDir, 'tls-session.json');
const push = () => vigil(['push', '--state-dir', setup.stateDir, '--only', 'os.version', '--json']);
const where = () => ({ dataDir: setup.service.dataDir, stateDir: setup.stateDir, deviceId: setup.deviceId });

function call(
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${setup.service.url}${path}`, { method, ca, headers, agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function handshakes(): Promise<{ all: number; resumed: number }> {
  const metrics = (await call('GET', '/metrics')).text;
  const value = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(metrics)?.[1] ?? Number.NaN);
  // The scrape's own connection is a full handshake and counts in `all`.
  return { all: value('vigil_tls_handshakes_total'), resumed: value('vigil_tls_resumed_handshakes_total') };
}

describe('TLS session resumption between cycles', () => {
  it('the next cycle resumes the session the last one stored; the file is private', async () => {
    const first = await push();
    expect(first.code, first.stderr).toBe(0);
    expect(statSync(sessionFile()).mode & 0o777).toBe(0o600);
    const before = await handshakes();

    const second = await push();
    expect(second.code, second.stderr).toBe(0);
    const after = await handshakes();
    expect(after.resumed).toBe(before.resumed + 1);
    expect(after.all).toBe(before.all + 2); // the push's connection and this scrape's
    expectDeliveredExactlyOnce(where(), 2);
  }, 60_000);

  it('a damaged session file costs a full handshake, nothing else, and is replaced', async () => {
    writeFileSync(sessionFile(), '{"key":"not this one","session":"AAAA","savedAt":0}');
    const before = await handshakes();
    const result = await push();
    expect(result.code, result.stderr).toBe(0);
    expect((await handshakes()).resumed).toBe(before.resumed);
    expect(readFileSync(sessionFile(), 'utf8')).not.toContain('not this one');
    expectDeliveredExactlyOnce(where(), 3);
  }, 60_000);

  it('a ban applies to a resumed connection: every request still checks the registry', async () => {
    const admin = createAdminToken(setup.service.dataDir);
    const ban = await call('POST', `/v1/admin/devices/${setup.deviceId}/ban`, { authorization: `Bearer ${admin}` });
    expect(ban.status).toBe(200);
    const before = await handshakes();
    const refused = await push();
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('VIGIL_AUTH_DEVICE_BANNED');
    expect((await handshakes()).resumed).toBe(before.resumed + 1);
  }, 60_000);
});
