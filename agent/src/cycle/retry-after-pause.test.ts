import { describe, expect, it } from 'vitest';
import { PushError } from '../push/api.js';
import { testCache } from '../test-support/fixtures.js';
import { activeRetryAfter, pauseFor } from './retry-after-pause.js';

const NOW = Date.parse('2030-01-01T00:00:00Z');
const overloaded = (retryAfterMs?: number) =>
  new PushError('VIGIL_PUSH_SERVER_ERROR', 'HTTP 503', {
    status: 503,
    serviceCode: 'VIGIL_SERVICE_OVERLOADED',
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
const rateLimited = (retryAfterMs?: number) =>
  new PushError('VIGIL_PUSH_RATE_LIMITED', 'HTTP 429', {
    status: 429,
    serviceCode: 'VIGIL_CHALLENGE_RATE_LIMITED',
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });

describe('pauseFor', () => {
  it('a 503 with Retry-After pauses everything, on a challenge or on evidence', () => {
    for (const request of ['challenge', 'evidence'] as const) {
      expect(pauseFor(overloaded(4000), request, NOW, 300)).toEqual({
        until: NOW + 4000,
        scope: 'everything',
        code: 'VIGIL_PUSH_SERVER_ERROR',
        status: 503,
        serviceCode: 'VIGIL_SERVICE_OVERLOADED',
      });
    }
  });

  it('a 429 on a challenge pauses challenges only; a minute when it gave no Retry-After', () => {
    expect(pauseFor(rateLimited(5000), 'challenge', NOW, 300)).toMatchObject({
      until: NOW + 5000,
      scope: 'challenges',
    });
    expect(pauseFor(rateLimited(), 'challenge', NOW, 300)).toMatchObject({ until: NOW + 60_000 });
  });

  it('no pause: a 503 without Retry-After, a 429 on evidence, other statuses, Retry-After: 0', () => {
    expect(pauseFor(overloaded(), 'challenge', NOW, 300)).toBeNull();
    expect(pauseFor(rateLimited(5000), 'evidence', NOW, 300)).toBeNull();
    const failing = new PushError('VIGIL_PUSH_SERVER_ERROR', 'HTTP 500', { status: 500, retryAfterMs: 5000 });
    expect(pauseFor(failing, 'challenge', NOW, 300)).toBeNull();
    expect(pauseFor(overloaded(0), 'challenge', NOW, 300)).toBeNull();
  });

  it('caps the wait at push.retryAfterMaxSeconds', () => {
    expect(pauseFor(overloaded(3_600_000), 'evidence', NOW, 30)?.until).toBe(NOW + 30_000);
  });
});

describe('activeRetryAfter', () => {
  it('honours the bare timestamp an older agent stored for a 429', () => {
    const cache = testCache();
    cache.kv.set('challenge.retry_at', NOW + 10_000);
    expect(activeRetryAfter(cache, NOW, 300)).toMatchObject({ until: NOW + 10_000, scope: 'challenges', status: 429 });
    expect(activeRetryAfter(cache, NOW + 10_000, 300)).toBeNull();
    expect(cache.kv.get('challenge.retry_at')).toBeNull();
  });
});
