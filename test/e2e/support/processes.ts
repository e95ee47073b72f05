/**
 * Real processes for the end-to-end tests: the compliance service (`vigil-service`) over HTTPS
 * and the agent (`vigil`), both from the built dist/ (run `npm run build` first).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const root = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
export const VIGIL_BIN = root('agent/bin/vigil.js');
export const SERVICE_BIN = root('service/bin/vigil-service.js');

/** Keeps cycles short and free of the real retry delays; nothing else is special in tests. */
export const FAST_ENV = {
  VIGIL_PUSH_RETRIES: '1',
  VIGIL_PUSH_BACKOFF_BASE_MS: '50',
  VIGIL_PUSH_TIMEOUT_MS: '5000',
  VIGIL_JITTER_SECONDS: '0',
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RunningService {
  url: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  /** Everything the service wrote to stdout and stderr so far (pino JSON lines). */
  logs(): string;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  /** Extra environment (e.g. a fake clock); the service reads only its own `VIGIL_SERVICE_*`. */
  env?: Record<string, string>;
  /** `info` logs every request (the fault tests wait for a request to arrive); default `warn`. */
  logLevel?: string;
}

export async function startService(
  dataDir: string,
  port: number,
  options: ServiceOptions = {},
): Promise<RunningService> {
  const child = spawn(
    process.execPath,
    [
      SERVICE_BIN,
      'start',
      '--data-dir',
      dataDir,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--json',
      '--log-level',
      options.logLevel ?? 'warn',
    ],
    {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start: ${output}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(https:\/\/[^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`service exited with ${code}: ${output}`)));
  });
  const stop = async () => void (await stopProcess(child));
  return { url, port, dataDir, process: child, logs: () => output, stop };
}

export function createEnrollToken(dataDir: string, extra: string[] = [], env: Record<string, string> = {}): string {
  const result = spawnSync(
    process.execPath,
    [SERVICE_BIN, 'token', 'create', '--enroll', '--data-dir', dataDir, '--json', ...extra],
    { encoding: 'utf8', env: { ...process.env, ...env } },
  );
  if (result.status !== 0) throw new Error(`token create failed: ${result.stderr}`);
  const line = result.stdout.trim().split('\n').at(-1)!;
  return (JSON.parse(line) as { token: string }).token;
}

export function createAdminToken(dataDir: string, env: Record<string, string> = {}): string {
  const result = spawnSync(
    process.execPath,
    [SERVICE_BIN, 'token', 'create', '--admin', '--data-dir', dataDir, '--json'],
    { encoding: 'utf8', env: { ...process.env, ...env } },
  );
  return (JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { token: string }).token;
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function vigil(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CommandResult> {
  return runCommand(process.execPath, [VIGIL_BIN, ...args], { ...process.env, ...FAST_ENV, ...env }, timeoutMs);
}

/** Runs a command to its end (killed after `timeoutMs`) with exactly `env`; a failed spawn resolves with code null. */
export function runCommand(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: `${stderr}${error.message}` });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface RunningAgent {
  process: ChildProcess;
  logs(): string;
  stop(): Promise<number | null>;
}

export function startAgent(args: string[], env: Record<string, string> = {}): RunningAgent {
  const child = spawn(process.execPath, [VIGIL_BIN, 'run', ...args], {
    env: { ...process.env, ...FAST_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  child.stdout!.on('data', (c: Buffer) => (logs += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (logs += c.toString()));
  return { process: child, logs: () => logs, stop: () => stopProcess(child) };
}

export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill(signal);
  });
}

export async function waitFor<T>(
  probe: () => T | Promise<T>,
  what: string,
  timeoutMs = 20_000,
  everyMs = 200,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** The service's view, read from its SQLite file read-only: what it accepted, in arrival order. */
export function serviceReports(dataDir: string, deviceId: string): { jti: string; seq: number; challenged: number }[] {
  const db = new Database(`${dataDir}/vigil-service.sqlite`, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare('SELECT jti, seq, challenged FROM reports WHERE device_id = ? ORDER BY id')
      .all(deviceId) as never;
  } finally {
    db.close();
  }
}

export function serviceDevice(dataDir: string, deviceId: string): { forked_at: number | null; last_seq: number } {
  const db = new Database(`${dataDir}/vigil-service.sqlite`, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT forked_at, last_seq FROM devices WHERE id = ?').get(deviceId) as never;
  } finally {
    db.close();
  }
}

/** The agent's cache, read-only: chain state and every report it holds. */
export function agentCache(stateDir: string) {
  const db = new Database(`${stateDir}/cache.db`, { readonly: true, fileMustExist: true });
  try {
    return {
      integrity: (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check),
      chain: db
        .prepare('SELECT device_id AS deviceId, last_seq AS lastSeq, last_hash AS lastHash FROM chain')
        .get() as { deviceId: string; lastSeq: number },
      reports: db.prepare('SELECT seq, jti, state, challenged FROM reports ORDER BY seq').all() as {
        seq: number;
        jti: string;
        state: string;
        challenged: number;
      }[],
    };
  } finally {
    db.close();
  }
}
