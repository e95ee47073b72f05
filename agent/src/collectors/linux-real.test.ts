/**
 * The real Linux collectors on the machine running the tests: everything must validate, the root
 * filesystem must be among the judged volumes (whatever its state on this machine), and the
 * device checks must answer without an error, except screen lock, which needs a user session the
 * test does not describe.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECK_IDS, ObservationsSchema } from '@vigil/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRealIO } from '../platform/io.js';
import { collectPosture } from './collect.js';

describe.runIf(process.platform === 'linux')('linux collectors on this machine', () => {
  let codeDir = '';
  beforeAll(async () => {
    codeDir = await mkdtemp(join(tmpdir(), 'vigil-code-'));
    await writeFile(join(codeDir, 'main.js'), 'export {};\n');
  });
  afterAll(async () => {
    await rm(codeDir, { recursive: true, force: true });
  });

  it('collects valid observations, with the root volume judged', async () => {
    const started = performance.now();
    const io = createRealIO({ agent: { version: '0.0.0-test', codeDir } });
    const observations = await collectPosture({ platform: 'linux', io, timeoutMs: 15_000 });
    const elapsed = performance.now() - started;

    expect(ObservationsSchema.safeParse(observations).success).toBe(true);
    expect(Object.keys(observations).sort()).toEqual([...CHECK_IDS].sort());
    for (const [check, observation] of Object.entries(observations)) {
      if (check === 'screen.lock')
        expect(observation).toMatchObject({ state: 'error', code: 'VIGIL_COLLECT_NO_USER_SESSION' });
      else expect(observation?.state, check).not.toBe('error');
    }

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
    expect(observations['agent.integrity']).toMatchObject({ state: 'ok', value: { version: '0.0.0-test', files: 1 } });
    // Keep a trace of what this machine looks like and how long it took (visible with --reporter=verbose).
    const summary = Object.entries(observations).map(([check, o]) =>
      o?.state === 'ok' ? { check, durationMs: o.durationMs, value: o.value } : { check, ...o },
    );
    console.info(JSON.stringify({ elapsedMs: Math.round(elapsed), summary }, null, 1).slice(0, 8000));
  });
});
