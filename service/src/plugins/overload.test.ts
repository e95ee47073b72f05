/**
 * Overload protection on the real service over real HTTPS: requests held open past a tiny
 * in-flight limit, and a blocked event loop, must turn new requests away with 503 +
 * Retry-After + {code, message}, keep /metrics answering, and let traffic through again once
 * the pressure is gone.
 */
import { Agent, request, type ClientRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveSettings } from '../config.js';
import { createTestService, httpsRequest, type TestService } from '../test-support/index.js';

let service: TestService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

async function start(settings: Parameters<typeof resolveSettings>[0]) {
  service = await createTestService({ tls: true, settings });
  await service.app.listen({ host: '127.0.0.1', port: 0 });
  const base = `https://127.0.0.1:${(service.app.server.address() as AddressInfo).port}`;
  return { base, ca: service.authority.certPem };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Blocks the event loop, which the service shares with this test. */
function block(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // busy on purpose
  }
}

async function metric(base: string, ca: string, line: RegExp): Promise<number> {
  const text = (await httpsRequest(`${base}/metrics`, { ca })).text;
  const match = text.split('\n').find((l) => line.test(l));
  return match === undefined ? Number.NaN : Number(match.slice(match.lastIndexOf(' ') + 1));
}

/** Sends the headers and half the body of an enrollment, then stalls: one request in flight. */
function stalledRequest(base: string, ca: string): { req: ClientRequest; finish(): void; done: Promise<number> } {
  const body = JSON.stringify({ token: 'vgl_enr_x', csr: 'y'.repeat(200) });
  const req = request(`${base}/v1/enroll`, {
    method: 'POST',
    ca,
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
  });
  const done = new Promise<number>((resolve) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(-1));
  });
  req.write(body.slice(0, 20));
  return { req, finish: () => req.end(body.slice(20)), done };
}

async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await sleep(25);
  }
}

// Each case starts a TLS service and makes a dozen new connections: slow on a busy machine.
describe('overload protection', { timeout: 60_000 }, () => {
  it('answers 503 + Retry-After past the in-flight limit, keeps /metrics up, and recovers', async () => {
    const { base, ca } = await start({ maxInFlightRequests: 2, overloadRetryAfterSeconds: 2 });
    const inFlight = () => metric(base, ca, /^vigil_http_in_flight_requests /);
    const first = stalledRequest(base, ca);
    const second = stalledRequest(base, ca);
    expect(await until(inFlight, (n) => n === 2)).toBe(2);

    const refused = await httpsRequest(`${base}/.well-known/jwks.json`, { ca });
    expect(refused.status).toBe(503);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(2);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(4);
    expect(refused.json()).toEqual({ code: 'VIGIL_SERVICE_OVERLOADED', message: expect.any(String) });
    expect(await metric(base, ca, /^vigil_overload_rejections_total\{reason="in_flight"\}/)).toBe(1);
    expect(await metric(base, ca, /^vigil_rejections_total\{code="VIGIL_SERVICE_OVERLOADED"\}/)).toBe(1);

    // One client gives up mid-body, the other finishes: both slots must come back.
    first.req.destroy();
    second.finish();
    expect(await second.done).toBe(401); // the made-up enrollment token
    expect(await until(inFlight, (n) => n === 0)).toBe(0);

    const again = await httpsRequest(`${base}/.well-known/jwks.json`, { ca });
    expect(again.status).toBe(200);
    expect(await metric(base, ca, /^process_resident_memory_bytes /)).toBeGreaterThan(10_000_000);
    expect(await metric(base, ca, /^vigil_tls_handshakes_total /)).toBeGreaterThanOrEqual(3);
    expect(await metric(base, ca, /^vigil_store_calls_total\{method="countDevicesByState"\}/)).toBeGreaterThan(0);
  });

  it('answers 503 while the event loop lags past its limit, then recovers', async () => {
    const { base, ca } = await start({ maxEventLoopDelayMs: 100, overloadRetryAfterSeconds: 1 });
    const agent = new Agent({ keepAlive: true, maxSockets: 1, ca });
    try {
      expect((await httpsRequest(`${base}/.well-known/jwks.json`, { ca, agent })).status).toBe(200);
      // Two stalls in a row, so the delay is sustained (a single one is tolerated). The first
      // is sampled by the service's timer before this test's 1 ms timer fires; the second runs
      // in the check phase (setImmediate), so the next sample comes before the poll phase in
      // which the service reads the request sent right after it.
      block(300);
      await sleep(1);
      await new Promise((resolve) => setImmediate(resolve));
      const pending = httpsRequest(`${base}/.well-known/jwks.json`, { ca, agent });
      block(300);
      const refused = await pending;
      expect(refused.status).toBe(503);
      expect(['1', '2']).toContain(refused.headers['retry-after']);
      expect(refused.json<{ code: string }>().code).toBe('VIGIL_SERVICE_OVERLOADED');
      expect(await metric(base, ca, /^vigil_overload_rejections_total\{reason="event_loop_delay"\}/)).toBe(1);

      const recovered = await until(
        () => httpsRequest(`${base}/.well-known/jwks.json`, { ca, agent }),
        (r) => r.status === 200,
      );
      expect(recovered.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it('tolerates a single stall of the event loop', async () => {
    const { base, ca } = await start({ maxEventLoopDelayMs: 100 });
    const agent = new Agent({ keepAlive: true, maxSockets: 1, ca });
    try {
      expect((await httpsRequest(`${base}/.well-known/jwks.json`, { ca, agent })).status).toBe(200);
      await sleep(120); // two on-time samples first
      const pending = httpsRequest(`${base}/.well-known/jwks.json`, { ca, agent });
      block(300);
      expect((await pending).status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it('refuses limits that make no sense', () => {
    expect(() => resolveSettings({ maxInFlightRequests: 0 })).toThrow(/maxInFlightRequests/);
    expect(() => resolveSettings({ maxEventLoopDelayMs: 1 })).toThrow(/maxEventLoopDelayMs/);
    expect(() => resolveSettings({ overloadRetryAfterSeconds: 0 })).toThrow(/overloadRetryAfterSeconds/);
  });
});
