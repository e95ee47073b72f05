/**
 * What a collector may touch: the allowlisted exec, bounded file reads, directory listings, mtimes
 * and the clock. Collectors receive this interface and nothing else, so replay tests can serve
 * recorded outputs and fail on anything unexpected.
 */
import { open, readdir, stat as fsStat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { VigilError } from '@vigil/shared/core';
import { AGENT_VERSION } from '../version.js';
import { exec as realExec, type Exec, type ExecOptions, type ExecOutcome, type ToolName } from './exec.js';
import type { UserSession } from './session.js';
import { createMemorySlowProbeStore, createSlowProbes, type SlowProbes } from './slow-probe.js';
import { createFileSlowProbeStore } from './slow-probe-file.js';

export const IO_ERROR_CODES = [
  'VIGIL_IO_NOT_FOUND',
  'VIGIL_IO_PERMISSION_DENIED',
  'VIGIL_IO_TOO_LARGE',
  'VIGIL_IO_FAILED',
] as const;
export type IoErrorCode = (typeof IO_ERROR_CODES)[number];

export class IoError extends VigilError {
  declare readonly code: IoErrorCode;
  constructor(code: IoErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'IoError';
  }
}

export interface ReadFileOptions {
  /** Default 4 MiB (after decompression). /proc and /sys files report size 0, so this is enforced while reading. */
  maxBytes?: number;
  /** Decompress gzip (rotated logs such as history.log.1.gz). */
  gunzip?: boolean;
}

export type IoFailure = { ok: false; error: IoError };
export type ReadFileOutcome = { ok: true; text: string } | IoFailure;
export type ReadDirOutcome = { ok: true; entries: string[] } | IoFailure;
export type StatOutcome = { ok: true; mtime: Date; isDirectory: boolean } | IoFailure;

/** The running agent, for agent.integrity: its version and the directory holding its code. */
export interface AgentInstall {
  version: string;
  codeDir: string;
}

export interface CollectorIO {
  exec(tool: ToolName, args: readonly string[], options?: ExecOptions): Promise<ExecOutcome>;
  readFile(path: string, options?: ReadFileOptions): Promise<ReadFileOutcome>;
  /** Entry names, sorted, so results do not depend on directory order. */
  readDir(path: string): Promise<ReadDirOutcome>;
  stat(path: string): Promise<StatOutcome>;
  now(): Date;
  /** The user session per-user checks read (screen lock); null when none was described. */
  readonly session: UserSession | null;
  /** Slow, network-bound commands with their own cadence (softwareupdate -l, Windows Update). */
  readonly slowProbes: SlowProbes;
  readonly agent: AgentInstall;
}

export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;

function toIoError(path: string, error: unknown): IoError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new IoError('VIGIL_IO_NOT_FOUND', `${path}: not found`, { cause: error });
  if (code === 'EACCES' || code === 'EPERM') {
    return new IoError('VIGIL_IO_PERMISSION_DENIED', `${path}: permission denied`, { cause: error });
  }
  return new IoError('VIGIL_IO_FAILED', `${path}: ${error instanceof Error ? error.message : String(error)}`, {
    cause: error,
  });
}

function assertAbsolute(path: string): void {
  if (!isAbsolute(path)) throw new TypeError(`collector paths must be absolute: ${path}`);
}

async function readBounded(path: string, maxBytes: number): Promise<Buffer | IoError> {
  const handle = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) return Buffer.concat(chunks, total);
      total += bytesRead;
      if (total > maxBytes) return new IoError('VIGIL_IO_TOO_LARGE', `${path}: larger than ${maxBytes} bytes`);
      chunks.push(chunk.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
}

async function readFile(path: string, options: ReadFileOptions = {}): Promise<ReadFileOutcome> {
  assertAbsolute(path);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  try {
    const raw = await readBounded(path, maxBytes);
    if (raw instanceof IoError) return { ok: false, error: raw };
    if (!options.gunzip) return { ok: true, text: raw.toString('utf8') };
    try {
      return { ok: true, text: gunzipSync(raw, { maxOutputLength: maxBytes }).toString('utf8') };
    } catch (error) {
      const tooLarge = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      const code = tooLarge ? 'VIGIL_IO_TOO_LARGE' : 'VIGIL_IO_FAILED';
      return { ok: false, error: new IoError(code, `${path}: cannot decompress`, { cause: error }) };
    }
  } catch (error) {
    return { ok: false, error: toIoError(path, error) };
  }
}

async function readDir(path: string): Promise<ReadDirOutcome> {
  assertAbsolute(path);
  try {
    return { ok: true, entries: (await readdir(path)).sort() };
  } catch (error) {
    return { ok: false, error: toIoError(path, error) };
  }
}

async function stat(path: string): Promise<StatOutcome> {
  assertAbsolute(path);
  try {
    const info = await fsStat(path);
    return { ok: true, mtime: info.mtime, isDirectory: info.isDirectory() };
  } catch (error) {
    return { ok: false, error: toIoError(path, error) };
  }
}

// One per process, so a refresh started in one posture cycle is read by the next.
let processSlowProbes: SlowProbes | undefined;

/** dist/ (or src/ under the test runner): the directory above platform/. */
const OWN_CODE_DIR = fileURLToPath(new URL('..', import.meta.url));

export interface RealIOOptions {
  exec?: Exec<ToolName>;
  now?: () => Date;
  /** Describe it with userSessionFromEnv() where the process runs in a user's session. */
  session?: UserSession | null;
  slowProbes?: SlowProbes;
  /** Keep slow-probe answers in this file (the daemon's state dir) rather than in memory. */
  slowProbeFile?: string;
  agent?: AgentInstall;
}

export function createRealIO(options: RealIOOptions = {}): CollectorIO {
  const run = options.exec ?? realExec;
  const slowProbes =
    options.slowProbes ??
    (options.exec ? createSlowProbes({ exec: run, store: createMemorySlowProbeStore() }) : undefined) ??
    (options.slowProbeFile
      ? createSlowProbes({ exec: realExec, store: createFileSlowProbeStore(options.slowProbeFile) })
      : undefined) ??
    (processSlowProbes ??= createSlowProbes({ exec: realExec, store: createMemorySlowProbeStore() }));
  return {
    exec: (tool, args, execOptions) => run(tool, args, execOptions),
    readFile,
    readDir,
    stat,
    now: options.now ?? (() => new Date()),
    session: options.session ?? null,
    slowProbes,
    agent: options.agent ?? { version: AGENT_VERSION, codeDir: OWN_CODE_DIR.replace(/[/\\]$/, '') },
  };
}
