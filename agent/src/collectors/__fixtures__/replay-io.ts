/**
 * A CollectorIO that serves recorded outputs by exact argv / path and records every access it
 * was not given, so a test fails on any unexpected command or file read instead of silently
 * exercising a code path nobody recorded.
 */
import { ExecError, formatCommand, type ExecErrorCode, type ExecOutcome, type ToolName } from '../../platform/exec.js';
import { IoError, type CollectorIO, type IoErrorCode } from '../../platform/io.js';

export type RecordedCommand =
  | { stdout?: string; stderr?: string; exitCode?: number; durationMs?: number }
  | { error: ExecErrorCode };
export type RecordedFile = string | { error: IoErrorCode };
export type RecordedDir = readonly string[] | { error: IoErrorCode };
export type RecordedStat = { mtime: string; isDirectory?: boolean } | { error: IoErrorCode };

export interface DeviceScenario {
  name: string;
  now: string;
  /** Key: `tool arg1 arg2…` exactly as the collector passes them. */
  commands: Record<string, RecordedCommand>;
  /** Tools absent on this device: exec answers VIGIL_EXEC_NOT_FOUND. */
  missingTools: readonly ToolName[];
  files: Record<string, RecordedFile>;
  dirs: Record<string, RecordedDir>;
  stats: Record<string, RecordedStat>;
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

  const exec = async (tool: ToolName, args: readonly string[]): Promise<ExecOutcome> => {
    const command = formatCommand(`/usr/bin/${tool}`, args);
    if (scenario.missingTools.includes(tool)) {
      served.add(`missing:${tool}`);
      return { ok: false, command: tool, durationMs: 0, error: new ExecError('VIGIL_EXEC_NOT_FOUND', `${tool} not found`) };
    }
    const key = [tool, ...args].join(' ');
    const recorded = scenario.commands[key];
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

  const io: CollectorIO = {
    exec,
    async readFile(path) {
      const recorded = scenario.files[path];
      if (recorded === undefined) {
        unexpected.push(`readFile ${path}`);
        return ioError('VIGIL_IO_FAILED', path);
      }
      served.add(`file:${path}`);
      return typeof recorded === 'string' ? { ok: true, text: recorded } : ioError(recorded.error, path);
    },
    async readDir(path) {
      const recorded = scenario.dirs[path];
      if (recorded === undefined) {
        unexpected.push(`readDir ${path}`);
        return ioError('VIGIL_IO_FAILED', path);
      }
      served.add(`dir:${path}`);
      return 'error' in recorded ? ioError(recorded.error, path) : { ok: true, entries: [...recorded].sort() };
    },
    async stat(path) {
      const recorded = scenario.stats[path];
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
