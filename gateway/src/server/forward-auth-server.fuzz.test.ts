// The forward-auth server and its CAEP receiver fed raw HTTP: arbitrary paths, methods, tokens,
// certificate headers, content types and bodies. Never a 500, an allow only for the one valid
// token over its own certificate, documented reason codes and RFC 8935 errors, and no
// revocation from anything but a valid SET. See docs/fuzzing.md.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaepReceiver } from '../caep/receiver.js';
import { requestReader } from '../http/request-binding.js';
import { isReasonCode } from '../reasons.js';
import { AUDIENCE, DEVICE_ID, ISSUER, ear, serviceKey, type ServiceKey } from '../test-support/ear.js';
import { setClaims, signSet } from '../test-support/set.js';
import { staticKeySet } from '../verify/key-store.js';
import { MemoryRevocationStore } from '../verify/revocation.js';
import { createAttestationVerifier } from '../verify/verifier.js';
import { createForwardAuthServer, type ForwardAuthServer } from './forward-auth-server.js';

const PEM = readFileSync(new URL('../cert/__fixtures__/device.pem', import.meta.url), 'utf8');
const X5T = 'IogEjWabwucuzJg6cDL4K5-pfWhUIK47yTSxbmj4Vgw';
const SET_ERRORS = ['invalid_request', 'invalid_key', 'invalid_issuer', 'invalid_audience'];

let key: ServiceKey;
let server: ForwardAuthServer;
let port: number;
let valid: string;
let validSet: string;
const revocations = new MemoryRevocationStore();
beforeAll(async () => {
  key = await serviceKey();
  const keys = staticKeySet(key.jwks);
  const verifier = createAttestationVerifier({ keys, issuer: ISSUER, audience: AUDIENCE, revocations });
  const caep = createCaepReceiver({ keys, issuer: ISSUER, audience: AUDIENCE, revocations });
  server = createForwardAuthServer({ port: 0, verifier, reader: requestReader(), caep });
  ({ port } = await server.start());
  valid = await ear(key, { cnf: { 'x5t#S256': X5T } });
  validSet = await signSet(key, setClaims());
});
afterAll(() => server.stop());

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends raw bytes on a fresh connection (with `Connection: close` in the request, the server
 * closes after answering) and reads the first answer. The client half-closes only after a pause:
 * node aborts requests still in flight when the client's FIN arrives.
 */
function exchange(raw: string): Promise<Answer | null> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.end(), 1_000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parse(Buffer.concat(chunks).toString('latin1')));
    });
    socket.write(raw);
  });
}

function parse(text: string): Answer | null {
  const head = text.split('\r\n\r\n', 1)[0] ?? '';
  const [statusLine = '', ...lines] = head.split('\r\n');
  const status = /^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1];
  if (!status) return null;
  const headers = Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return { status: Number(status), headers, body: text.slice(head.length + 4) };
}

const tampered = (token: string, at: number) => {
  const i = at % token.length;
  return token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
};

