/**
 * A wait the service asked for with Retry-After, remembered across cycles. Each cycle runs in its
 * own process (and `vigil push` in yet another), so a delay kept in memory would be forgotten and a
 * fleet turned away together would come back on its next tick, before the service said it may.
 *
 *   429 on a challenge (VIGIL_CHALLENGE_RATE_LIMITED): only challenges wait. This device asked
 *     too often; the service itself is fine, so reports still go out unchallenged.
 *   503 with Retry-After (VIGIL_SERVICE_OVERLOADED), on a challenge or on evidence once the
 *     client's own retries are spent: nothing is sent until then. Every request adds to the load
 *     the service is shedding, so reports wait in the outbox.
 *
 * Capped by `push.retryAfterMaxSeconds`, like in-request retries: a hostile or buggy answer cannot
 * silence the agent for long. A 503 without Retry-After sets no pause: the client's backoff and
 * the next scheduled cycle handle it. See docs/agent.md ("One cycle").
 */
import type { AgentCache } from '../cache/index.js';
import { PushError, type PushErrorCode } from '../push/api.js';

export type PauseScope = 'challenges' | 'everything';

export interface RetryAfterPause {
  /** Epoch ms before which `scope` is not asked of the service. */
  until: number;
  scope: PauseScope;
  /** What the service answered, so that a paused cycle reports the same error. */
  code: PushErrorCode;
  status: number;
  serviceCode?: string;
}

// The key predates 503 pauses, when it held a bare epoch-ms number for a 429: both shapes are
// read, so an agent upgraded in the middle of a pause still honours it.
const KEY = 'challenge.retry_at';
/** A 429 without Retry-After: wait a minute rather than ask again on the next tick. */
const RATE_LIMIT_DEFAULT_WAIT_MS = 60_000;

/** The pause this answer asks for, or null (no Retry-After on a 503, or not a 429/503). */
export function pauseFor(
  error: PushError,
  request: 'challenge' | 'evidence',
  nowMs: number,
  maxSeconds: number,
): RetryAfterPause | null {
  let scope: PauseScope;
  let askedMs: number;
  if (request === 'challenge' && error.code === 'VIGIL_PUSH_RATE_LIMITED') {
    scope = 'challenges';
    askedMs = error.retryAfterMs ?? RATE_LIMIT_DEFAULT_WAIT_MS;
  } else if (error.status === 503 && error.retryAfterMs !== undefined) {
    scope = 'everything';
    askedMs = error.retryAfterMs;
  } else {
    return null;
  }
  const waitMs = Math.min(askedMs, maxSeconds * 1000);
  if (waitMs <= 0) return null;
  return {
    until: nowMs + waitMs,
    scope,
    code: error.code,
    status: error.status ?? 429,
    ...(error.serviceCode ? { serviceCode: error.serviceCode } : {}),
  };
}

/**
 * Remembers the pause `error` asks for, if any, and returns the error to report: the same one,
 * its message extended with when the agent will try again.
 */
export function rememberRetryAfter(
  cache: AgentCache,
  error: PushError,
  request: 'challenge' | 'evidence',
  now: Date,
  maxSeconds: number,
): PushError {
  const pause = pauseFor(error, request, now.getTime(), maxSeconds);
  if (!pause) return error;
  cache.kv.set(KEY, pause);
  return new PushError(error.code, `${error.message}; ${describeWait(pause)}`, {
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.serviceCode ? { serviceCode: error.serviceCode } : {}),
    ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
    cause: error,
  });
}

/** The pause still in force at `nowMs`, or null (an expired one is forgotten). */
export function activeRetryAfter(cache: AgentCache, nowMs: number, maxSeconds: number): RetryAfterPause | null {
  const stored = cache.kv.get<RetryAfterPause | number>(KEY);
  if (stored === null) return null;
  const pause: RetryAfterPause =
    typeof stored === 'number'
      ? { until: stored, scope: 'challenges', code: 'VIGIL_PUSH_RATE_LIMITED', status: 429 }
      : stored;
  // More left than the cap allows means the wall clock was set back since: the wait is void
  // rather than stretched by the jump (the service says so again if it is still busy).
  const remainingMs = pause.until - nowMs;
  if (remainingMs > 0 && remainingMs <= maxSeconds * 1000) return pause;
  cache.kv.delete(KEY);
  return null;
}

/** The error a cycle reports while paused: what the service said, and until when the agent waits. */
export function pausedError(pause: RetryAfterPause): PushError {
  const answer = `HTTP ${pause.status}${pause.serviceCode ? ` ${pause.serviceCode}` : ''}`;
  return new PushError(pause.code, `waiting as the service asked (${answer}): ${describeWait(pause)}`, {
    status: pause.status,
    ...(pause.serviceCode ? { serviceCode: pause.serviceCode } : {}),
  });
}

function describeWait(pause: RetryAfterPause): string {
  const until = new Date(pause.until).toISOString();
  return pause.scope === 'everything'
    ? `not contacting the service until ${until} (Retry-After); reports wait in the outbox`
    : `no new challenge until ${until} (Retry-After); reports go out unchallenged meanwhile`;
}
