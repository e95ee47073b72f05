/**
 * node-cron speaks cron, the policy speaks intervals. Intervals that divide a minute, an hour or
 * a day map to an exact expression; anything else ticks every minute (or second) and runs when
 * due. Each device gets a stable phase inside the interval (from its id), so a fleet on a
 * 15-minute policy does not hit the service at :00, :15, :30 and :45 all together; the jitter
 * then spreads each run a little more.
 */
export interface CronPlan {
  expression: string;
  /** True when the expression fires more often than the interval (runner must check due time). */
  needsDueCheck: boolean;
}

/** `phase` in [0, 1): where in each interval this device runs. */
export function cronPlanFor(intervalSeconds: number, phase = 0): CronPlan {
  const s = Math.max(1, Math.round(intervalSeconds));
  const offset = Math.floor(Math.min(Math.max(phase, 0), 0.999999) * s);
  // node-cron takes lists but not `start/step`, so each slot is listed.
  if (s < 60 && 60 % s === 0) return { expression: `${slots(offset, s, 60)} * * * * *`, needsDueCheck: false };
  if (s < 60) return { expression: '* * * * * *', needsDueCheck: true };
  const second = offset % 60;
  if (s % 60 === 0) {
    const minutes = s / 60;
    const minute = Math.floor(offset / 60) % 60;
    if (minutes < 60 && 60 % minutes === 0) {
      return { expression: `${second} ${slots(minute, minutes, 60)} * * * *`, needsDueCheck: false };
    }
    if (minutes % 60 === 0 && 24 % (minutes / 60) === 0) {
      const hours = minutes / 60;
      return {
        expression: `${second} ${minute} ${slots(Math.floor(offset / 3600), hours, 24)} * * *`,
        needsDueCheck: false,
      };
    }
  }
  return { expression: `${second} * * * * *`, needsDueCheck: true };
}

function slots(first: number, step: number, range: number): string {
  const values: number[] = [];
  for (let v = first; v < range; v += step) values.push(v);
  return values.join(',');
}

/** A stable phase in [0, 1) from a device id (FNV-1a), so restarts keep the same slot. */
export function phaseOf(seed: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  return hash / 0x100000000;
}

/** Jitter spreads a fleet but must stay well inside one interval. */
export function jitterMs(intervalSeconds: number, jitterSeconds: number): number {
  return Math.max(0, Math.min(jitterSeconds, Math.floor(intervalSeconds / 4))) * 1000;
}
