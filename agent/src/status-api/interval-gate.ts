/**
 * "At most one accepted per interval" for `POST /v1/check-now`: any local user can call it, and
 * each accepted request makes the agent run every collector.
 */
export type GateDecision = { ok: true; release(): void } | { ok: false; retryAfterMs: number };

export interface IntervalGate {
  tryAcquire(nowMs: number): GateDecision;
}

export function createIntervalGate(minIntervalMs: number): IntervalGate {
  let lastAcceptedAt: number | undefined;
  return {
    tryAcquire(nowMs) {
      if (lastAcceptedAt !== undefined && nowMs - lastAcceptedAt < minIntervalMs) {
        return { ok: false, retryAfterMs: minIntervalMs - (nowMs - lastAcceptedAt) };
      }
      const previous = lastAcceptedAt;
      lastAcceptedAt = nowMs;
      // A request that failed inside the agent should not cost the user a minute of waiting.
      return { ok: true, release: () => void (lastAcceptedAt = previous) };
    },
  };
}
