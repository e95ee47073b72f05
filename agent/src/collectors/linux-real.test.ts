/**
 * The real Linux collectors on the machine running the tests: everything must validate, and the
 * root filesystem must be among the judged volumes (whatever its state on this machine).
 */
import { ObservationsSchema } from '@vigil/shared';
import { describe, expect, it } from 'vitest';
import { createRealIO } from '../platform/io.js';
import { collectPosture } from './collect.js';

describe.runIf(process.platform === 'linux')('linux collectors on this machine', () => {
  it('collects four valid observations, with the root volume judged', async () => {
    const started = performance.now();
    const observations = await collectPosture({ platform: 'linux', io: createRealIO(), timeoutMs: 15_000 });
    const elapsed = performance.now() - started;

    expect(ObservationsSchema.safeParse(observations).success).toBe(true);
    expect(Object.keys(observations).sort()).toEqual(['disk.encryption', 'net.firewall', 'os.patches', 'os.version']);
    for (const observation of Object.values(observations)) expect(observation?.state).not.toBe('error');

    const version = observations['os.version'];
    expect(version?.state).toBe('ok');
    if (version?.state === 'ok') expect(version.value.kernel).toBeTruthy();

    const disk = observations['disk.encryption'];
    expect(disk?.state).toBe('ok');
    if (disk?.state === 'ok') {
      const root = disk.value.volumes.find((volume) => volume.mountpoint === '/');
      expect(root, JSON.stringify(disk.value.volumes)).toBeDefined();
      expect(root?.detail).not.toBe('');
    }
    // Keep a trace of what this machine looks like and how long it took (visible with --reporter=verbose).
    const summary = Object.entries(observations).map(([check, o]) =>
      o?.state === 'ok' ? { check, durationMs: o.durationMs, value: o.value } : { check, ...o },
    );
    console.info(JSON.stringify({ elapsedMs: Math.round(elapsed), summary }, null, 1).slice(0, 8000));
  });
});
