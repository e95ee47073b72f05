/**
 * User-mode autostart (personal mode): the agent starts at login as the logged-in user, with no
 * administrator rights: a systemd user unit on Linux, a LaunchAgent on macOS, a per-user Run key
 * on Windows. Each platform is a plan (files, links, commands) built by a pure function, so the
 * exact unit text and the exact `reg` command line are tested by fixture; apply.ts carries it out.
 */
import type { ToolName } from '../platform/tools.js';
import { launchAgentPlan } from './launch-agent.js';
import { runKeyPlan } from './run-key.js';
import { systemdUserPlan } from './systemd-user.js';

export interface AutostartContext {
  platform: 'linux' | 'darwin' | 'win32';
  homeDir: string;
  uid: number | null;
  /** XDG_CONFIG_HOME when set (Linux). */
  configHome?: string;
  /** The node binary and the `vigil` script the agent runs with. */
  program: { node: string; script: string };
  stateDir: string;
  socketPath: string;
}

export interface PlannedCommand {
  tool: ToolName;
  args: string[];
  /** A required command failing fails the whole operation; others are best effort. */
  required: boolean;
  /** Why it runs, shown when it fails. */
  why: string;
}

export interface AutostartPlan {
  /** Human description of the entry (`systemd user unit ~/.config/systemd/user/vigil-agent.service`). */
  entry: string;
  before: PlannedCommand[];
  write: { path: string; content: string; mode: number }[];
  links: { path: string; target: string }[];
  remove: string[];
  after: PlannedCommand[];
}

export function planAutostart(action: 'install' | 'remove', context: AutostartContext): AutostartPlan {
  switch (context.platform) {
    case 'linux':
      return systemdUserPlan(action, context);
    case 'darwin':
      return launchAgentPlan(action, context);
    case 'win32':
      return runKeyPlan(action, context);
  }
}

/** The `vigil run` arguments every platform starts: the paths are pinned to what was resolved now. */
export function runArguments(context: AutostartContext): string[] {
  return [context.program.script, 'run', '--state-dir', context.stateDir, '--socket', context.socketPath];
}
