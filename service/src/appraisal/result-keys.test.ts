import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryKeyRingStorage, ResultKeyRing } from './result-keys.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const kids = (ring: ResultKeyRing) => ring.jwks().keys.map((k) => k.kid);

describe('result key ring', () => {
  it('publishes a rotated key before it signs, and keeps the old one published for a day', async () => {
    let now = new Date('2030-01-01T00:00:00Z');
    const clock = () => now;
    const storage = memoryKeyRingStorage();
    const a = await ResultKeyRing.open(storage, { publishAheadMs: 60_000, now: clock });
    const b = await ResultKeyRing.open(storage, { publishAheadMs: 60_000, now: clock });
    const old = a.current().kid;
    expect(b.current().kid).toBe(old);

    const next = await a.rotate();
    expect(a.activatesAt(next)).toEqual(new Date('2030-01-01T00:01:00Z'));
    expect(kids(a)).toEqual([next, old]);
    expect(a.current().kid).toBe(old);
    expect(kids(b)).toEqual([old]); // the other replica learns of it on its next refresh
    await b.refresh();
    expect([kids(b), b.current().kid]).toEqual([[next, old], old]);

    now = new Date('2030-01-01T00:01:00Z');
    expect([a.current().kid, b.current().kid]).toEqual([next, next]);
    now = new Date('2030-01-02T00:00:59Z');
    expect(kids(b)).toEqual([next, old]);
    now = new Date('2030-01-02T00:01:00Z');
    expect(kids(b)).toEqual([next]);
  });

  it('signs with a rotated key at once when nothing needs warning (one process)', async () => {
    const ring = await ResultKeyRing.open(undefined);
    const old = ring.current().kid;
    const next = await ring.rotate();
    expect([ring.current().kid, kids(ring)]).toEqual([next, [next, old]]);
  });

  it('drops a compromised key at once: gone from the JWKS and the storage; if it signed, a new key signs now', async () => {
    let now = new Date('2030-01-01T00:00:00Z');
    const storage = memoryKeyRingStorage();
    const a = await ResultKeyRing.open(storage, { publishAheadMs: 60_000, now: () => now });
    const b = await ResultKeyRing.open(storage, { publishAheadMs: 60_000, now: () => now });
    const first = a.current().kid;
    const pending = await a.rotate();
    now = new Date('2030-01-01T00:00:30Z');

    // A key not yet signing: dropped, nothing else changes.
    expect(await a.drop(pending)).toEqual({ dropped: pending, signing: first });
    expect(kids(a)).toEqual([first]);

    // The signer: replaced by a key that signs at once, publish-ahead notwithstanding.
    const outcome = await a.drop(first);
    expect(outcome?.dropped).toBe(first);
    expect(outcome?.signing).not.toBe(first);
    expect([a.current().kid, kids(a)]).toEqual([outcome?.signing, [outcome?.signing]]);
    const stored = (await storage.read()) ?? '';
    expect(stored).not.toContain(first);
    expect(stored).not.toContain(pending);
    // Another replica stops using it at its next refresh.
    expect(b.current().kid).toBe(first);
    await b.refresh();
    expect([b.current().kid, kids(b)]).toEqual([outcome?.signing, [outcome?.signing]]);

    expect(await a.drop(first)).toBeUndefined(); // already gone
    expect(await a.drop('no-such-kid')).toBeUndefined();
  });

  it('dropping a retired key keeps the signer', async () => {
    const ring = await ResultKeyRing.open(undefined);
    const old = ring.current().kid;
    const next = await ring.rotate();
    expect(await ring.drop(old)).toEqual({ dropped: old, signing: next });
    expect(kids(ring)).toEqual([next]);
  });

  it('keeps the ring in a 0600 file and reads the format earlier versions wrote', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-keys-'));
    dirs.push(dir);
    const path = join(dir, 'result-signing-keys.json');
    const first = await ResultKeyRing.open(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect((await ResultKeyRing.open(path)).current().kid).toBe(first.current().kid);

    const legacy = async (createdAt: string, retiredAt?: string) => {
      const privateJwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }) as JWK;
      const publicJwk = { kty: privateJwk.kty, crv: privateJwk.crv, x: privateJwk.x, y: privateJwk.y };
      return {
        kid: await calculateJwkThumbprint(publicJwk),
        createdAt,
        ...(retiredAt ? { retiredAt } : {}),
        privateJwk,
      };
    };
    const recent = new Date(Date.now() - 3_600_000).toISOString();
    const current = await legacy(recent);
    const retired = await legacy(new Date(Date.now() - 7_200_000).toISOString(), recent);
    writeFileSync(path, JSON.stringify({ keys: [current, retired] }));
    const loaded = await ResultKeyRing.open(path);
    expect([loaded.current().kid, kids(loaded)]).toEqual([current.kid, [current.kid, retired.kid]]);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ keys: [current, retired] });
  });
});
