/**
 * The contributor path end to end: a recording written to disk by record-fixtures loads with
 * loadRecording and replays to the same verdict-relevant observations.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { macos13IntelT2Managed } from './__fixtures__/devices/macos-13-intel-t2-managed.js';
import { loadRecording } from './__fixtures__/recorded-scenario.js';
import { createReplayIO } from './__fixtures__/replay-io.js';
import { okValue, replayDevice } from './__fixtures__/replay-run.js';
import { recordFixtures } from './record-fixtures.js';

describe('a recording on disk', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('loads and replays like the device it came from', async () => {
    const out = await mkdtemp(join(tmpdir(), 'vigil-recording-'));
    dirs.push(out);
    await recordFixtures({
      platform: 'darwin',
      io: createReplayIO(macos13IntelT2Managed).io,
      agentVersion: '0.1.0',
      redaction: { hostnames: [], userNames: [] },
      write: async (relative, content) => {
        const path = join(out, relative);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, content);
      },
    });
    const observations = await replayDevice(loadRecording(out));
    expect(okValue(observations, 'disk.encryption').volumes[0]).toMatchObject({ state: 'encrypting', percent: 42.5 });
    expect(okValue(observations, 'os.version').version).toBe('13.3.1 (a)');
  });
});
