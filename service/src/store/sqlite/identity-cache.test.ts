/**
 * The SQLite store's identity cache never serves what a write has changed: a ban, a renewal, a
 * promotion, a resync request or a report is visible to the very next `findIdentity`, on a real
 * database file. Lookups between writes are served from the cache.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { enrollInput, fakeCertificate, ingestInput } from '../../test-support/store-inputs.js';
import type { Store } from '../types.js';
import { IdentityCache } from './identity-cache.js';
import { openDatabase } from './open.js';
import { sqliteStore } from './sqlite-store.js';
import type { Db } from './open.js';

const now = new Date();
const TOKEN = { id: 'tok1', secretHash: Buffer.alloc(32, 7) };
const certificate = (thumbprint: string) => ({ ...fakeCertificate(), thumbprint });
const enroll = (deviceId: string, thumbprint: string) => ({
  ...enrollInput(TOKEN.id, TOKEN.secretHash, certificate(thumbprint)),
  deviceId,
});

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function openStore(): { store: Store; db: Db } {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-identity-cache-'));
  const db = openDatabase(join(dir, 'service.sqlite'));
  const store = sqliteStore(db);
  cleanup.push(
    () => rmSync(dir, { recursive: true, force: true }),
    () => store.close(),
  );
  return { store, db };
}

/** Report `seq` of a device through the store, as the evidence route would store it. */
async function ingest(store: Store, deviceId: string, seq: number, prev?: string) {
  const input = ingestInput(deviceId, seq, prev);
  await store.beginIdempotent({ deviceId, key: input.idempotencyKey, bodyHash: 'b', now, staleAfterMs: 60_000 });
  return { outcome: await store.ingest(input), input };
}

async function enrolledStore() {
  const opened = openStore();
  await opened.store.createEnrollmentToken({ ...TOKEN, expiresAt: new Date(now.getTime() + 3_600_000), uses: 5, now });
  expect(await opened.store.enroll(enroll('dev-a', 'cert-a'))).toEqual({ ok: true, reenrolled: false });
  expect(await opened.store.enroll(enroll('dev-b', 'cert-b'))).toEqual({ ok: true, reenrolled: false });
  return opened;
}

describe('SQLite identity cache', () => {
  it('serves repeated lookups from memory: the table can change under it only through the store', async () => {
    const { store, db } = await enrolledStore();
    expect((await store.findIdentity('cert-a'))?.device.status).toBe('active');
    // Written behind the store's back (no one does this in production): the cached entry stands.
    db.prepare("UPDATE devices SET status = 'banned' WHERE id = 'dev-a'").run();
    expect((await store.findIdentity('cert-a'))?.device.status).toBe('active');
  });

  it('a ban, an unban and a resync request show on the very next lookup', async () => {
    const { store } = await enrolledStore();
    await store.findIdentity('cert-a');
    await store.setDeviceStatus('dev-a', 'banned', 'lost laptop');
    expect((await store.findIdentity('cert-a'))?.device).toMatchObject({
      status: 'banned',
      statusReason: 'lost laptop',
    });
    await store.setDeviceStatus('dev-a', 'active', null);
    expect((await store.findIdentity('cert-a'))?.device.status).toBe('active');
    await store.requestResync('dev-a');
    expect((await store.findIdentity('cert-a'))?.device.resyncPending).toBe(true);
  });

  it('a renewal and its promotion show on the very next lookup of either certificate', async () => {
    const { store } = await enrolledStore();
    await store.findIdentity('cert-a');
    await store.addCertificate('dev-a', certificate('cert-a2'), now);
    expect((await store.findIdentity('cert-a2'))?.certificate.status).toBe('active');
    await store.promoteCertificate('dev-a', 'cert-a2');
    expect((await store.findIdentity('cert-a'))?.certificate.status).toBe('superseded');
    expect((await store.findIdentity('cert-a2'))?.device.currentCertThumbprint).toBe('cert-a2');
  });

  it("a report forgets its own device's entry, and only that one", async () => {
    const { store, db } = await enrolledStore();
    await store.findIdentity('cert-a');
    await store.findIdentity('cert-b');
    expect((await ingest(store, 'dev-a', 1)).outcome).toMatchObject({ ok: true });
    expect((await store.findIdentity('cert-a'))?.device.lastSeq).toBe(1);
    // dev-b's entry survived dev-a's report: a change made behind the store does not show.
    db.prepare("UPDATE devices SET hostname = 'behind' WHERE id = 'dev-b'").run();
    expect((await store.findIdentity('cert-b'))?.device.hostname).toBeNull();
  });

  it('a rejected report (fork flagged in the same transaction) shows too', async () => {
    const { store } = await enrolledStore();
    const first = await ingest(store, 'dev-a', 1);
    expect(first.outcome).toMatchObject({ ok: true });
    await store.findIdentity('cert-a');
    const skipped = await ingest(store, 'dev-a', 5, first.input.hash);
    expect(skipped.outcome).toEqual({ ok: false, reason: 'sequence-gap' });
    expect((await store.findIdentity('cert-a'))?.device.forkedAt).toEqual(skipped.input.now);
  });

  it('a re-enrollment revokes the old certificate on the next lookup', async () => {
    const { store } = await enrolledStore();
    await store.setDeviceStatus('dev-a', 'retired', 'new disk');
    const bound = { id: 'tok2', secretHash: Buffer.alloc(32, 9) };
    const expiresAt = new Date(now.getTime() + 3_600_000);
    await store.createEnrollmentToken({ ...bound, expiresAt, uses: 1, deviceId: 'dev-a', now });
    expect((await store.findIdentity('cert-a'))?.certificate.status).toBe('active');
    const again = { ...enroll('dev-a', 'cert-a3'), tokenId: bound.id, tokenSecretHash: bound.secretHash };
    expect(await store.enroll({ ...again, reenroll: true })).toEqual({ ok: true, reenrolled: true });
    expect((await store.findIdentity('cert-a'))?.certificate.status).toBe('revoked');
    expect((await store.findIdentity('cert-a3'))?.device.status).toBe('active');
  });

  it('drops everything when full rather than grow without bound', () => {
    const cache = new IdentityCache(2);
    const identity = (id: string) => ({ device: { id }, certificate: {} }) as never;
    let reads = 0;
    const read = (thumbprint: string) => {
      reads++;
      return identity(`dev-${thumbprint}`);
    };
    cache.get('t1', read);
    cache.get('t2', read);
    cache.get('t1', read);
    expect([reads, cache.size]).toEqual([2, 2]);
    cache.get('t3', read);
    expect(cache.size).toBe(1);
    cache.get('t1', read);
    expect(reads).toBe(4);
    expect(cache.get('none', () => undefined)).toBeUndefined();
    expect(cache.size).toBe(2);
  });
});
