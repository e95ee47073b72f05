/**
 * The CAEP transmitter against loopback receivers that verify what they get like a gateway does:
 * SET shape (typ, no exp/sub, sub_id, event), retries reusing the same jti, Retry-After, no retry
 * on a refusal, a bounded queue, and TLS with a pinned CA.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testAuthority } from '../test-support/index.js';
import { createCaepTransmitter, DEVICE_COMPLIANCE_CHANGE, type DeliveryProblem } from './transmitter.js';

const DEVICE_ID = '0b6f3c1e-8d2a-4f5b-9c7d-1e2f3a4b5c6d';
const ISSUER = 'https://vigil.example.test';
let privateKey: KeyObject;
let publicKey: KeyObject;
let servers: Server[] = [];

beforeAll(() => {
  ({ privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' }));
});
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  servers = [];
});

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

async function receiver(handler: Handler, server: Server = createServer()): Promise<string> {
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handler(req, res, body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const scheme = 'cert' in server ? 'https' : 'http';
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}/caep/events`;
}

function transmitter(urls: { url: string; ca?: string }[], problems: DeliveryProblem[] = [], extra = {}) {
  return createCaepTransmitter({
    issuer: ISSUER,
    signingKey: () => ({ kid: 'result-key-1', key: privateKey }),
    receivers: urls.map(({ url, ca }) => ({ url, audience: 'urn:vigil:gateway:apps', ...(ca ? { ca } : {}) })),
    baseDelayMs: 5,
    maxDelayMs: 50,
    onProblem: (p) => problems.push(p),
    ...extra,
  });
}

const change = {
  deviceId: DEVICE_ID,
  status: 'not-compliant' as const,
  previousStatus: 'compliant' as const,
  reasonAdmin: 'banned',
  timestamp: new Date(1_760_000_000_000),
};

describe('CAEP transmitter', () => {
  it('pushes a device-compliance-change SET a gateway accepts', async () => {
    const received: { contentType?: string; token: string }[] = [];
    const url = await receiver((req, res, body) => {
      received.push({ contentType: req.headers['content-type'], token: body });
      res.writeHead(202).end();
    });
    const caep = transmitter([{ url }]);
    caep.emitComplianceChange(change);
    await caep.flush();
    expect(received).toHaveLength(1);
    expect(received[0]?.contentType).toBe('application/secevent+jwt');
    const token = received[0]!.token;
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', typ: 'secevent+jwt', kid: 'result-key-1' });
    const { payload } = await jwtVerify(token, publicKey, {
      issuer: ISSUER,
      audience: 'urn:vigil:gateway:apps',
      typ: 'secevent+jwt',
    });
    expect(payload.exp).toBeUndefined();
    expect(payload.sub).toBeUndefined();
    expect(payload.sub_id).toEqual({ format: 'uri', uri: `urn:vigil:device:${DEVICE_ID}` });
    expect(payload.events).toEqual({
      [DEVICE_COMPLIANCE_CHANGE]: {
        current_status: 'not-compliant',
        previous_status: 'compliant',
        event_timestamp: 1_760_000_000,
        reason_admin: { en: 'banned' },
      },
    });
  });

  it('retries 5xx and 429 (honouring Retry-After) with the same SET, then stops', async () => {
    const jtis: string[] = [];
    let calls = 0;
    const url = await receiver((_req, res, body) => {
      jtis.push(JSON.parse(Buffer.from(body.split('.')[1]!, 'base64url').toString()).jti);
      calls += 1;
      if (calls === 1) return res.writeHead(503).end();
      if (calls === 2) return res.writeHead(429, { 'retry-after': '0' }).end();
      res.writeHead(202).end();
    });
    const problems: DeliveryProblem[] = [];
    const caep = transmitter([{ url }], problems);
    caep.emitComplianceChange(change);
    await caep.flush();
    expect(calls).toBe(3);
    expect(new Set(jtis).size).toBe(1);
    expect(problems.map((p) => p.final)).toEqual([false, false]);
  });

  it('does not retry a SET the receiver refuses, and gives up after maxAttempts', async () => {
    let refusedCalls = 0;
    const refusing = await receiver((_req, res) => {
      refusedCalls += 1;
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"err":"invalid_audience","description":"x"}');
    });
    let downCalls = 0;
    const down = await receiver((_req, res) => {
      downCalls += 1;
      res.writeHead(502).end();
    });
    const problems: DeliveryProblem[] = [];
    const caep = transmitter([{ url: refusing }, { url: down }], problems, { maxAttempts: 3 });
    caep.emitComplianceChange(change);
    await caep.flush();
    expect(refusedCalls).toBe(1);
    expect(downCalls).toBe(3);
    expect(problems.filter((p) => p.final).map((p) => p.error)).toEqual([
      expect.stringContaining('invalid_audience'),
      'HTTP 502',
    ]);
  });

  it('bounds the queue, dropping the oldest waiting SETs', async () => {
    const url = await receiver((_req, res) => setTimeout(() => res.writeHead(202).end(), 30));
    const problems: DeliveryProblem[] = [];
    const caep = transmitter([{ url }], problems, { maxQueue: 2 });
    for (let i = 0; i < 5; i++) caep.emitComplianceChange(change);
    await caep.flush();
    expect(problems.filter((p) => p.error === 'queue full')).toHaveLength(3);
  });

  it('uses TLS with the pinned CA, and fails against another CA', async () => {
    const authority = await testAuthority();
    const { privateKey: tlsKey, publicKey: tlsPublic } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const issued = authority.issueServer({
      names: ['localhost', '127.0.0.1'],
      publicKey: tlsPublic,
      lifetimeDays: 1,
      now: new Date(),
    });
    let got = 0;
    const url = await receiver(
      (_req, res) => {
        got += 1;
        res.writeHead(202).end();
      },
      createHttpsServer({ key: tlsKey.export({ type: 'pkcs8', format: 'pem' }), cert: issued.pem }),
    );
    const caep = transmitter([{ url, ca: authority.certPem }]);
    caep.emitComplianceChange(change);
    await caep.flush();
    expect(got).toBe(1);
    const problems: DeliveryProblem[] = [];
    // The system roots do not include the test CA: the delivery must fail, never skip the check.
    const unpinned = transmitter([{ url }], problems, { maxAttempts: 1 });
    unpinned.emitComplianceChange(change);
    await unpinned.flush();
    expect(got).toBe(1);
    expect(problems[0]).toMatchObject({ final: true, error: expect.stringMatching(/certificate/i) });
  });

  it('refuses plain http to anything but loopback', () => {
    expect(() => transmitter([{ url: 'http://gateway.example/caep/events' }])).toThrow(/https is required/);
  });
});
