import { describe, expect, it } from 'vitest';
import { ChallengeLimiter } from './rate-limit.js';

describe('challenge token bucket', () => {
  it('allows the burst, then asks to wait for the next token', () => {
    const limiter = new ChallengeLimiter(2, 6);
    expect(limiter.take('d', 0)).toBe(0);
    expect(limiter.take('d', 0)).toBe(0);
    expect(limiter.take('d', 0)).toBe(10);
    expect(limiter.take('d', 10_000)).toBe(0);
  });

  it('is not drained when the wall clock steps back', () => {
    const limiter = new ChallengeLimiter(10, 6);
    const now = 1_800_000_000_000;
    expect(limiter.take('d', now + 600_000)).toBe(0);
    // The clock is corrected ten minutes back: the device may still ask (it had tokens left).
    expect(limiter.take('d', now)).toBe(0);
    expect(limiter.take('d', now + 1000)).toBe(0);
  });
});
