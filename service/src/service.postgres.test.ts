/**
 * Replicas of one service on one PostgreSQL database (here in one process, each with its own
 * data directory): one CA and one key ring, created once even when they start together; a
 * rotated key published everywhere before anyone signs with it; one policy; and a single-node
 * data directory imported once, while a data directory holding another CA is refused.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openService, type OpenedService, type OpenServiceOptions } from './service.js';
import { CA_MATERIAL } from './shared-keys.js';
import { openPostgresStore } from './store/postgres/postgres-store.js';
import type { StoreLocation } from './store/location.js';
import { TEST_POLICY_YAML } from './test-support/policy.js';
import { testStores } from './test-support/stores.js';
import { mintToken } from './tokens.js';

const dirs: string[] = [];
const services: OpenedService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-replica-'));
  dirs.push(dir);
  return dir;
};

async function database(): Promise<StoreLocation> {
  const location = await testStores().location();
  if (location?.kind !== 'postgres') throw new Error('this test runs in the postgres vitest project');
  return location;
}

async function replica(options: Partial<OpenServiceOptions> = {}) {
  const dataDir = options.dataDir ?? tempDir();
  const service = await openService({ caKeyBits: 2048, serverNames: ['localhost'], ...options, dataDir });
  services.push(service);
  return { service, dataDir };
}

const kids = async (service: OpenedService) =>
  ((await service.app.inject({ url: '/.well-known/jwks.json' })).json() as { keys: { kid: string }[] }).keys.map(
    (k) => k.kid,
  );

async function adminHeaders(service: OpenedService) {
  const admin = mintToken('adm');
  await service.store.createAdminToken({ id: admin.id, secretHash: admin.secretHash, now: new Date() });
  return { authorization: `Bearer ${admin.token}` };
}

async function eventually(probe: () => Promise<boolean> | boolean, what: string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('replicas sharing a PostgreSQL database', () => {
  it('share one CA and one key ring, created once though they start at the same moment', async () => {
    const store = await database();
    const replicas = await Promise.all([0, 1, 2].map(() => replica({ store })));
    const fingerprints = new Set(replicas.map((r) => r.service.authority.certificate.fingerprint256));
    expect(fingerprints.size).toBe(1);
    const published = await Promise.all(replicas.map((r) => kids(r.service)));
    expect(published[0]).toHaveLength(1);
    expect(published.every((k) => k.join() === published[0]!.join())).toBe(true);
    for (const { service, dataDir } of replicas) {
      // Agents pin the public certificate; the CA key and result keys live in the database only.
      expect(readFileSync(join(dataDir, 'ca-cert.pem'), 'utf8')).toBe(service.authority.certPem);
      expect(existsSync(join(dataDir, 'ca-key.pem'))).toBe(false);
      expect(existsSync(join(dataDir, 'result-signing-keys.json'))).toBe(false);
    }
  });

  it('publish a key rotated at one replica at every replica before any of them signs with it', async () => {
    const store = await database();
    const options = { store, keyPublishAheadSeconds: 2, sharedRefreshMs: 100 };
    const [{ service: a }, { service: b }] = await Promise.all([replica(options), replica(options)]);
    const [old] = await kids(b);
    const rotated = await a.app.inject({
      method: 'POST',
      url: '/v1/admin/keys/rotate',
      headers: await adminHeaders(a),
    });
    const { kid, activatesAt } = rotated.json() as { kid: string; activatesAt: string };
    expect(Date.parse(activatesAt) - Date.now()).toBeGreaterThan(1_000);
    await eventually(async () => (await kids(b)).includes(kid), 'the other replica to publish the new key');
    // Published everywhere, signing nowhere yet.
    expect([a.keys.current().kid, b.keys.current().kid]).toEqual([old, old]);
    await eventually(() => a.keys.current().kid === kid && b.keys.current().kid === kid, 'activation', 5_000);
    for (const service of [a, b]) expect(await kids(service)).toEqual([kid, old]);
  });

  it('take up a policy stored through another replica', async () => {
    const store = await database();
    const [{ service: a }, { service: b }] = await Promise.all([
      replica({ store, sharedRefreshMs: 100 }),
      replica({ store, sharedRefreshMs: 100 }),
    ]);
    const put = await a.app.inject({
      method: 'PUT',
      url: '/v1/admin/policy',
      headers: { ...(await adminHeaders(a)), 'content-type': 'application/yaml' },
      payload: TEST_POLICY_YAML,
    });
    expect(put.statusCode).toBe(200);
    const { hash } = put.json() as { hash: string };
    const headers = await adminHeaders(b);
    await eventually(async () => {
      const current = (await b.app.inject({ url: '/v1/admin/policy', headers })).json() as { hash: string };
      return current.hash === hash;
    }, 'the policy at the other replica');
  });

  it('import the CA and keys of a single-node data directory once; refuse a directory with another CA', async () => {
    const single = await replica(); // SQLite in its data directory, as before PostgreSQL
    const fingerprint = single.service.authority.certificate.fingerprint256;
    const before = await kids(single.service);
    await services.pop()!.close();

    const store = await database();
    const moved = await replica({ store, dataDir: single.dataDir });
    expect(moved.service.authority.certificate.fingerprint256).toBe(fingerprint);
    expect(await kids(moved.service)).toEqual(before);
    const fresh = await replica({ store });
    expect(fresh.service.authority.certificate.fingerprint256).toBe(fingerprint);

    const other = await replica(); // another single node with its own CA
    await services.pop()!.close();
    await expect(openService({ dataDir: other.dataDir, store })).rejects.toMatchObject({
      code: 'VIGIL_KEYS_CA_MISMATCH',
    });
  });

  it('refuse a CA certificate without its key on an empty database, storing nothing', async () => {
    const orphan = tempDir();
    const donor = await replica();
    copyFileSync(join(donor.dataDir, 'ca-cert.pem'), join(orphan, 'ca-cert.pem'));
    const store = await database();
    await expect(openService({ dataDir: orphan, store })).rejects.toMatchObject({ code: 'VIGIL_KEYS_CA_MISMATCH' });
    if (store.kind !== 'postgres') throw new Error('unreachable');
    const direct = await openPostgresStore({ url: store.url, max: 1 });
    try {
      expect(await direct.keyMaterial.read(CA_MATERIAL)).toBeUndefined();
    } finally {
      await direct.close();
    }
  });
});
