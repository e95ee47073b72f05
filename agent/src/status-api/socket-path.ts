/**
 * Where the status API listens and how the path is made ready: a Unix socket that every local
 * user may read (mode 0666 in a 0755 directory) or a Windows named pipe. A socket file left by a
 * crashed agent is removed only after proving that nothing answers on it.
 */
import { chmod, lstat, mkdir, unlink } from 'node:fs/promises';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import type { Platform } from '@vigil/shared';
import { StatusApiError } from './errors.js';

/** Defaults for callers that have no configured path; tray-ui keeps an identical table. */
export const DEFAULT_STATUS_SOCKET_PATHS: Readonly<Record<Platform, string>> = {
  linux: '/run/vigil/status.sock',
  darwin: '/var/run/vigil/status.sock',
  win32: '\\\\.\\pipe\\vigil-agent',
};

const SOCKET_FILE_MODE = 0o666;
const SOCKET_DIR_MODE = 0o755;

export function isNamedPipePath(path: string): boolean {
  return /^\\\\[.?]\\pipe\\/i.test(path);
}

/** Creates the directory and clears a stale socket file; throws if a live agent owns the path. */
export async function prepareSocketPath(path: string, probeTimeoutMs = 500): Promise<void> {
  if (isNamedPipePath(path)) return; // the pipe namespace has no files to prepare
  const dir = dirname(path);
  const created = await mkdir(dir, { recursive: true, mode: SOCKET_DIR_MODE });
  // chmod because mkdir's mode is filtered by the umask; only a directory we created, so a
  // shared parent such as /tmp is never loosened or tightened.
  if (created !== undefined) await chmod(dir, SOCKET_DIR_MODE);

  const existing = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!existing) return;
  if (!existing.isSocket()) {
    throw new StatusApiError(
      'VIGIL_STATUS_SOCKET_PATH_OCCUPIED',
      `${path} exists and is not a socket; refusing to replace it`,
    );
  }
  if (await somethingAnswers(path, probeTimeoutMs)) {
    throw new StatusApiError('VIGIL_STATUS_SOCKET_IN_USE', `another process is answering on ${path}`);
  }
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/** Lets every local user connect: the status is not secret and "check now" is rate-limited. */
export async function makeSocketReachable(path: string): Promise<void> {
  if (isNamedPipePath(path)) return; // listen({readableAll, writableAll}) sets the pipe's ACL
  await chmod(path, SOCKET_FILE_MODE);
}

/**
 * Only "connection refused" or "no such file" prove a socket is stale. A hang or any other error
 * (e.g. EACCES) means we cannot tell, and stealing a live agent's socket is worse than failing.
 */
function somethingAnswers(path: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    const done = (answer: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done(true), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done(error.code !== 'ECONNREFUSED' && error.code !== 'ENOENT'),
    );
  });
}
