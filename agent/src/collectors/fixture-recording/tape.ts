/**
 * A CollectorIO that passes everything through to the real one and keeps what came back, so a
 * collection run becomes a replayable scenario: the commands the collectors ran, exactly as they
 * ran them, and the files, directories and times they read. The agent's own code (read by
 * agent.integrity) is left out: it is not about the device.
 */
import type { ToolName } from '../../platform/exec.js';
import type { CollectorIO } from '../../platform/io.js';
import type { SlowProbeAnswer } from '../../platform/slow-probe.js';
import { scriptNameOf } from '../windows/scripts.js';

export type TapedCommand = { stdout: string; stderr: string; exitCode: number; durationMs: number } | { error: string };
export type TapedFile = { text: string } | { error: string };
export type TapedDir = { entries: string[] } | { error: string };
export type TapedStat = { mtime: string; isDirectory: boolean } | { error: string };

export interface Tape {
  commands: Map<string, TapedCommand>;
  missingTools: Set<ToolName>;
  files: Map<string, TapedFile>;
  dirs: Map<string, TapedDir>;
  stats: Map<string, TapedStat>;
  slowProbes: Map<string, SlowProbeAnswer>;
}

/** The replay key of a command: `tool args…`, or `powershell <script name>`. */
export function commandKey(tool: ToolName, args: readonly string[]): string {
  const script = tool === 'powershell' ? scriptNameOf(args) : null;
  return script ? `powershell ${script}` : [tool, ...args].join(' ');
}

export function tapeIO(io: CollectorIO): { io: CollectorIO; tape: Tape } {
  const tape: Tape = {
    commands: new Map(),
    missingTools: new Set(),
    files: new Map(),
    dirs: new Map(),
    stats: new Map(),
    slowProbes: new Map(),
  };
  const own = (path: string) =>
    path === io.agent.codeDir || path.startsWith(`${io.agent.codeDir}/`) || path.startsWith(`${io.agent.codeDir}\\`);
  const taped: CollectorIO = {
    async exec(tool, args, options) {
      const outcome = await io.exec(tool, args, options);
      if (!outcome.ok && outcome.error.code === 'VIGIL_EXEC_NOT_FOUND') tape.missingTools.add(tool);
      else {
        tape.commands.set(
          commandKey(tool, args),
          outcome.ok
            ? {
                stdout: outcome.stdout,
                stderr: outcome.stderr,
                exitCode: outcome.exitCode,
                durationMs: Math.round(outcome.durationMs),
              }
            : { error: outcome.error.code },
        );
      }
      return outcome;
    },
    async readFile(path, options) {
      const result = await io.readFile(path, options);
      if (!own(path)) tape.files.set(path, result.ok ? { text: result.text } : { error: result.error.code });
      return result;
    },
    async readDir(path) {
      const result = await io.readDir(path);
      if (!own(path)) tape.dirs.set(path, result.ok ? { entries: result.entries } : { error: result.error.code });
      return result;
    },
    async stat(path) {
      const result = await io.stat(path);
      if (!own(path))
        tape.stats.set(
          path,
          result.ok
            ? { mtime: result.mtime.toISOString(), isDirectory: result.isDirectory }
            : { error: result.error.code },
        );
      return result;
    },
    now: () => io.now(),
    session: io.session,
    slowProbes: {
      async read(request) {
        const read = await io.slowProbes.read(request);
        if (read.answer) tape.slowProbes.set(request.key ?? commandKey(request.tool, request.args), read.answer);
        return read;
      },
    },
    agent: io.agent,
  };
  return { io: taped, tape };
}
