/**
 * Default locations. Root runs the system daemon (FHS paths); a user-level agent (the personal
 * mode's user-mode agent, docs/byod.md) keeps its state under the user's home, in the place each
 * OS expects, so it never needs privileges: XDG on Linux, ~/Library/Application Support/Vigil on
 * macOS, %LOCALAPPDATA%\Vigil on Windows.
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

/**
 * A regular user's agent rather than the system service. POSIX tells by the uid. Windows has no
 * uid to go by: the per-user agent is the personal-mode one (its Run key passes its paths
 * explicitly, docs/byod.md), so personal ownership named before the config file is read
 * (flag, VIGIL_OWNERSHIP) selects the per-user locations there.
 */
export function isUserMode(host: HostFacts, ownershipHint: string | undefined): boolean {
  if (host.platform === 'win32') return ownershipHint === 'personal';
  return !isRoot(host);
}

export function defaultStateDir(host: HostFacts, userMode = !isRoot(host)): string {
  if (host.platform === 'win32') {
    if (!userMode) return join(host.env.ProgramData ?? 'C:\\ProgramData', 'Vigil');
    return join(host.env.LOCALAPPDATA ?? join(host.homeDir, 'AppData', 'Local'), 'Vigil');
  }
  if (!userMode) return host.platform === 'darwin' ? '/Library/Application Support/Vigil' : '/var/lib/vigil';
  if (host.platform === 'darwin') return join(host.homeDir, 'Library', 'Application Support', 'Vigil');
  const xdgState = host.env.XDG_STATE_HOME;
  return join(xdgState && xdgState.startsWith('/') ? xdgState : join(host.homeDir, '.local', 'state'), 'vigil');
}

/**
 * The system agent listens where the tray looks (one table, in status-api/socket-path.ts); a
 * user-level agent uses the same file name under its runtime dir, or its state dir.
 */
export function defaultSocketPath(host: HostFacts, stateDir: string, userMode = !isRoot(host)): string {
  if (host.platform === 'win32') return userMode ? userPipe(host) : DEFAULT_STATUS_SOCKET_PATHS.win32;
  if (!userMode)
    return host.platform === 'darwin' ? DEFAULT_STATUS_SOCKET_PATHS.darwin : DEFAULT_STATUS_SOCKET_PATHS.linux;
  const runtime = host.env.XDG_RUNTIME_DIR;
  return runtime && runtime.startsWith('/') ? join(runtime, 'vigil', SOCKET_NAME) : stateDirSocket(stateDir);
}

const SOCKET_NAME = basename(DEFAULT_STATUS_SOCKET_PATHS.linux);

/** Pipe names are machine-wide: a per-user agent must not take the system agent's or another user's. */
function userPipe(host: HostFacts): string {
  const user = (host.env.USERNAME ?? 'user').replace(/[^A-Za-z0-9._-]/g, '_');
  return `${DEFAULT_STATUS_SOCKET_PATHS.win32}-${user}`;
}

export function stateDirSocket(stateDir: string): string {
  return process.platform === 'win32' ? DEFAULT_STATUS_SOCKET_PATHS.win32 : join(stateDir, SOCKET_NAME);
}

export function defaultConfigFile(stateDir: string): string {
  return join(stateDir, 'config.json');
}
