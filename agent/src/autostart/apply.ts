/**
 * Carries out an autostart plan: best-effort commands before, file writes/links/removals, then
 * commands after. Files are written atomically; removing what is already gone is success, so
 * `remove` is safe to run any number of times (unenroll always runs it).
 */
import { mkdir, rm, symlink, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../identity/files.js';
import type { Exec, ToolName } from '../platform/exec.js';
import type { SessionEnv } from '../platform/tools.js';
import type { AutostartPlan, PlannedCommand } from './plan.js';

export interface CommandResult {
  command: string;
  ok: boolean;
  required: boolean;
  detail: string;
}

export interface AutostartResult {
  entry: string;
  wrote: string[];
  removed: string[];
  commands: CommandResult[];
  /** A required command failed: the entry is not in place (or not removed). */
  failed: boolean;
}

export interface ApplyDeps {
  exec: Exec<ToolName>;
  /** The user's session, for `systemctl --user` (runtime dir, session bus). */
  sessionEnv?: SessionEnv;
}

export async function applyAutostart(plan: AutostartPlan, deps: ApplyDeps): Promise<AutostartResult> {
  const result: AutostartResult = { entry: plan.entry, wrote: [], removed: [], commands: [], failed: false };
  const run = async (commands: PlannedCommand[]) => {
    for (const command of commands) {
      const outcome = await deps.exec(command.tool, command.args, {
        timeoutMs: 15_000,
        ...(deps.sessionEnv ? { sessionEnv: deps.sessionEnv } : {}),
      });
      const ok = outcome.ok && outcome.exitCode === 0;
      const detail = outcome.ok
        ? ok
          ? 'done'
          : `exit ${outcome.exitCode}: ${(outcome.stderr.trim().split('\n')[0] ?? '').slice(0, 200)}`
        : outcome.error.message;
      result.commands.push({
        command: `${command.tool} ${command.args.join(' ')}`,
        ok,
        required: command.required,
        detail: ok ? 'done' : `${detail} (${command.why})`,
      });
      if (!ok && command.required) result.failed = true;
    }
  };
  await run(plan.before);
  for (const file of plan.write) {
    await mkdir(dirname(file.path), { recursive: true });
    await writeFileAtomic(file.path, file.content, file.mode);
    result.wrote.push(file.path);
  }
  for (const link of plan.links) {
    await mkdir(dirname(link.path), { recursive: true });
    await unlink(link.path).catch(() => undefined);
    await symlink(link.target, link.path);
    result.wrote.push(link.path);
  }
  for (const path of plan.remove) {
    const existed = await rm(path, { force: false }).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
    if (existed) result.removed.push(path);
  }
  if (!result.failed) await run(plan.after);
  return result;
}
