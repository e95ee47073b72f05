import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openService, type OpenServiceOptions } from './service.js';
import { testStores } from './test-support/stores.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The default store (SQLite in the data directory), or a fresh PostgreSQL schema in that project. */
async function storeOption(): Promise<Pick<OpenServiceOptions, 'store'>> {
  const store = await testStores().location();
  return store ? { store } : {};
}

describe('openService', () => {
  it('creates CA, server certificate and keys on first start (dir 0700, files 0600) and reuses them', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'vigil-svc-')), 'data');
    dirs.push(dataDir);
    const database = await storeOption();
    const first = await openService({
      ...database,
      dataDir,
      serverNames: ['localhost', '127.0.0.1', 'vigil.example.test'],
      caKeyBits: 2048,
    });
    const caFingerprint = first.authority.certificate.fingerprint256;
    const jwks = (await first.app.inject({ url: '/.well-known/jwks.json' })).json() as { keys: Array<{ kid: string }> };
    await first.close();

    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    for (const file of readdirSync(dataDir)) expect(statSync(join(dataDir, file)).mode & 0o777, file).toBe(0o600);
    const server = new X509Certificate(first.tls.cert);
    expect(server.checkHost('vigil.example.test')).toBe('vigil.example.test');
    expect(server.checkIssued(first.authority.certificate)).toBe(true);

    const second = await openService({
      ...database,
      dataDir,
      serverNames: ['localhost', '127.0.0.1', 'vigil.example.test'],
    });
    expect(second.authority.certificate.fingerprint256).toBe(caFingerprint);
    expect(second.tls.cert).toBe(first.tls.cert);
    const again = (await second.app.inject({ url: '/.well-known/jwks.json' })).json() as {
      keys: Array<{ kid: string }>;
    };
    expect(again.keys.map((k) => k.kid)).toEqual(jwks.keys.map((k) => k.kid));
    await second.close();

    const renamed = await openService({ ...database, dataDir, serverNames: ['other.example.test'] });
    expect(new X509Certificate(renamed.tls.cert).checkHost('other.example.test')).toBe('other.example.test');
    await renamed.close();
  });

  it('uses an operator-provided certificate and key when given', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-svc-'));
    dirs.push(dataDir);
    const database = await storeOption();
    const probe = await openService({ ...database, dataDir, caKeyBits: 2048 });
    await probe.close();
    const operator = { keyPem: probe.tls.key, certPem: probe.tls.cert, caPem: probe.authority.certPem };
    const service = await openService({ ...database, dataDir, operatorTls: operator });
    expect(service.tls).toEqual({ key: operator.keyPem, cert: operator.certPem, trustAnchors: [operator.caPem] });
    await service.close();
  });
});
