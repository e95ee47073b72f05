import { describe, expect, it } from 'vitest';
import { watchWallClock } from './clock-watch.js';

describe('wall clock watch', () => {
  it('reports a step of the wall clock against the monotonic one, not timer lateness', async () => {
    let wallOffset = 0;
    const jumps: number[] = [];
    const watch = watchWallClock({
      periodMs: () => 5,
      wall: () => performance.now() + 1_800_000_000_000 + wallOffset,
      onJump: (jump) => void jumps.push(jump),
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(jumps).toEqual([]);
      wallOffset = -3_600_000; // stepped an hour back
      await new Promise((resolve) => setTimeout(resolve, 30));
      wallOffset = -3_599_000; // a second of drift correction: below the tolerance
      await new Promise((resolve) => setTimeout(resolve, 30));
    } finally {
      watch.stop();
    }
    expect(jumps.map((j) => Math.round(j / 1000))).toEqual([-3600]);
  });
});
