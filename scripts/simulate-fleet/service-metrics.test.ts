/**
 * The simulator reads the service's /metrics by name: this parses what the real service renders
 * (overload plugin and store timing included), so a renamed metric fails here, not silently as
 * NaN in a benchmark report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestService, type TestService } from '../../service/src/test-support/index.js';
import { parse, serviceWindow } from './service-metrics.mjs';

let service: TestService;
beforeAll(async () => {
  service = await createTestService();
});
afterAll(() => service.close());

async function sample() {
  const response = await service.app.inject({ method: 'GET', url: '/metrics' });
  expect(response.statusCode).toBe(200);
  return { series: parse(response.body), at: performance.now() };
}

describe('service metrics as the simulator reads them', () => {
  it('finds every series it needs in a real /metrics rendering', async () => {
    const before = await sample();
    const end = Date.now() + 150;
    while (Date.now() < end) {
      // CPU for the window to show
    }
    const after = await sample();
    const window = serviceWindow([before], [after]);
    for (const [name, value] of Object.entries(window)) expect(Number.isFinite(value), name).toBe(true);
    expect(window.cpuCores).toBeGreaterThan(0);
    expect(window.loopBusyMax).toBeGreaterThan(0);
    expect(window.rssBytes).toBeGreaterThan(10_000_000);
    expect(window.storeBlockingMsPerReport).toBeGreaterThan(0); // countDevicesByState, timed
    expect(after.series.get('vigil_http_max_in_flight_requests')).toBe(256);
    expect(after.series.get('vigil_overload_rejections_total{reason="in_flight"}')).toBe(0);
  });

  it('sums CPU and takes the busiest loop across replicas', () => {
    const at = (ms: number, cpu: number, active: number) => ({
      at: ms,
      series: new Map([
        ['process_cpu_seconds_total', cpu],
        ['vigil_event_loop_active_seconds_total', active],
      ]),
    });
    const window = serviceWindow([at(0, 0, 0), at(0, 10, 10)], [at(2000, 1, 1.8), at(2000, 10.5, 10.2)]);
    expect(window.replicas).toBe(2);
    expect(window.cpuCores).toBeCloseTo(0.75);
    expect(window.loopBusyMax).toBeCloseTo(0.9);
  });
});
