import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPoller } from './status-poller.js';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('poller', () => {
  it('runs at once, then every interval', async () => {
    const task = vi.fn(async () => {});
    const poller = createPoller(task, 30_000);
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(task).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(task).toHaveBeenCalledTimes(2);
    await poller.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(task).toHaveBeenCalledTimes(2);
  });

  it('never overlaps a slow run and keeps going after a failure', async () => {
    let active = 0;
    let maxActive = 0;
    const errors: unknown[] = [];
    const task = vi.fn(async () => {
      maxActive = Math.max(maxActive, ++active);
      await new Promise((r) => setTimeout(r, 50_000));
      active--;
      if (task.mock.calls.length === 1) throw new Error('boom');
    });
    const poller = createPoller(task, 10_000, (e) => errors.push(e));
    poller.start();
    poller.nudge(0);
    await vi.advanceTimersByTimeAsync(200_000);
    expect(maxActive).toBe(1);
    expect(errors).toHaveLength(1);
    expect(task.mock.calls.length).toBeGreaterThan(2);
    const stopping = poller.stop(); // waits for the run in progress
    await vi.advanceTimersByTimeAsync(50_000);
    await stopping;
  });

  it('pulls the next run forward when nudged', async () => {
    const task = vi.fn(async () => {});
    const poller = createPoller(task, 60_000);
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    poller.nudge(5_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(task).toHaveBeenCalledTimes(2);
    await poller.stop();
  });
});
