import { describe, expect, it } from 'vitest';
import { createReplayIO, type DeviceScenario } from '../__fixtures__/replay-io.js';
import { collectOsVersionLinux } from './linux.js';

const base: DeviceScenario = {
  name: 'os',
  now: '2024-10-07T09:00:00.000Z',
  commands: {},
  missingTools: [],
  files: {},
  dirs: {},
  stats: {},
};
const NOT_FOUND = { error: 'VIGIL_IO_NOT_FOUND' } as const;

describe('collectOsVersionLinux', () => {
  it('uses /usr/lib/os-release and uname -r when the usual files are missing', async () => {
    const { io, unexpected } = createReplayIO({
      ...base,
      commands: { 'uname -r': { stdout: '6.1.0-26-amd64\n' } },
      files: {
        '/etc/os-release': NOT_FOUND,
        '/usr/lib/os-release': 'ID=arch\nNAME="Arch Linux"\nPRETTY_NAME="Arch Linux"\nBUILD_ID=rolling\n',
        '/proc/sys/kernel/osrelease': { error: 'VIGIL_IO_PERMISSION_DENIED' },
      },
    });
    const observation = await collectOsVersionLinux(io);
    expect(unexpected).toEqual([]);
    expect(observation).toMatchObject({
      state: 'ok',
      value: { platform: 'linux', distroId: 'arch', version: 'rolling', kernel: '6.1.0-26-amd64' },
    });
    if (observation.state === 'ok') expect(observation.evidence.map((e) => e.source)).toContain('/usr/bin/uname -r');
  });

  it('is an error, not a guess, without any os-release file', async () => {
    const { io } = createReplayIO({
      ...base,
      files: {
        '/etc/os-release': NOT_FOUND,
        '/usr/lib/os-release': NOT_FOUND,
        '/proc/sys/kernel/osrelease': '6.1.0\n',
      },
    });
    expect(await collectOsVersionLinux(io)).toMatchObject({ state: 'error', code: 'VIGIL_COLLECT_OS_RELEASE_MISSING' });
  });
});
