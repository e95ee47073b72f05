import { describe, expect, it } from 'vitest';
import { createReplayIO } from './__fixtures__/replay-io.js';
import { MAX_EVIDENCE, recordEvidence } from './evidence.js';

const NOW = '2024-10-07T09:00:00.000Z';

describe('recordEvidence', () => {
  it('records commands with exit codes and files (missing ones too), but not tools that are not installed', async () => {
    const { io } = createReplayIO({
      name: 'e',
      now: NOW,
      commands: { 'nft -j list ruleset': { stdout: '{}', exitCode: 0, durationMs: 12 } },
      missingTools: ['ufw'],
      files: { '/etc/os-release': 'ID=debian\n' },
      dirs: {},
      stats: { '/var/run/reboot-required': { error: 'VIGIL_IO_NOT_FOUND' } },
    });
    const recorder = recordEvidence(io);
    await recorder.io.exec('nft', ['-j', 'list', 'ruleset']);
    await recorder.io.exec('ufw', ['status', 'verbose']);
    await recorder.io.readFile('/etc/os-release');
    await recorder.io.readFile('/etc/os-release');
    await recorder.io.stat('/var/run/reboot-required');
    expect(recorder.evidence()).toEqual([
      { kind: 'command', source: '/usr/bin/nft -j list ruleset', at: NOW, durationMs: 12, exitCode: 0 },
      { kind: 'file', source: '/etc/os-release', at: NOW, durationMs: 0 },
      { kind: 'file', source: '/var/run/reboot-required', at: NOW, durationMs: 0 },
    ]);
  });

  it('stays within the schema cap', async () => {
    const files = Object.fromEntries(
      Array.from({ length: 100 }, (_, i) => [`/sys/class/block/sd${i}/uevent`, 'DEVTYPE=disk\n']),
    );
    const { io } = createReplayIO({
      name: 'cap',
      now: NOW,
      commands: {},
      missingTools: [],
      files,
      dirs: {},
      stats: {},
    });
    const recorder = recordEvidence(io);
    for (const path of Object.keys(files)) await recorder.io.readFile(path);
    expect(recorder.evidence()).toHaveLength(MAX_EVIDENCE);
  });
});
