/**
 * The user session that per-user checks (screen lock) read. Settings such as GNOME's live behind
 * the user's session bus: without it gsettings prints the schema default, which looks like a real
 * answer but is not. So the session is described explicitly, by the composition root that owns
 * the environment, and a collector without one says so instead of guessing.
 */
import type { SessionEnv } from './tools.js';

export interface UserSession {
  /** Variables handed to per-user tools; see SESSION_ENV_NAMES. */
  env: SessionEnv;
  /** XDG_CURRENT_DESKTOP (`ubuntu:GNOME`, `KDE`, `X-Cinnamon`), when known. */
  desktop?: string;
  /** The uid the agent runs as: 0 (root) reads root's settings, not the console user's. */
  uid?: number;
}

/**
 * Describes the session of the process that owns `env` (the CLI run by a user, or the tray's
 * helper). A daemon started by the service manager has no session bus and gets a session without
 * one, which the screen-lock collectors report as such.
 */
export function userSessionFromEnv(env: Readonly<Record<string, string | undefined>>, uid?: number): UserSession {
  const pick = (name: keyof SessionEnv) => (env[name] ? { [name]: env[name] } : {});
  return {
    env: {
      ...pick('DBUS_SESSION_BUS_ADDRESS'),
      ...pick('XDG_RUNTIME_DIR'),
      ...pick('HOME'),
      ...pick('XDG_CONFIG_HOME'),
    },
    ...(env.XDG_CURRENT_DESKTOP ? { desktop: env.XDG_CURRENT_DESKTOP } : {}),
    ...(uid !== undefined ? { uid } : {}),
  };
}
