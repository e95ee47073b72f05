/**
 * The tray's configuration, resolved once at start-up (defaults < env `VIGIL_*` < flags) and
 * passed explicitly; nothing else in tray-ui reads process.env or argv.
 */
import { isPlatform, type Platform } from '@vigil/shared';

/** Keep identical to DEFAULT_STATUS_SOCKET_PATHS in agent/src/status-api/socket-path.ts. */
export const DEFAULT_STATUS_SOCKET_PATHS: Readonly<Record<Platform, string>> = {
  linux: '/run/vigil/status.sock',
  darwin: '/var/run/vigil/status.sock',
  win32: '\\\\.\\pipe\\vigil-agent',
};

export interface TrayConfig {
  platform: Platform;
  socketPath: string;
  pollIntervalMs: number;
  /** Extra hosts whose https help pages may be opened, besides the policy's helpUrl host. */
  helpHosts: readonly string[];
}

export function resolveTrayConfig(
  platform: string,
  env: Readonly<Record<string, string | undefined>>,
  argv: readonly string[],
): TrayConfig {
  const os: Platform = isPlatform(platform) ? platform : 'linux';
  const flag = (name: string): string | undefined =>
    argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const poll = Number(flag('poll-seconds') ?? env.VIGIL_TRAY_POLL_SECONDS ?? 30);
  const hosts = flag('help-host') ?? env.VIGIL_TRAY_HELP_HOSTS ?? '';
  return Object.freeze({
    platform: os,
    socketPath: flag('socket') ?? env.VIGIL_STATUS_SOCKET ?? DEFAULT_STATUS_SOCKET_PATHS[os],
    pollIntervalMs: Number.isFinite(poll) && poll >= 5 ? poll * 1000 : 30_000,
    helpHosts: Object.freeze(
      hosts
        .split(',')
        .map((h) => h.trim())
        .filter((h) => h !== ''),
    ),
  });
}
