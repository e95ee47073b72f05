/**
 * Builders for the three observation shapes, so every collector stamps time the same way.
 * Absent ≠ failed ≠ false: `unsupported` and `error` are never turned into a value.
 */
import type { CheckValues, Evidence, Observation } from '@vigil/shared';

type Ok<C extends keyof CheckValues> = Extract<Observation<C>, { state: 'ok' }>;
type Unsupported<C extends keyof CheckValues> = Extract<Observation<C>, { state: 'unsupported' }>;
type Failed<C extends keyof CheckValues> = Extract<Observation<C>, { state: 'error' }>;

const elapsed = (startedAt: Date, now: Date) => Math.max(0, now.getTime() - startedAt.getTime());

export function okObservation<C extends keyof CheckValues>(
  value: CheckValues[C],
  evidence: Evidence[],
  startedAt: Date,
  now: Date,
): Ok<C> {
  return { state: 'ok', value, evidence, collectedAt: now.toISOString(), durationMs: elapsed(startedAt, now) } as Ok<C>;
}

export function unsupportedObservation<C extends keyof CheckValues>(reason: string, now: Date): Unsupported<C> {
  return { state: 'unsupported', reason: reason.slice(0, 500), collectedAt: now.toISOString() } as Unsupported<C>;
}

export function errorObservation<C extends keyof CheckValues>(
  code: `VIGIL_${string}`,
  message: string,
  now: Date,
  extra: { evidence?: Evidence[]; startedAt?: Date } = {},
): Failed<C> {
  return {
    state: 'error',
    code,
    message: message.slice(0, 1000),
    collectedAt: now.toISOString(),
    ...(extra.evidence?.length ? { evidence: extra.evidence } : {}),
    ...(extra.startedAt ? { durationMs: elapsed(extra.startedAt, now) } : {}),
  } as Failed<C>;
}
