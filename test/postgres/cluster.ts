/**
 * A throwaway PostgreSQL cluster for tests: `initdb` in a temporary directory, the server
 * listening on a free loopback port (password auth over TCP, a random password) and on a unix
 * socket in that directory, tuned for speed over durability. PostgreSQL refuses to run as root,
 * so as root the server runs as the `postgres` system user. `stop()` shuts it down and deletes
 * the directory.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresCluster {
  /** Superuser connection string over TCP loopback (carries the password). */
  url: string;
  password: string;
  dir: string;
  binDir: string;
  stop(): Promise<void>;
}

/** Debian's layout, /usr/lib/postgresql/<major>/bin (the newest major wins), else `pg_config --bindir`. */
export function findPostgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors[0]) return join(root, majors[0], 'bin');
  const configured = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' }).stdout?.trim();
  if (configured && existsSync(join(configured, 'initdb'))) return configured;
  throw new Error('PostgreSQL not found (/usr/lib/postgresql/*/bin, pg_config): run node scripts/system-deps.mjs');
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const binDir = findPostgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'vigil-pg-'));
  const owner = runAs();
  const password = randomBytes(18).toString('base64url');
  const data = join(dir, 'data');
  const passwordFile = join(dir, 'pw');
  writeFileSync(passwordFile, password, { mode: 0o600 });
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    chownSync(passwordFile, owner.uid, owner.gid);
  }
  const initdb = spawnSync(
    join(binDir, 'initdb'),
    [
      '-D',
      data,
      '-U',
      'postgres',
      '--no-sync',
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      `--pwfile=${passwordFile}`,
    ],
    { ...spawnOptions(owner), encoding: 'utf8', stdio: 'pipe' },
  );
  rmSync(passwordFile, { force: true });
  if (initdb.status !== 0) throw new Error(`initdb failed: ${initdb.stderr}`);
  // initdb --no-sync is fast but leaves files unflushed; fsync=off below makes the same trade.
  const port = await freePort();
  const server = spawn(
    join(binDir, 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=400',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'shared_buffers=64MB',
    ],
    { ...spawnOptions(owner), stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  server.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-10_000)));
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  try {
    await waitUntilAccepting(url, server, () => log);
  } catch (error) {
    await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    password,
    dir,
    binDir,
    async stop() {
      await stopServer(server);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid) throw new Error('running as root needs a "postgres" system user to run PostgreSQL');
  return { uid: Number(uid), gid: Number(gid) };
}

function spawnOptions(owner: { uid: number; gid: number } | undefined): SpawnOptions {
  // A clean environment: PG* variables of the caller must not leak into the test server.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
  return owner ? { env, uid: owner.uid, gid: owner.gid, cwd: '/' } : { env };
}

async function waitUntilAccepting(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`postgres exited with ${server.exitCode}: ${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`postgres did not start: ${(error as Error).message}\n${log()}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/** SIGINT is PostgreSQL's "fast" shutdown: sessions are cut, no checkpoint wait beyond one. */
function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.kill('SIGKILL'), 15_000);
    server.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    server.kill('SIGINT');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
