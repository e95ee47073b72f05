import { describe, expect, it } from 'vitest';
import { createIntervalGate } from './interval-gate.js';

describe('interval gate', () => {
  it('accepts once per interval and reports the remaining wait', () => {
    const gate = createIntervalGate(60_000);
    expect(gate.tryAcquire(0).ok).toBe(true);
    expect(gate.tryAcquire(10_000)).toEqual({ ok: false, retryAfterMs: 50_000 });
    expect(gate.tryAcquire(60_000).ok).toBe(true);
  });

  it('gives the slot back when released', () => {
    const gate = createIntervalGate(60_000);
    const first = gate.tryAcquire(0);
    expect(first.ok).toBe(true);
    if (first.ok) first.release();
    expect(gate.tryAcquire(1).ok).toBe(true);
  });
});
