/**
 * Default locations. Root runs the system daemon (FHS paths); a user-level agent keeps to the
 * XDG base directories so it never needs privileges.
 */
import { basename, join } from 'node:path';
import { DEFAULT_STATUS_SOCKET_PATHS } from '../status-api/socket-path.js';

export interface HostFacts {
  platform: NodeJS.Platform;
  /** null on Windows (no POSIX uids). */
  uid: number | null;
  homeDir: string;
  env: Readonly<Record<string, string | undefined>>;
}

function isRoot(host: HostFacts): boolean {
  return host.uid === 0;
}

export function defaultStateDir(host: HostFacts): string {
  if (host.platform === 'win32') return join(host.env.ProgramData ?? 'C:\\ProgramData', 'Vigil');
  if (isRoot(host)) return host.platform === 'darwin' ? '/Library/Application Support/Vigil' : '/var/lib/vigil';
  const xdgState = host.env.XDG_STATE_HOME;
  return join(xdgState && xdgState.startsWith('/') ? xdgState : join(host.homeDir, '.local', 'state'), 'vigil');
}

/**
 * The system agent listens where the tray looks (one table, in status-api/socket-path.ts); a
 * user-level agent uses the same file name under its runtime dir, or its state dir.
 */
export function defaultSocketPath(host: HostFacts, stateDir: string): string {
  if (host.platform === 'win32') return DEFAULT_STATUS_SOCKET_PATHS.win32;
  if (isRoot(host))
    return host.platform === 'darwin' ? DEFAULT_STATUS_SOCKET_PATHS.darwin : DEFAULT_STATUS_SOCKET_PATHS.linux;
  const runtime = host.env.XDG_RUNTIME_DIR;
  return runtime && runtime.startsWith('/') ? join(runtime, 'vigil', SOCKET_NAME) : stateDirSocket(stateDir);
}

const SOCKET_NAME = basename(DEFAULT_STATUS_SOCKET_PATHS.linux);

export function stateDirSocket(stateDir: string): string {
  return process.platform === 'win32' ? DEFAULT_STATUS_SOCKET_PATHS.win32 : join(stateDir, SOCKET_NAME);
}

export function defaultConfigFile(stateDir: string): string {
  return join(stateDir, 'config.json');
}
