/**
 * Fault: the service is overloaded (one request in flight past a limit of one) and answers the
 * challenge `503 VIGIL_SERVICE_OVERLOADED` with a jittered Retry-After. Every `vigil push` is a
 * process of its own, like every daemon cycle: the next one must not contact the service before
 * the announced time, even though the service has recovered meanwhile; its report waits in the
 * outbox and `vigil status` says until when. Afterwards everything queued arrives once.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request, type ClientRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectDeliveredExactlyOnce } from '../e2e/support/delivery.js';
import { enrolledSetup, type EnrolledSetup } from '../e2e/support/enrolled.js';
import { fakeClock, type FakeClock } from '../e2e/support/fake-clock.js';
import { agentCache, serviceReports, vigil, waitFor } from '../e2e/support/processes.js';
import { requestCount } from '../e2e/support/service-log.js';

let clocks: string;
let agentClock: FakeClock;
let setup: EnrolledSetup;
let stalled: ClientRequest | undefined;

beforeAll(async () => {
  clocks = mkdtempSync(join(tmpdir(), 'vigil-fault-overload-clock-'));
  agentClock = fakeClock(clocks, 'agent');
  setup = await enrolledSetup('vigil-fault-overload-', {
    service: { env: { VIGIL_SERVICE_MAX_IN_FLIGHT: '1' }, logLevel: 'info' },
    agentEnv: agentClock.env,
  });
}, 60_000);

afterAll(async () => {
  stalled?.destroy();
  await setup?.cleanup();
  rmSync(clocks, { recursive: true, force: true });
});

const common = () => ['--state-dir', setup.stateDir, '--only', 'os.version'];
const push = () => vigil(['push', ...common()], agentClock.env);
const where = () => ({ dataDir: setup.service.dataDir, stateDir: setup.stateDir, deviceId: setup.deviceId });
const pending = () => agentCache(setup.stateDir).reports.filter((r) => r.state === 'pending').length;
const pushRequests = () => requestCount(setup.service, '/v1/challenges') + requestCount(setup.service, '/v1/evidence');

/** One line of the service's /metrics (exempt from overload protection), as a number. */
function metric(name: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${setup.service.url}/metrics`, { ca: readFileSync(setup.caFile), agent: false }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => {
        const line = text.split('\n').find((l) => l.startsWith(`${name} `));
        resolve(line === undefined ? Number.NaN : Number(line.slice(name.length + 1)));
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Headers and half the body of an enrollment, then nothing: it holds the one in-flight slot. */
function stallOneRequest(): ClientRequest {
  const body = JSON.stringify({ token: 'vgl_enr_x', csr: 'y'.repeat(200) });
  const req = request(`${setup.service.url}/v1/enroll`, {
    method: 'POST',
    ca: readFileSync(setup.caFile),
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
  });
  req.on('error', () => undefined);
  req.write(body.slice(0, 20));
  return req;
}

describe('overloaded service', () => {
  it('503 + Retry-After on the challenge: the next push sends nothing before that time, then all arrive once', async () => {
    const inFlight = () => metric('vigil_http_in_flight_requests');
    stalled = stallOneRequest();
    await waitFor(async () => (await inFlight()) === 1, 'the stalled request to hold the only slot');

    const first = await push();
    expect(first.code, first.stderr).toBe(5);
    expect(first.stderr).toContain('VIGIL_SERVICE_OVERLOADED');
    const until = /not contacting the service until (\S+) \(Retry-After\)/.exec(first.stderr)?.[1];
    expect(until, first.stderr).toBeDefined();
    // The service's Retry-After is jittered within 2-4 s (overloadRetryAfterSeconds 2).
    expect(Date.parse(until!) - Date.now()).toBeLessThanOrEqual(4000);
    expect(await metric('vigil_overload_rejections_total{reason="in_flight"}')).toBe(1);
    expect(pending()).toBe(1);
    const status = JSON.parse(
      (await vigil(['status', '--json', '--state-dir', setup.stateDir], agentClock.env)).stdout,
    ) as {
      service: { lastError?: { code: string; message: string } };
    };
    expect(status.service.lastError).toMatchObject({
      code: 'VIGIL_PUSH_SERVER_ERROR',
      message: expect.stringContaining(`not contacting the service until ${until}`),
    });

    // The service recovers at once. The agent's clock is set a minute back, so that the next push
    // falls inside the wait however slow this machine is to start it.
    stalled.destroy();
    await waitFor(async () => (await inFlight()) === 0, 'the slot to be free again');
    agentClock.set(-60);
    const requestsBefore = pushRequests();
    const second = await push();
    expect(second.code, second.stderr).toBe(5);
    expect(second.stderr).toContain(
      `waiting as the service asked (HTTP 503 VIGIL_SERVICE_OVERLOADED): not contacting the service until ${until}`,
    );
    expect(pushRequests()).toBe(requestsBefore);
    expect(pending()).toBe(2);
    expect(serviceReports(setup.service.dataDir, setup.deviceId)).toEqual([]);

    agentClock.set(0);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(until!) - Date.now() + 100)));
    const third = await push();
    expect(third.code, third.stderr).toBe(0);
    expect(pushRequests()).toBeGreaterThan(requestsBefore);
    expectDeliveredExactlyOnce(where(), 3);
  }, 120_000);
});
