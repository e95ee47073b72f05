import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../test-support/fixtures.js';
import { cronPlanFor, jitterMs, phaseOf } from './cron-expression.js';
import { createScheduler } from './scheduler.js';

describe('cron plans', () => {
  it('maps intervals to exact expressions where cron can express them', () => {
    expect(cronPlanFor(900)).toEqual({ expression: '0 0,15,30,45 * * * *', needsDueCheck: false });
    expect(cronPlanFor(5)).toEqual({ expression: '0,5,10,15,20,25,30,35,40,45,50,55 * * * * *', needsDueCheck: false });
    expect(cronPlanFor(7200)).toEqual({ expression: '0 0 0,2,4,6,8,10,12,14,16,18,20,22 * * *', needsDueCheck: false });
    expect(cronPlanFor(7)).toEqual({ expression: '* * * * * *', needsDueCheck: true });
    expect(cronPlanFor(1000)).toEqual({ expression: '0 * * * * *', needsDueCheck: true });
    // A device's phase shifts its slot inside the interval: 0.5 of 15 min = 7 min 30 s.
    expect(cronPlanFor(900, 0.5)).toEqual({ expression: '30 7,22,37,52 * * * *', needsDueCheck: false });
    expect(cronPlanFor(7200, 0.75)).toEqual({
      expression: '0 30 1,3,5,7,9,11,13,15,17,19,21,23 * * *',
      needsDueCheck: false,
    });
    for (const [interval, phase] of [
      [900, 0.37],
      [5, 0.9],
      [7200, 0.1],
      [86400, 0.5],
      [1, 0],
    ]) {
      expect(cron.validate(cronPlanFor(interval!, phase).expression)).toBe(true);
    }
    const phase = phaseOf('0b0e2a44-5c1d-4f3e-9a7b-2c6d8e9f1a3b');
    expect(phase).toBe(phaseOf('0b0e2a44-5c1d-4f3e-9a7b-2c6d8e9f1a3b'));
    expect(phase).toBeGreaterThanOrEqual(0);
    expect(phase).toBeLessThan(1);
    expect(jitterMs(900, 60)).toBe(60_000);
    expect(jitterMs(8, 60)).toBe(2000);
  });
});

describe('scheduler', () => {
  it('is single-flight: requests during a run join it', async () => {
    let runs = 0;
    let release!: () => void;
    const scheduler = createScheduler({
      intervalSeconds: 3600,
      jitterSeconds: 0,
      log: silentLogger(),
      run: () => {
        runs++;
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    await scheduler.start({ runNow: false });
    const a = scheduler.runNow('check-now');
    const b = scheduler.runNow('check-now');
    expect(a).toBe(b);
    expect(scheduler.busy()).toBe(true);
    release();
    await a;
    expect(runs).toBe(1);
    expect(scheduler.nextRunAt()).toBeInstanceOf(Date);
    await scheduler.stop();
  });

  it('runs on its cron schedule, survives a failing run, and stops', async () => {
    let runs = 0;
    const scheduler = createScheduler({
      intervalSeconds: 1,
      jitterSeconds: 0,
      log: silentLogger(),
      run: async () => {
        runs++;
        if (runs === 1) throw new Error('collector exploded');
      },
    });
    await scheduler.start({ runNow: true });
    await new Promise((resolve) => setTimeout(resolve, 2600));
    await scheduler.stop();
    const seen = runs;
    expect(seen).toBeGreaterThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(runs).toBe(seen);
  });
});
