/**
 * Migration 003 and the SQLite store's ownership/consent columns, on a real database file: a
 * device written by the v2 schema survives the upgrade with no consent, new enrollments store
 * ownership and consent, and a report cannot change a device's ownership.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../migrations/index.js';
import type { EnrollInput, IngestInput, Store } from '../types.js';
import { openDatabase } from './open.js';
import { sqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});
const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-consent-'));
  dirs.push(dir);
  return join(dir, 'service.sqlite');
};
const open = (path: string) => {
  const store = sqliteStore(openDatabase(path));
  stores.push(store);
  return store;
};

const now = new Date('2025-06-01T10:00:00.000Z');
const TOKEN = { id: 'tok1', secretHash: Buffer.alloc(32, 7) };

function enrollInput(deviceId: string, thumbprint: string, extra: Partial<EnrollInput>): EnrollInput {
  return {
    tokenId: TOKEN.id,
    tokenSecretHash: TOKEN.secretHash,
    deviceId,
    reenroll: false,
    certificate: {
      thumbprint,
      serialHex: thumbprint,
      spkiThumbprint: `spki-${thumbprint}`,
      notBefore: now,
      notAfter: new Date(now.getTime() + 86_400_000),
      pem: 'PEM',
    },
    ownership: 'managed',
    consent: null,
    now,
    ...extra,
  };
}

describe('migration 003 (byod-consent) and the SQLite store', () => {
  it('upgrades a v2 database: existing devices keep their ownership and get no consent', async () => {
    const path = tempDb();
    const v2 = openDatabase(
      path,
      MIGRATIONS.filter((m) => m.version <= 2),
    );
    v2.prepare(
      "INSERT INTO devices (id, status, enrolled_at, ownership) VALUES ('old-personal', 'active', 1, 'personal')",
    ).run();
    v2.prepare("INSERT INTO devices (id, status, enrolled_at) VALUES ('old-silent', 'active', 1)").run();
    v2.close();
    const store = open(path);
    expect(await store.getDevice('old-personal')).toMatchObject({ ownership: 'personal', consent: null });
    expect(await store.getDevice('old-silent')).toMatchObject({ ownership: null, consent: null });
  });

  it('stores ownership and consent at enrollment and reads them back', async () => {
    const store = open(tempDb());
    await store.createEnrollmentToken({ ...TOKEN, expiresAt: new Date(now.getTime() + 3_600_000), uses: 2, now });
    const consent = { statementVersion: '1', acceptedAt: new Date('2025-06-01T09:59:30.123Z') };
    expect(await store.enroll(enrollInput('dev-p', 'cert-p', { ownership: 'personal', consent }))).toEqual({
      ok: true,
      reenrolled: false,
    });
    expect(await store.enroll(enrollInput('dev-m', 'cert-m', {}))).toMatchObject({ ok: true });
    expect(await store.getDevice('dev-p')).toMatchObject({ ownership: 'personal', consent });
    expect(await store.getDevice('dev-m')).toMatchObject({ ownership: 'managed', consent: null });
    expect((await store.findIdentity('cert-p'))?.device.consent).toEqual(consent);
    expect((await store.listDevices({ limit: 10 })).map((d) => [d.id, d.ownership])).toEqual([
      ['dev-m', 'managed'],
      ['dev-p', 'personal'],
    ]);
  });

  it('keeps the enrolled ownership when a report declares another, and fills it when unknown', async () => {
    const path = tempDb();
    const v2 = openDatabase(
      path,
      MIGRATIONS.filter((m) => m.version <= 2),
    );
    v2.prepare("INSERT INTO devices (id, status, enrolled_at) VALUES ('old-silent', 'active', 1)").run();
    v2.close();
    const store = open(path);
    await store.createEnrollmentToken({ ...TOKEN, expiresAt: new Date(now.getTime() + 3_600_000), uses: 1, now });
    const consent = { statementVersion: '1', acceptedAt: now };
    await store.enroll(enrollInput('dev-p', 'cert-p', { ownership: 'personal', consent }));
    const report = (deviceId: string, ownership: string): IngestInput => ({
      deviceId,
      now,
      nonce: undefined,
      jti: `jti-${deviceId}`,
      seq: 1,
      prev: undefined,
      gap: undefined,
      hash: 'h1',
      iat: Math.floor(now.getTime() / 1000),
      skewSeconds: 0,
      assumedForked: false,
      verdictStatus: 'compliant',
      verdictJson: '{}',
      postureJson: '{}',
      device: { ownership, platform: 'linux', hostname: null, reportIntervalSeconds: 900 },
      firstFailedAt: {},
      result: undefined,
      response: { statusCode: 200, body: '{}' },
      idempotencyKey: `jti-${deviceId}`,
    });
    await store.beginIdempotent({ deviceId: 'dev-p', key: 'jti-dev-p', bodyHash: 'b', now, staleAfterMs: 60_000 });
    expect(await store.ingest(report('dev-p', 'managed'))).toMatchObject({ ok: true });
    expect(await store.getDevice('dev-p')).toMatchObject({ ownership: 'personal', consent, lastSeq: 1 });
    await store.beginIdempotent({
      deviceId: 'old-silent',
      key: 'jti-old-silent',
      bodyHash: 'b',
      now,
      staleAfterMs: 60_000,
    });
    expect(await store.ingest(report('old-silent', 'personal'))).toMatchObject({ ok: true });
    expect((await store.getDevice('old-silent'))?.ownership).toBe('personal');
  });
});
