/**
 * Two stores on one schema are two replicas. Whatever must happen once happens once, however
 * the two interleave: a one-use token, a nonce, an idempotency claim, a chain step, key material.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStores } from '../../test-support/stores.js';
import type { Store } from '../types.js';
import { openPostgresStore, type PostgresStore } from './postgres-store.js';
import { enrollInput, fakeCertificate, ingestInput } from '../../test-support/store-inputs.js';

const ROUNDS = 25;
let a: PostgresStore;
let b: PostgresStore;

beforeAll(async () => {
  const location = await testStores().location();
  if (location?.kind !== 'postgres') throw new Error('these tests run in the postgres vitest project');
  [a, b] = await Promise.all([
    openPostgresStore({ url: location.url, max: 4 }),
    openPostgresStore({ url: location.url, max: 4 }),
  ]);
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

async function newToken(store: Store, uses = 1) {
  const id = randomBytes(8).toString('hex');
  const secretHash = randomBytes(32);
  await store.createEnrollmentToken({
    id,
    secretHash,
    expiresAt: new Date(Date.now() + 3_600_000),
    uses,
    now: new Date(),
  });
  return { id, secretHash };
}

async function enrolledDevice(): Promise<string> {
  const token = await newToken(a);
  const input = enrollInput(token.id, token.secretHash);
  expect(await a.enroll(input)).toEqual({ ok: true, reenrolled: false });
  return input.deviceId;
}

describe('PostgreSQL store: two replicas racing', () => {
  it('lets exactly one of two enrollments use a one-use token', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const token = await newToken(a);
      const outcomes = await Promise.all([
        a.enroll(enrollInput(token.id, token.secretHash)),
        b.enroll(enrollInput(token.id, token.secretHash)),
      ]);
      expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
      expect(outcomes.find((o) => !o.ok)).toEqual({ ok: false, reason: 'token-used' });
    }
  });

  it('gives one key to one device even when two enrollments with it race on two tokens', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const spki = randomBytes(8).toString('hex');
      const [t1, t2] = await Promise.all([newToken(a), newToken(b)]);
      const outcomes = await Promise.all([
        a.enroll(enrollInput(t1.id, t1.secretHash, fakeCertificate(spki))),
        b.enroll(enrollInput(t2.id, t2.secretHash, fakeCertificate(spki))),
      ]);
      expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
      expect(outcomes.find((o) => !o.ok)).toEqual({ ok: false, reason: 'key-in-use' });
    }
  });

  it('consumes a nonce once: the same report through both replicas is stored once', async () => {
    const deviceId = await enrolledDevice();
    let prev: string | undefined;
    for (let seq = 1; seq <= ROUNDS; seq++) {
      const nonce = randomBytes(16).toString('base64url');
      await a.createNonce({ nonce, deviceId, expiresAt: new Date(Date.now() + 60_000) });
      const x = { ...ingestInput(deviceId, seq, prev, nonce), previousVerdict: true };
      const y = { ...ingestInput(deviceId, seq, prev, nonce), hash: x.hash, previousVerdict: true };
      const outcomes = await Promise.all([a.ingest(x), b.ingest(y)]);
      const winners = outcomes.filter((o) => o.ok);
      expect(winners).toHaveLength(1);
      expect(outcomes.find((o) => !o.ok)).toEqual({ ok: false, reason: 'nonce-unknown' });
      // Only the winner hears the verdict it follows (CAEP sends a change once).
      expect(winners[0]).toMatchObject({
        previousVerdictJson: seq === 1 ? null : JSON.stringify({ status: 'compliant', seq: seq - 1 }),
      });
      prev = x.hash;
    }
    const device = await b.getDevice(deviceId);
    expect([device?.lastSeq, device?.forkedAt]).toEqual([ROUNDS, null]);
  });

  it('extends a chain by one step at a time: of two next reports one wins, the chain stays linear', async () => {
    const deviceId = await enrolledDevice();
    let prev: string | undefined;
    for (let seq = 1; seq <= ROUNDS; seq++) {
      const nonces = [randomBytes(16).toString('base64url'), randomBytes(16).toString('base64url')];
      for (const nonce of nonces) await b.createNonce({ nonce, deviceId, expiresAt: new Date(Date.now() + 60_000) });
      const forked = (await a.getDevice(deviceId))?.forkedAt !== null;
      const x = { ...ingestInput(deviceId, seq, prev, nonces[0]), assumedForked: forked };
      const y = { ...ingestInput(deviceId, seq, prev, nonces[1]), assumedForked: forked };
      const outcomes = await Promise.all([a.ingest(x), b.ingest(y)]);
      expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
      // Two different reports for one position are a fork: the loser is refused and flags it.
      expect(outcomes.find((o) => !o.ok)).toEqual({ ok: false, reason: 'sequence-regress' });
      prev = outcomes[0]!.ok ? x.hash : y.hash;
    }
    const reports = (await a.listReports(deviceId, 1000)).reverse();
    expect(reports.map((r) => r.seq)).toEqual(Array.from({ length: ROUNDS }, (_, i) => i + 1));
    const device = await a.getDevice(deviceId);
    expect([device?.lastSeq, device?.lastHash]).toEqual([ROUNDS, reports.at(-1)?.hash]);
    expect(device?.forkedAt).not.toBeNull();
  });

  it('grants one idempotency claim: the other replica hears in-progress, then the stored response', async () => {
    const deviceId = await enrolledDevice();
    for (let round = 0; round < ROUNDS; round++) {
      const claim = {
        deviceId,
        key: `key-${round}-${randomBytes(4).toString('hex')}`,
        bodyHash: 'h',
        staleAfterMs: 60_000,
      };
      const begun = await Promise.all([
        a.beginIdempotent({ ...claim, now: new Date() }),
        b.beginIdempotent({ ...claim, now: new Date() }),
      ]);
      expect(begun.map((s) => s.state).sort()).toEqual(['in-progress', 'new']);
      const winner = begun[0]!.state === 'new' ? a : b;
      await winner.completeIdempotent({ deviceId, key: claim.key, statusCode: 200, body: `{"round":${round}}` });
      const again = await Promise.all([
        a.beginIdempotent({ ...claim, now: new Date() }),
        b.beginIdempotent({ ...claim, now: new Date() }),
      ]);
      expect(again).toEqual([
        { state: 'replay', statusCode: 200, body: `{"round":${round}}` },
        { state: 'replay', statusCode: 200, body: `{"round":${round}}` },
      ]);
      expect(await a.beginIdempotent({ ...claim, bodyHash: 'other', now: new Date() })).toEqual({ state: 'mismatch' });
    }
  });

  it('creates shared key material once, however many replicas ask at once', async () => {
    let created = 0;
    const create = async (current: string | undefined) => {
      if (current !== undefined) return undefined;
      created++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return `material-${created}`;
    };
    const values = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).keyMaterial.update('test-ca', create)),
    );
    expect(created).toBe(1);
    expect(new Set(values)).toEqual(new Set(['material-1']));
    expect(await b.keyMaterial.read('test-ca')).toBe('material-1');
  });
});
