/**
 * A CollectorIO that serves recorded outputs by exact argv / path and records every access it
 * was not given, so a test fails on any unexpected command or file read instead of silently
 * exercising a code path nobody recorded.
 */
import type { Platform } from '@vigil/shared';
import {
  ExecError,
  formatCommand,
  toolsFor,
  type ExecErrorCode,
  type ExecOptions,
  type ExecOutcome,
  type ToolName,
} from '../../platform/exec.js';
import { IoError, type AgentInstall, type CollectorIO, type IoErrorCode } from '../../platform/io.js';
import type { UserSession } from '../../platform/session.js';
import { createMemorySlowProbeStore, createSlowProbes, type SlowProbeAnswer } from '../../platform/slow-probe.js';
import { scriptNameOf } from '../windows/scripts.js';
import { FAKE_AGENT, fakeAgentTree } from './agent-install.js';

export type RecordedCommand =
  | { stdout?: string; stderr?: string; exitCode?: number; durationMs?: number }
  | { error: ExecErrorCode };
export type RecordedFile = string | { error: IoErrorCode };
export type RecordedDir = readonly string[] | { error: IoErrorCode };
export type RecordedStat = { mtime: string; isDirectory?: boolean } | { error: IoErrorCode };

export interface DeviceScenario {
  name: string;
  /** Default linux: decides the tool paths shown in evidence. */
  platform?: Platform;
  now: string;
  /**
   * Key: `tool arg1 arg2…` exactly as the collector passes them. PowerShell runs are keyed by
   * script name (`powershell os-version`), since the script text itself is long.
   */
  commands: Record<string, RecordedCommand>;
  /** Tools absent on this device: exec answers VIGIL_EXEC_NOT_FOUND. */
  missingTools: readonly ToolName[];
  files: Record<string, RecordedFile>;
  dirs: Record<string, RecordedDir>;
  stats: Record<string, RecordedStat>;
  /** The user session the agent runs in; default none. */
  session?: UserSession | null;
  /** Answers a slow probe already holds, keyed like commands. */
  slowProbes?: Record<string, Omit<SlowProbeAnswer, 'command'> & { command?: string }>;
  /** Default: a small fake install under /opt/vigil/agent/dist, served automatically. */
  agent?: AgentInstall;
}

export interface ReplayIO {
  io: CollectorIO;
  /** Accesses the scenario did not record: must stay empty. */
  unexpected: string[];
  /** Keys that were served, to spot stale recordings. */
  served: Set<string>;
}

const ioError = (code: IoErrorCode, path: string) => ({ ok: false as const, error: new IoError(code, `${path}: ${code}`) });

export function createReplayIO(scenario: DeviceScenario): ReplayIO {
  const unexpected: string[] = [];
  const served = new Set<string>();
  const now = new Date(scenario.now);

  const tools = toolsFor(scenario.platform ?? 'linux');
  const agentTree = scenario.agent ? { files: {}, dirs: {}, stats: {} } : fakeAgentTree();
  const files = { ...agentTree.files, ...scenario.files };
  const dirs = { ...agentTree.dirs, ...scenario.dirs };
  const stats = { ...agentTree.stats, ...scenario.stats };

  const exec = async (tool: ToolName, args: readonly string[], options?: ExecOptions): Promise<ExecOutcome> => {
    const script = tool === 'powershell' ? scriptNameOf(args) : null;
    // Linux recordings show /usr/bin/<tool> (as they always have); others show the real path.
    const path = (scenario.platform ?? 'linux') === 'linux' ? `/usr/bin/${tool}` : (tools[tool][0] ?? tool);
    const command = formatCommand(path, script ? [...args.slice(0, -1), `<${script}>`] : args);
    if (scenario.missingTools.includes(tool)) {
      served.add(`missing:${tool}`);
      return { ok: false, command: tool, durationMs: 0, error: new ExecError('VIGIL_EXEC_NOT_FOUND', `${tool} not found`) };
    }
    // The trap this guards: gsettings without the session bus prints schema defaults.
    if (tool === 'gsettings' && !options?.sessionEnv?.DBUS_SESSION_BUS_ADDRESS) unexpected.push('gsettings without a session bus');
    const key = script ? `powershell ${script}` : [tool, ...args].join(' ');
    // A slow probe's recorded answer is also what running its command again would print (a
    // probe keyed by inputs re-runs when the replayed inputs differ from the recorded ones).
    const recorded = scenario.commands[key] ?? scenario.slowProbes?.[key];
    if (!recorded) {
      unexpected.push(`exec ${key}`);
      return { ok: false, command, durationMs: 0, error: new ExecError('VIGIL_EXEC_SPAWN_FAILED', `unexpected command: ${key}`) };
    }
    served.add(`exec:${key}`);
    if ('error' in recorded) return { ok: false, command, durationMs: 0, error: new ExecError(recorded.error, `${key}: ${recorded.error}`) };
    return {
      ok: true,
      command,
      stdout: recorded.stdout ?? '',
      stderr: recorded.stderr ?? '',
      exitCode: recorded.exitCode ?? 0,
      durationMs: recorded.durationMs ?? 1,
    };
  };

  const store = createMemorySlowProbeStore();
  for (const [key, answer] of Object.entries(scenario.slowProbes ?? {})) {
    const [tool = '', ...args] = key.split(' ');
    const command = formatCommand(tools[tool as ToolName]?.[0] ?? tool, args);
    void store.set(key, { command, ...answer });
  }

  const io: CollectorIO = {
    exec,
    session: scenario.session ?? null,
    slowProbes: createSlowProbes({ exec, store, now: () => now }),
    agent: scenario.agent ?? FAKE_AGENT,
    async readFile(path) {
      const recorded = files[path];
      if (recorded === undefined) {
        unexpected.push(`readFile ${path}`);
        return ioError('VIGIL_IO_FAILED', path);
      }
      served.add(`file:${path}`);
      return typeof recorded === 'string' ? { ok: true, text: recorded } : ioError(recorded.error, path);
    },
    async readDir(path) {
      const recorded = dirs[path];
      if (recorded === undefined) {
        unexpected.push(`readDir ${path}`);
        return ioError('VIGIL_IO_FAILED', path);
      }
      served.add(`dir:${path}`);
      return 'error' in recorded ? ioError(recorded.error, path) : { ok: true, entries: [...recorded].sort() };
    },
    async stat(path) {
      const recorded = stats[path];
      if (recorded === undefined) {
        unexpected.push(`stat ${path}`);
        return ioError('VIGIL_IO_FAILED', path);
      }
      served.add(`stat:${path}`);
      if ('error' in recorded) return ioError(recorded.error, path);
      return { ok: true, mtime: new Date(recorded.mtime), isDirectory: recorded.isDirectory ?? false };
    },
    now: () => now,
  };
  return { io, unexpected, served };
}

/** Keys a scenario recorded but no collector used. */
export function unusedRecordings(scenario: DeviceScenario, served: ReadonlySet<string>): string[] {
  return [
    ...Object.keys(scenario.commands).map((key) => `exec:${key}`),
    ...scenario.missingTools.map((tool) => `missing:${tool}`),
    ...Object.keys(scenario.files).map((key) => `file:${key}`),
    ...Object.keys(scenario.dirs).map((key) => `dir:${key}`),
    ...Object.keys(scenario.stats).map((key) => `stat:${key}`),
  ].filter((key) => !served.has(key));
}
