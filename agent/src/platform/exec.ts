/**
 * The only module in the repo that starts processes (enforced by exec-boundary.test.ts), in the
 * spirit of kolide launcher's allowlisted runner: tools by absolute path, argv arrays, never a
 * shell, a timeout that kills the whole process group, an output cap, and a minimal environment
 * with LC_ALL=C so parsers never see localized text. Failures come back as values, not throws.
 */
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { VigilError } from '@vigil/shared/core';
import { SESSION_ENV_NAMES, toolsFor, type SessionEnv, type ToolName, type ToolTable } from './tools.js';

export * from './tools.js';

export const EXEC_ERROR_CODES = [
  'VIGIL_EXEC_NOT_FOUND',
  'VIGIL_EXEC_TIMEOUT',
  'VIGIL_EXEC_OUTPUT_TOO_LARGE',
  'VIGIL_EXEC_SPAWN_FAILED',
  'VIGIL_EXEC_ABORTED',
  'VIGIL_EXEC_KILLED',
] as const;
export type ExecErrorCode = (typeof EXEC_ERROR_CODES)[number];

export class ExecError extends VigilError {
  declare readonly code: ExecErrorCode;
  constructor(code: ExecErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'ExecError';
  }
}

export interface ExecOptions {
  /** Default 10 s. On expiry the whole process group gets SIGKILL. */
  timeoutMs?: number;
  /** stdout + stderr bytes; default 4 MiB. Exceeding it kills the process. */
  maxOutputBytes?: number;
  /** Aborting kills the process group (used when a check's own time budget runs out). */
  signal?: AbortSignal;
  /** Session variables for tools that read per-user settings; anything else is dropped. */
  sessionEnv?: SessionEnv;
}

/** A process that ran to completion. A non-zero exit code is data (`dnf check-update` → 100). */
export interface ExecResult {
  ok: true;
  command: string;
  stdout: string;
  stderr: string;
  exitCode: number;
  durationMs: number;
}
export interface ExecFailure {
  ok: false;
  command: string;
  error: ExecError;
  durationMs: number;
}
export type ExecOutcome = ExecResult | ExecFailure;

export type Exec<T extends string> = (tool: T, args: readonly string[], options?: ExecOptions) => Promise<ExecOutcome>;

