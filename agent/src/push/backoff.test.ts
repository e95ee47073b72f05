import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, retryDelay } from './backoff.js';
import { toPushError } from './client.js';

const settings = { retries: 3, backoffBaseMs: 1000, backoffMaxMs: 8000, retryAfterMaxSeconds: 30 };

describe('retry policy', () => {
  it('never retries a POST without an Idempotency-Key', () => {
    expect(retryDelay({ attempt: 1, method: 'POST', idempotent: false, errorCode: 'ECONNRESET' }, settings)).toBe(0);
    expect(
      retryDelay({ attempt: 1, method: 'POST', idempotent: true, errorCode: 'ECONNRESET' }, settings),
    ).toBeGreaterThan(0);
  });

  it('retries network errors and overload statuses, not client errors, within the limit', () => {
    expect(retryDelay({ attempt: 1, method: 'GET', idempotent: false, status: 503 }, settings)).toBeGreaterThan(0);
    expect(retryDelay({ attempt: 1, method: 'GET', idempotent: false, status: 400 }, settings)).toBe(0);
    expect(
      retryDelay({ attempt: 1, method: 'GET', idempotent: false, errorCode: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, settings),
    ).toBe(0);
    expect(retryDelay({ attempt: 4, method: 'GET', idempotent: false, status: 503 }, settings)).toBe(0);
  });

  it('honours Retry-After but caps it', () => {
    expect(
      retryDelay({ attempt: 1, method: 'POST', idempotent: true, status: 429, retryAfterMs: 5000 }, settings),
    ).toBe(5000);
    expect(
      retryDelay({ attempt: 1, method: 'POST', idempotent: true, status: 429, retryAfterMs: 3_600_000 }, settings),
    ).toBe(30_000);
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter(new Date(Date.now() + 10_000).toUTCString())).toBeGreaterThan(8000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('grows exponentially with jitter inside [ceiling/2, ceiling]', () => {
    expect(backoffDelay(1, settings, () => 0)).toBe(500);
    expect(backoffDelay(1, settings, () => 1)).toBe(1000);
    expect(backoffDelay(3, settings, () => 1)).toBe(4000);
    expect(backoffDelay(10, settings, () => 1)).toBe(8000);
  });
});

describe('service errors', () => {
  const fromResponse = (statusCode: number, code: string) =>
    toPushError('/v1/evidence', {
      response: { statusCode, body: JSON.stringify({ code, message: 'm' }), headers: {} },
    });

  it('tells report refusals from device refusals and transient conflicts', () => {
    expect(fromResponse(401, 'VIGIL_EVIDENCE_KID').code).toBe('VIGIL_PUSH_REJECTED');
    expect(fromResponse(401, 'VIGIL_AUTH_CERT_UNTRUSTED').code).toBe('VIGIL_PUSH_UNAUTHORIZED');
    expect(fromResponse(403, 'VIGIL_AUTH_DEVICE_BANNED').code).toBe('VIGIL_PUSH_UNAUTHORIZED');
    expect(fromResponse(409, 'VIGIL_IDEMPOTENCY_IN_PROGRESS').transient).toBe(true);
    expect(fromResponse(409, 'VIGIL_EVIDENCE_SEQUENCE')).toMatchObject({
      code: 'VIGIL_PUSH_REJECTED',
      serviceCode: 'VIGIL_EVIDENCE_SEQUENCE',
    });
    expect(fromResponse(503, 'VIGIL_EVIDENCE_RETRY').transient).toBe(true);
    expect(toPushError('/x', { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }).code).toBe(
      'VIGIL_PUSH_UNREACHABLE',
    );
    expect(
      toPushError('/x', { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: 'unable to verify the first certificate' })
        .code,
    ).toBe('VIGIL_PUSH_TLS');
  });
});
