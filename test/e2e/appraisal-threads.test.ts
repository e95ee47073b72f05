/**
 * Appraisal on worker threads, with real processes: the built service verifies reports,
 * evaluates the policy and signs results on the threads `--appraisal-threads` asks for
 * (VIGIL_SERVICE_APPRAISAL_THREADS here), or on the event loop with 0, and an agent's push gets
 * the same verdict and a result signed by the key the JWKS publishes either way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { request } from 'node:https';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { expectDeliveredExactlyOnce } from './support/delivery.js';
import { enrolledSetup, type EnrolledSetup } from './support/enrolled.js';
import { vigil } from './support/processes.js';

let setup: EnrolledSetup | undefined;

afterEach(async () => {
  await setup?.cleanup();
  setup = undefined;
});

/** The result the service stored for the device's report, read from its database. */
function storedResult({ service, deviceId }: EnrolledSetup): string {
  const db = new Database(join(service.dataDir, 'vigil-service.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare('SELECT x.token FROM results x JOIN reports r ON r.id = x.report_id WHERE r.device_id = ?')
      .get(deviceId) as { token: string } | undefined;
    return row?.token ?? '';
  } finally {
    db.close();
  }
}

function get(url: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, { ca, agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve(text));
    })
      .on('error', reject)
      .end();
  });
}

describe.each([2, 0])('appraisal with %i worker threads', (threads) => {
  it('pushes a report and gets a verdict and a result the JWKS verifies', async () => {
    setup = await enrolledSetup('vigil-e2e-appraisal-', {
      service: { env: { VIGIL_SERVICE_APPRAISAL_THREADS: String(threads) } },
    });
    const ca = readFileSync(setup.caFile, 'utf8');
    const metrics = await get(`${setup.service.url}/metrics`, ca);
    expect(metrics).toMatch(new RegExp(`^vigil_appraisal_threads ${threads}$`, 'm'));

    const pushed = await vigil(['push', '--state-dir', setup.stateDir, '--only', 'os.version', '--json']);
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(JSON.parse(pushed.stdout)).toMatchObject({ ok: true, status: expect.any(String) });
    const jwks = JSON.parse(await get(`${setup.service.url}/.well-known/jwks.json`, ca));
    const { payload } = await jwtVerify(storedResult(setup), createLocalJWKSet(jwks), { typ: 'ear+jwt' });
    expect(payload.sub).toBe(`urn:vigil:device:${setup.deviceId}`);
    expectDeliveredExactlyOnce(
      { dataDir: setup.service.dataDir, stateDir: setup.stateDir, deviceId: setup.deviceId },
      1,
    );
  }, 60_000);
});
