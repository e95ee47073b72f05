import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createReplayIO } from '../__fixtures__/replay-io.js';
import { FAKE_AGENT, FAKE_AGENT_FILES } from '../__fixtures__/agent-install.js';
import { collectAgentIntegrity } from './common.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('agent.integrity', () => {
  it('hashes code files only, as `sha256sum` of the sorted paths would', async () => {
    const { io, unexpected } = createReplayIO({
      name: 'a',
      now: '2024-11-07T09:00:00.000Z',
      commands: {},
      missingTools: [],
      files: {},
      dirs: {},
      stats: {},
    });
    const observation = await collectAgentIntegrity(io);
    expect(unexpected).toEqual([]);
    // cd dist && find . -type f -name '*.js' | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum | sha256sum
    const manifest = Object.keys(FAKE_AGENT_FILES)
      .sort()
      .map((path) => `${sha(FAKE_AGENT_FILES[path]!)}  ${path}\n`)
      .join('');
    expect(observation).toMatchObject({
      state: 'ok',
      value: { version: FAKE_AGENT.version, files: 3, sha256: sha(manifest), algorithm: 'sha256-manifest-v1' },
    });
    if (observation.state === 'ok') expect(observation.evidence.map((e) => e.source)).toEqual([FAKE_AGENT.codeDir]);
  });
  it('is an error when the code cannot be read, never a hash of nothing', async () => {
    const { io } = createReplayIO({
      name: 'b',
      now: '2024-11-07T09:00:00.000Z',
      commands: {},
      missingTools: [],
      files: {},
      dirs: { '/opt/vigil/agent/dist': { error: 'VIGIL_IO_PERMISSION_DENIED' } },
      stats: {},
      agent: { version: '0.1.0', codeDir: '/opt/vigil/agent/dist' },
    });
    expect(await collectAgentIntegrity(io)).toMatchObject({
      state: 'error',
      code: 'VIGIL_COLLECT_AGENT_CODE_UNREADABLE',
    });
  });
});
