/**
 * Screen lock is a per-user setting. The agent's daemon runs as root or SYSTEM, outside any
 * desktop session: reading there gives root's settings or, with gsettings, the schema defaults.
 * So without a described user session the collectors report an error (never a value), and the
 * user's own agent (vigil check in the session, or the tray's helper) provides the reading.
 */
import type { UserSession } from '../../platform/session.js';

export const NO_SESSION = 'VIGIL_COLLECT_NO_USER_SESSION' as const;

/** Why this session cannot read the user's settings, or null when it can. */
export function sessionProblem(session: UserSession | null, needsBus: boolean): string | null {
  if (!session) return 'the agent runs outside a user session (no session was given to the collectors)';
  if (session.uid === 0) return "the agent runs as root, whose settings are not the console user's";
  if (needsBus && !session.env.DBUS_SESSION_BUS_ADDRESS) {
    return "no session bus (DBUS_SESSION_BUS_ADDRESS is not set): gsettings would print schema defaults, not the user's settings";
  }
  if (needsBus && !session.env.XDG_RUNTIME_DIR) return 'XDG_RUNTIME_DIR is not set: this is not a desktop session';
  return null;
}

export const SESSION_HINT =
  'screen lock is read in the user\'s session: run "vigil check" there, or use the Vigil tray';
