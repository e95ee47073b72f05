/**
 * Retry decisions for got. got retries POST only when told; we allow it only for requests that
 * carry an Idempotency-Key (the service answers a replay with the stored response). Delays grow
 * exponentially with "equal jitter" (half fixed, half random) so a fleet that lost the service
 * together does not come back in lockstep. A Retry-After is obeyed but capped.
 */
export interface BackoffSettings {
  retries: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  retryAfterMaxSeconds: number;
}

export const RETRY_STATUS_CODES = [408, 429, 500, 502, 503, 504] as const;
export const RETRY_ERROR_CODES = [
  'ETIMEDOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EHOSTUNREACH',
] as const;

export function backoffDelay(attempt: number, settings: BackoffSettings, random: () => number = Math.random): number {
  const ceiling = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface RetryQuestion {
  attempt: number;
  method: string;
  idempotent: boolean;
  status?: number;
  errorCode?: string;
  retryAfterMs?: number;
}

/** 0 = do not retry; otherwise the delay in ms. */
export function retryDelay(q: RetryQuestion, settings: BackoffSettings, random: () => number = Math.random): number {
  if (q.attempt > settings.retries) return 0;
  if (q.method === 'POST' && !q.idempotent) return 0;
  const retryable =
    (q.status !== undefined && (RETRY_STATUS_CODES as readonly number[]).includes(q.status)) ||
    (q.status === undefined &&
      q.errorCode !== undefined &&
      (RETRY_ERROR_CODES as readonly string[]).includes(q.errorCode));
  if (!retryable) return 0;
  if (q.retryAfterMs !== undefined && q.retryAfterMs > 0)
    return Math.min(q.retryAfterMs, settings.retryAfterMaxSeconds * 1000);
  return backoffDelay(q.attempt, settings, random);
}

/** Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3), in ms; undefined if absent/bad. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