describe('forward-auth server under raw-HTTP fuzzing', () => {
  const method = fc.constantFrom('GET', 'POST', 'PUT', 'HEAD', 'OPTIONS', 'DELETE');
  const path = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom('/auth', '/auth/app', '/auth?x=1') },
    {
      weight: 2,
      arbitrary: fc.constantFrom('/authz', '/caep/events', '/healthz', '/denied', '//', '/%zz', '/denied?reason=<b>'),
    },
    { weight: 1, arbitrary: fc.constantFrom('/denied?reason=VIGIL_GATEWAY_EXPIRED,nope', '/denied?reason=%E0%A4%A') },
    { weight: 1, arbitrary: fc.stringMatching(/^\/[!-~]{0,30}$/) },
  );
  const token = fc.oneof(
    fc.constant('VALID'),
    fc.nat().map((at) => `TAMPERED:${at}`),
    fc.constantFrom('', 'a.b.c', '..', 'e30.e30.', 'x'.repeat(17_000)),
    fc.stringMatching(/^[!-~]{0,40}$/),
  );
  // Weighted so most requests parse and reach the decision; some break the framing on purpose.
  const header = fc.oneof(
    { weight: 4, arbitrary: token.map((t) => `Authorization: Bearer ${t}`) },
    { weight: 2, arbitrary: token.map((t) => `Cookie: a=b; vigil_ear=${t}; c`) },
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        `X-Client-Cert: ${encodeURIComponent(PEM)}`,
        `X-Client-Cert: ${encodeURIComponent(PEM).slice(0, 300)}`,
        'X-Client-Cert: %E0%A4%A',
        `X-Client-Cert: ${'A'.repeat(30_000)}`,
      ),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'X-Vigil-Require: disk.encryption, os.patches',
        `X-Vigil-Require: ${',x'.repeat(500)}`,
        'Accept: application/json',
        'Accept: text/html',
        'Authorization: Basic abc',
        'Authorization: Bearer',
        'Content-Type: application/secevent+jwt',
        'Content-Type: application/json',
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom('Content-Length: 5', 'Transfer-Encoding: chunked', 'Content-Length: x') },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.stringMatching(/^[A-Za-z-]{1,12}$/), fc.stringMatching(/^[ -~]{0,30}$/))
        .map(([name, value]) => `${name}: ${value}`),
    },
  );
  const body = fc.oneof(
    fc.constantFrom('', 'VALID', '{}', 'a.b.c'),
    fc.nat().map((at) => `TAMPERED:${at}`),
    fc.string({ maxLength: 200 }),
  );
  const fill = (text: string, what: string) =>
    text
      .replace(/^VALID$/, what)
      .replace(/TAMPERED:(\d+)/g, (_, at: string) => tampered(what, Number(at)))
      .replace(/(Bearer |vigil_ear=)VALID/g, `$1${valid}`)
      .replace(
        /(Bearer |vigil_ear=)TAMPERED:(\d+)/g,
        (_, p: string, at: string) => `${p}${tampered(valid, Number(at))}`,
      );

  it('never answers 500, allows only the valid token over its certificate, names documented reasons', async () => {
    await fc.assert(
      fc.asyncProperty(method, path, fc.array(header, { maxLength: 6 }), body, async (m, p, headers, payload) => {
        const lines = headers.map((h) => fill(h, valid));
        const content = fill(payload, validSet === payload ? validSet : tampered(validSet, payload.length));
        // A body gets its length unless the request already frames (or misframes) it on purpose.
        const framed = lines.some((l) => /^(Content-Length|Transfer-Encoding):/.test(l));
        const length = framed || content === '' ? [] : [`Content-Length: ${Buffer.byteLength(content)}`];
        const raw = [`${m} ${p} HTTP/1.1`, 'Host: gateway', 'Connection: close', ...lines, ...length, '', content].join(
          '\r\n',
        );
        const answer = await exchange(raw);
        if (!answer) return; // node closed a connection it could not parse: nothing was decided
        expect(answer.status, raw.slice(0, 200)).toBeLessThan(500);
        const route = p.split('?')[0];
        if (answer.status === 200 && (route === '/auth' || route?.startsWith('/auth/'))) {
          expect(lines.some((l) => l.includes(valid))).toBe(true);
          expect(lines).toContain(`X-Client-Cert: ${encodeURIComponent(PEM)}`);
        }
        for (const code of (answer.headers['x-vigil-reason'] ?? '').split(', ').filter(Boolean))
          expect(isReasonCode(code), code).toBe(true);
        if (route === '/caep/events' && answer.status === 400 && answer.body.startsWith('{'))
          expect(SET_ERRORS).toContain((JSON.parse(answer.body) as { err: string }).err);
      }),
      {
        numRuns: 250,
        examples: [
          ['GET', '//', [], ''],
          ['GET', '/auth', ['Authorization: Bearer VALID', `X-Client-Cert: ${encodeURIComponent(PEM)}`], ''],
        ],
      },
    );
    // Only a valid SET may revoke, and none was sent.
    expect(revocations.revokedThrough(DEVICE_ID)).toBeUndefined();
  });

  it('refuses every damaged SET with an RFC 8935 error, whatever the content type', async () => {
    const type = fc.constantFrom(
      'application/secevent+jwt',
      'Application/SecEvent+JWT; charset=utf-8',
      'application/jwt',
      'text/plain',
      '',
    );
    const damage = fc.tuple(fc.nat(), fc.constantFrom('A', '.', '=', ' ', '', '\u0000'));
    await fc.assert(
      fc.asyncProperty(type, damage, async (contentType, [at, char]) => {
        const i = at % validSet.length;
        const body = validSet.slice(0, i) + char + validSet.slice(i + 1);
        const raw = `POST /caep/events HTTP/1.1\r\nHost: g\r\nConnection: close\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
        const answer = await exchange(raw);
        const accepted = answer?.status === 202;
        // Replacing a character with itself leaves the valid SET; anything else is refused.
        expect(accepted).toBe(body === validSet && /^application\/secevent\+jwt/i.test(contentType));
        if (!accepted) expect([400, 415]).toContain(answer?.status);
        if (answer?.status === 400) expect(SET_ERRORS).toContain((JSON.parse(answer.body) as { err: string }).err);
      }),
      { numRuns: 150 },
    );
  });

  it('applies a valid SET once, after all that garbage', async () => {
    const post = (body: string) =>
      exchange(
        `POST /caep/events HTTP/1.1\r\nHost: g\r\nConnection: close\r\nContent-Type: application/secevent+jwt\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
    expect((await post(validSet))?.status).toBe(202);
    expect(revocations.revokedThrough(DEVICE_ID)).toBeDefined();
    expect((await post(validSet))?.status).toBe(202);
  });

  it('regression: a SET whose signature is spelled with different unused bits is refused', async () => {
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const fresh = await signSet(key, setClaims());
    const respelled = `${fresh.slice(0, -1)}${ALPHABET[ALPHABET.indexOf(fresh.at(-1) ?? 'A') ^ 1]}`;
    const answer = await exchange(
      `POST /caep/events HTTP/1.1\r\nHost: g\r\nConnection: close\r\nContent-Type: application/secevent+jwt\r\nContent-Length: ${respelled.length}\r\n\r\n${respelled}`,
    );
    expect(answer?.status).toBe(400);
    expect(JSON.parse(answer?.body ?? '{}')).toMatchObject({ err: 'invalid_request' });
  });
});
