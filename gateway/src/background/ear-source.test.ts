import { describe, expect, it } from 'vitest';
import { cachedEarSource, type EarSource } from './ear-source.js';

const earWithExp = (exp: number) => `e30.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.sig`;

describe('cachedEarSource', () => {
  it('reuses answers for the TTL, never past the EAR exp, and clears on demand', async () => {
    let now = 1_000_000_000_000;
    let calls = 0;
    let answer: string | null = earWithExp(now / 1000 + 10);
    const source: EarSource = { latestEar: async () => (calls++, answer) };
    const cached = cachedEarSource(source, { ttlSeconds: 30, negativeTtlSeconds: 5, now: () => now });
    await cached.latestEar('t');
    await cached.latestEar('t');
    expect(calls).toBe(1);
    now += 10_000; // the EAR's exp, before the TTL
    await cached.latestEar('t');
    expect(calls).toBe(2);
    cached.clear();
    answer = null;
    expect(await cached.latestEar('t')).toBeNull();
    expect(await cached.latestEar('t')).toBeNull();
    expect(calls).toBe(3);
    now += 5_000;
    await cached.latestEar('t');
    expect(calls).toBe(4);
  });

  it('does not cache failures', async () => {
    let calls = 0;
    const cached = cachedEarSource({ latestEar: async () => (calls++, Promise.reject(new Error('down'))) });
    await expect(cached.latestEar('t')).rejects.toThrow('down');
    await expect(cached.latestEar('t')).rejects.toThrow('down');
    expect(calls).toBe(2);
  });
});
