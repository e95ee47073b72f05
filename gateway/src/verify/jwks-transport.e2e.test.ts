/**
 * Transport lines of the security catalogue for the gateway's outgoing HTTPS (JWKS and
 * background checks): a server certificate from an unpinned CA fails, TLS below 1.2 fails, and
 * no source file ever turns certificate checking off. Certificates come from the openssl CLI.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server, type ServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serviceEarSource } from '../background/ear-source.js';
import { serviceKey, type ServiceKey } from '../test-support/ear.js';
import { TestPki, type Issued } from '../test-support/pki.js';
import { JwksKeyStore } from './key-store.js';

let dir: string;
let pinned: Issued;
let goodServer: Issued;
let strangerServer: Issued;
let key: ServiceKey;
let server: Server | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-transport-'));
  const pki = new TestPki(dir, (args) => execFileSync('openssl', args, { stdio: 'ignore', timeout: 10_000 }));
  pinned = pki.ca('pinned-ca');
  const stranger = pki.ca('stranger-ca');
  goodServer = pki.server('good-server', pinned);
  strangerServer = pki.server('stranger-server', stranger);
  key = await serviceKey();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function serve(cert: Issued, tls: ServerOptions = {}): Promise<string> {
  server = createServer({ cert: cert.certPem, key: cert.keyPem, ...tls }, (req, res) => {
    if (req.url === '/.well-known/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify(key.jwks));
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ear: 'a.b.c' }));
    }
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('JWKS over HTTPS with a pinned CA', () => {
  it('loads the key set from a server certified by the pinned CA', async () => {
    const base = await serve(goodServer);
    const store = await JwksKeyStore.open({ source: `${base}/.well-known/jwks.json`, ca: pinned.certPem });
    expect(store.has(key.kid)).toBe(true);
  });

  it('fails when the server certificate comes from an unpinned CA', async () => {
    const base = await serve(strangerServer);
    await expect(
      JwksKeyStore.open({ source: `${base}/.well-known/jwks.json`, ca: pinned.certPem }),
    ).rejects.toMatchObject({
      code: 'VIGIL_GATEWAY_JWKS_LOAD',
      message: expect.stringMatching(/certificate|verify/i),
    });
  });

  it('fails against a server that offers only TLS 1.1', async () => {
    const base = await serve(goodServer, { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
    await expect(
      JwksKeyStore.open({ source: `${base}/.well-known/jwks.json`, ca: pinned.certPem }),
    ).rejects.toMatchObject({
      code: 'VIGIL_GATEWAY_JWKS_LOAD',
      message: expect.stringMatching(/protocol|version|alert/i),
    });
    // Control: the server does speak TLS 1.1 to a client that allows it, so the refusal is ours.
    const port = Number(new URL(base).port);
    const protocol = await new Promise<string | null>((resolve, reject) => {
      const socket = connect(
        {
          host: '127.0.0.1',
          port,
          ca: pinned.certPem,
          minVersion: 'TLSv1',
          maxVersion: 'TLSv1.1',
          ciphers: 'DEFAULT@SECLEVEL=0',
        },
        () => {
          resolve(socket.getProtocol());
          socket.end();
        },
      );
      socket.on('error', reject);
    });
    expect(protocol).toBe('TLSv1.1');
  });

  it('uses the same pinning for background checks to the compliance service', async () => {
    const good = await serve(goodServer);
    const source = serviceEarSource({ serviceUrl: good, ca: pinned.certPem, audience: 'aud' });
    expect(await source.latestEar('x5t')).toBe('a.b.c');
    await new Promise((resolve) => server!.close(resolve));
    const bad = await serve(strangerServer);
    const strangerSource = serviceEarSource({ serviceUrl: bad, ca: pinned.certPem, audience: 'aud' });
    await expect(strangerSource.latestEar('x5t')).rejects.toMatchObject({ code: 'VIGIL_GATEWAY_SERVICE_REQUEST' });
  });
});

describe('source guard', () => {
  it('never disables certificate checking', () => {
    const roots = ['../../../gateway/src', '../../../service/src/caep'].map((p) =>
      fileURLToPath(new URL(p, import.meta.url)),
    );
    const offenders = roots.flatMap(sourceFiles).filter((file) => {
      const text = readFileSync(file, 'utf8');
      return (
        /rejectUnauthorized\s*:\s*false|NODE_TLS_REJECT_UNAUTHORIZED|checkServerIdentity\s*:/.test(text) &&
        !file.endsWith('.e2e.test.ts')
      );
    });
    expect(offenders).toEqual([]);
  });
});

function sourceFiles(root: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}