export const DEFAULT_EXEC_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 4 * 1024 * 1024;
// Tools such as ufw (a Python script) and apt-get (runs dpkg) start helpers through PATH.
const POSIX_ENV = Object.freeze({ PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C', LANG: 'C' });
// PowerShell needs SystemRoot for .NET and CIM; a fixed PSModulePath means a module dropped in a
// user-writable path can never shadow Get-BitLockerVolume or Get-NetFirewallProfile.
const WIN32_ENV = Object.freeze({
  SystemRoot: 'C:\\Windows',
  windir: 'C:\\Windows',
  PATH: 'C:\\Windows\\System32;C:\\Windows',
  PSModulePath: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\Modules',
});

function childEnv(sessionEnv: SessionEnv | undefined): Record<string, string> {
  const base = process.platform === 'win32' ? WIN32_ENV : POSIX_ENV;
  const extra = SESSION_ENV_NAMES.flatMap((name) => {
    const value = sessionEnv?.[name];
    return typeof value === 'string' && value !== '' && !value.includes('\0') ? [[name, value] as const] : [];
  });
  return { ...base, ...Object.fromEntries(extra) };
}

const isAbsoluteCandidate = (path: string) => isAbsolute(path) || /^[A-Za-z]:\\/.test(path);

/** The command line as run, for evidence: absolute path plus argv, quoted only where needed. */
export function formatCommand(path: string, args: readonly string[]): string {
  const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`);
  return [path, ...args].map(quote).join(' ');
}

/**
 * A candidate must be a regular executable file that only root can change: running a binary an
 * unprivileged user could replace would hand them our (root) privileges.
 */
async function isTrustedExecutable(path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    // Windows has no mode bits or root uid; the only candidate lives in System32, which ACLs guard.
    if (process.platform === 'win32') return info.isFile();
    return info.isFile() && (info.mode & 0o111) !== 0 && (info.mode & 0o022) === 0 && info.uid === 0;
  } catch {
    return false;
  }
}

export function createExec<T extends string>(
  tools: ToolTable<T>,
  resolveCandidate: (path: string) => Promise<boolean> = isTrustedExecutable,
): Exec<T> {
  for (const [tool, candidates] of Object.entries<readonly string[]>(tools)) {
    if (candidates.some((path) => !isAbsoluteCandidate(path)))
      throw new TypeError(`tool ${tool}: candidates must be absolute paths`);
  }
  const resolved = new Map<T, Promise<string | null>>();
  const resolve = (tool: T): Promise<string | null> => {
    let found = resolved.get(tool);
    if (!found) {
      found = (async () => {
        for (const path of tools[tool]) if (await resolveCandidate(path)) return path;
        return null;
      })();
      resolved.set(tool, found);
    }
    return found;
  };

  return async (tool, args, options = {}) => {
    const started = performance.now();
    if (!Object.hasOwn(tools, tool)) throw new TypeError(`tool ${String(tool)} is not in the allowlist`);
    const path = await resolve(tool);
    if (path === null) {
      const where = tools[tool].length > 0 ? `looked in ${tools[tool].join(', ')}` : 'not a tool of this platform';
      const message = `${tool} not found (${where})`;
      return { ok: false, command: tool, error: new ExecError('VIGIL_EXEC_NOT_FOUND', message), durationMs: 0 };
    }
    return run(path, args, options, started);
  };
}

function run(path: string, args: readonly string[], options: ExecOptions, started: number): Promise<ExecOutcome> {
  const command = formatCommand(path, args);
  const timeoutMs = options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
  const maxBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  return new Promise((settle) => {
    const elapsed = () => performance.now() - started;
    const fail = (error: ExecError) => settle({ ok: false, command, error, durationMs: elapsed() });
    if (options.signal?.aborted) return fail(new ExecError('VIGIL_EXEC_ABORTED', `${command}: aborted before start`));

    // detached: the child leads its own process group, so a timeout can kill its helpers too.
    const child = spawn(path, [...args], {
      shell: false,
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: childEnv(options.sessionEnv),
      windowsHide: true,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let bytes = 0;
    let reason: ExecError | undefined;

    const killGroup = (why: ExecError) => {
      reason ??= why;
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL'); // the group is already gone; make sure the leader is too
      }
    };
    const timer = setTimeout(
      () => killGroup(new ExecError('VIGIL_EXEC_TIMEOUT', `${command}: no result after ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onAbort = () => killGroup(new ExecError('VIGIL_EXEC_ABORTED', `${command}: aborted`));
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        killGroup(new ExecError('VIGIL_EXEC_OUTPUT_TOO_LARGE', `${command}: output exceeds ${maxBytes} bytes`));
      } else into.push(chunk);
    };
    child.stdout.on('data', collect(stdout));
    child.stderr.on('data', collect(stderr));

    const cleanup = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      cleanup();
      // ENOENT here means the binary vanished after resolution, or a script's interpreter is missing.
      const code = error.code === 'ENOENT' ? 'VIGIL_EXEC_NOT_FOUND' : 'VIGIL_EXEC_SPAWN_FAILED';
      fail(reason ?? new ExecError(code, `${command}: ${error.message}`, { cause: error }));
    });
    child.on('close', (exitCode, signal) => {
      cleanup();
      if (reason) return fail(reason);
      if (exitCode === null)
        return fail(new ExecError('VIGIL_EXEC_KILLED', `${command}: killed by ${signal ?? 'a signal'}`));
      settle({
        ok: true,
        command,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        exitCode,
        durationMs: elapsed(),
      });
    });
  });
}

/** The production runner over this platform's allowlist. */
export const exec: Exec<ToolName> = createExec(toolsFor(process.platform));
