/**
 * A small agent install the replay IO serves when a scenario describes none: three code files,
 * a nested directory, and files that are not code (ignored by the hash).
 */
import type { AgentInstall } from '../../platform/io.js';
import type { RecordedDir, RecordedFile, RecordedStat } from './replay-io.js';

export const FAKE_AGENT: AgentInstall = { version: '0.1.0', codeDir: '/opt/vigil/agent/dist' };

export const FAKE_AGENT_FILES: Readonly<Record<string, string>> = {
  'main.js': "import './cli/main.js';\n",
  'version.js': "export const AGENT_VERSION = '0.1.0';\n",
  'cli/main.js': "console.log('vigil');\n",
};

export function fakeAgentTree(): {
  files: Record<string, RecordedFile>;
  dirs: Record<string, RecordedDir>;
  stats: Record<string, RecordedStat>;
} {
  const root = FAKE_AGENT.codeDir;
  return {
    files: Object.fromEntries(Object.entries(FAKE_AGENT_FILES).map(([path, text]) => [`${root}/${path}`, text])),
    dirs: { [root]: ['cli', 'main.d.ts', 'main.js', 'version.js', 'version.js.map'], [`${root}/cli`]: ['main.js', 'main.d.ts'] },
    stats: { [root]: { mtime: '2024-10-01T00:00:00.000Z', isDirectory: true }, [`${root}/cli`]: { mtime: '2024-10-01T00:00:00.000Z', isDirectory: true } },
  };
}
