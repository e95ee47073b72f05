/**
 * The push client against a real HTTPS server that answers 503 + Retry-After, as an overloaded
 * service does (VIGIL_SERVICE_OVERLOADED): an idempotent evidence POST waits the announced
 * time (capped) before its retry; a challenge, which carries no Idempotency-Key, is not retried.
 * Either way the final error carries the delay, which the cycle remembers (retry-after-pause.ts).
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectService, PushError } from './api.js';

// A self-signed certificate for 127.0.0.1 (valid until 2126), recorded once with openssl.
const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const KEY_PEM = fixture('loopback-server-key.pem');
const CERT_PEM = fixture('loopback-server-cert.pem');

const OVERLOADED = JSON.stringify({ code: 'VIGIL_SERVICE_OVERLOADED', message: 'service overloaded' });
const VERDICT = JSON.stringify({ verdict: { status: 'compliant' }, ear: null, nextReportSeconds: 900 });
const settings = { timeoutMs: 10_000, retries: 2, backoffBaseMs: 10, backoffMaxMs: 20, retryAfterMaxSeconds: 30 };

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

/** Answers the first `busy` requests with 503 + the given Retry-After, then 200. */
async function overloadedService(busy: number, retryAfter: string) {
  const arrivals: { path: string; at: number }[] = [];
  server = createServer({ key: KEY_PEM, cert: CERT_PEM }, (req, res) => {
    req.resume();
    req.on('end', () => {
      arrivals.push({ path: req.url ?? '', at: performance.now() });
      if (arrivals.length <= busy) {
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': retryAfter }).end(OVERLOADED);
      } else res.writeHead(200, { 'content-type': 'application/json' }).end(VERDICT);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return { arrivals, serverUrl: `https://127.0.0.1:${port}` };
}

describe('push client under a 503 with Retry-After', () => {
  it('retries idempotent evidence only after the announced delay', async () => {
    const { arrivals, serverUrl } = await overloadedService(1, '1');
    const api = await connectService({ serverUrl, caPem: CERT_PEM }, settings);
    try {
      const answer = await api.submitEvidence('a.b.c', 'report-0001');
      expect(answer.body.verdict.status).toBe('compliant');
    } finally {
      api.close();
    }
    expect(arrivals).toHaveLength(2);
    // Without Retry-After the backoff here would be 5-10 ms.
    expect(arrivals[1]!.at - arrivals[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('caps a Retry-After that is too long', async () => {
    const { arrivals, serverUrl } = await overloadedService(1, '3600');
    const api = await connectService({ serverUrl, caPem: CERT_PEM }, { ...settings, retryAfterMaxSeconds: 1 });
    try {
      await api.submitEvidence('a.b.c', 'report-0002');
    } finally {
      api.close();
    }
    const waited = arrivals[1]!.at - arrivals[0]!.at;
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(5_000);
  });

  it('once its retries are spent, evidence fails with the last Retry-After (remembered across cycles)', async () => {
    const { arrivals, serverUrl } = await overloadedService(5, '1');
    const api = await connectService({ serverUrl, caPem: CERT_PEM }, { ...settings, retries: 1 });
    const error = await api.submitEvidence('a.b.c', 'report-0003').then(
      () => undefined,
      (caught: unknown) => caught,
    );
    api.close();
    expect(error).toMatchObject({ code: 'VIGIL_PUSH_SERVER_ERROR', status: 503, retryAfterMs: 1000 });
    expect(arrivals).toHaveLength(2);
  });

  it('does not retry a challenge and reports the delay as a transient error', async () => {
    const { arrivals, serverUrl } = await overloadedService(5, '2');
    const api = await connectService({ serverUrl, caPem: CERT_PEM }, settings);
    let error: unknown;
    try {
      await api.challenge();
    } catch (caught) {
      error = caught;
    } finally {
      api.close();
    }
    expect(error).toBeInstanceOf(PushError);
    expect(error).toMatchObject({
      code: 'VIGIL_PUSH_SERVER_ERROR',
      status: 503,
      serviceCode: 'VIGIL_SERVICE_OVERLOADED',
      retryAfterMs: 2000,
    });
    expect((error as PushError).transient).toBe(true);
    expect(arrivals).toHaveLength(1);
  });
});
