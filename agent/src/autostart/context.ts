/** The facts an autostart plan needs, from the resolved configuration and this process. */
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { AgentConfig } from '../config/index.js';
import type { AutostartContext } from './plan.js';

/** dist/autostart/ (or src/ under the test runner) → agent/bin/vigil.js. */
const VIGIL_SCRIPT = fileURLToPath(new URL('../../bin/vigil.js', import.meta.url));

export function autostartContext(config: AgentConfig): AutostartContext {
  const platform = process.platform === 'darwin' || process.platform === 'win32' ? process.platform : 'linux';
  const configHome = config.runAs.session?.env.XDG_CONFIG_HOME;
  return {
    platform,
    homeDir: homedir(),
    uid: process.getuid?.() ?? null,
    ...(configHome && configHome.startsWith('/') ? { configHome } : {}),
    program: { node: process.execPath, script: VIGIL_SCRIPT },
    stateDir: config.stateDir,
    socketPath: config.socketPath,
  };
}
