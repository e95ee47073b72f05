/** Which resource the simulator names as the limit, from a window's figures. */
import { describe, expect, it } from 'vitest';
import { findBottleneck } from './bottleneck.mjs';

const service = (loopBusyMax: number, cpuCores: number) => ({
  loopBusyMax,
  cpuCores,
  cpuMsPerReport: 2,
  loopMsPerReport: 1,
  storeBlockingMsPerReport: 0.2,
});
const simulator = (cpuCores: number, busy = 0.3, delay = 2) => ({
  cpuCores,
  cpuMsPerReport: 3,
  workerLoopBusy: [busy, busy],
  workerDelayP99Ms: delay,
});
const machine = (loadAfter: number) => ({ cores: 2, loadBefore: 0.1, loadAfter });

describe('findBottleneck', () => {
  it('names a saturated service loop first', () => {
    const found = findBottleneck({ service: service(0.95, 0.9), simulator: simulator(0.6), machine: machine(1.6) });
    expect(found.primary).toMatch(/^service event loop saturated/);
    expect(found.perReport.storeShareOfLoop).toBeCloseTo(0.2);
  });

  it('names the shared machine when service and simulator use all its cores', () => {
    const found = findBottleneck({ service: service(0.6, 0.7), simulator: simulator(1.2), machine: machine(2) });
    expect(found.primary).toMatch(/^machine CPU saturated/);
  });

  it('tells a starved service from a saturated one when other jobs load the machine', () => {
    const found = findBottleneck({
      service: service(0.9, 0.2),
      simulator: simulator(0.2, 0.3, 40),
      machine: machine(9),
    });
    expect(found.primary).toMatch(/^machine oversubscribed by other jobs/);
    expect(found.findings.some((f: string) => f.startsWith('service starved of CPU'))).toBe(true);
    expect(found.findings.some((f: string) => f.startsWith('simulator saturated'))).toBe(false);
  });

  it('names the busiest resource when nothing is saturated', () => {
    const found = findBottleneck({
      service: service(0.67, 0.62),
      simulator: simulator(0.56, 0.29),
      machine: machine(1.4),
    });
    expect(found.findings).toEqual([]);
    expect(found.primary).toBe('none saturated; busiest: the service event loop (one thread) at 67 %');
  });

  it('notes late simulator timers without calling them the bottleneck', () => {
    const found = findBottleneck({
      service: service(0.5, 0.5),
      simulator: simulator(0.4, 0.3, 25),
      machine: machine(1),
    });
    expect(found.primary).toMatch(/^none saturated; busiest: the service event loop/);
    expect(found.findings[0]).toMatch(/^simulator timers ran up to 25 ms late/);
  });
});
