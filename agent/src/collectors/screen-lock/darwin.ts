/**
 * screen.lock on macOS, in the logged-in user's context: the password delay from sysadminctl
 * (stderr) and the screen saver's start from the user's ByHost preferences. Display sleep also
 * starts the lock; it is not read here, so a screen saver set to "never" leaves the idle time
 * unknown rather than "never locks".
 */
import type { Observation } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation } from '../observation.js';
import { parseIdleTime, parseScreenLockStatus } from './parse-sysadminctl.js';
import { NO_SESSION, SESSION_HINT, sessionProblem } from './session.js';

export async function collectScreenLockDarwin(io: CollectorIO): Promise<Observation<'screen.lock'>> {
  const startedAt = io.now();
  const problem = sessionProblem(io.session, false);
  if (problem) return errorObservation(NO_SESSION, `${problem}; ${SESSION_HINT}`, io.now(), { startedAt });
  const recorder = recordEvidence(io);
  const [status, idle] = await Promise.all([
    recorder.io.exec('sysadminctl', ['-screenLock', 'status'], { timeoutMs: 5_000, sessionEnv: io.session?.env ?? {} }),
    recorder.io.exec('defaults', ['-currentHost', 'read', 'com.apple.screensaver', 'idleTime'], {
      timeoutMs: 5_000,
      sessionEnv: io.session?.env ?? {},
    }),
  ]);
  const lock = status.ok ? parseScreenLockStatus(`${status.stderr}\n${status.stdout}`) : null;
  if (!lock) {
    const why = status.ok ? status.stderr.trim().split('\n').at(-1) || `exit ${status.exitCode}` : status.error.message;
    return errorObservation(
      'VIGIL_COLLECT_SCREEN_LOCK_UNREADABLE',
      `sysadminctl -screenLock status: ${why}`,
      io.now(),
      { evidence: recorder.evidence(), startedAt },
    );
  }
  const idleSeconds = idle.ok && idle.exitCode === 0 ? parseIdleTime(idle.stdout) : null;
  const idleText =
    idleSeconds === null
      ? 'screen saver start not set (macOS default)'
      : idleSeconds === 0
        ? 'screen saver never starts (display sleep not read)'
        : `screen saver after ${idleSeconds} s`;
  return okObservation<'screen.lock'>(
    {
      enabled: lock.on,
      idleSeconds: idleSeconds === 0 ? null : idleSeconds,
      lockDelaySeconds: lock.on ? lock.delaySeconds : null,
      source: 'macos',
      detail: `${lock.on ? `password required ${lock.delaySeconds === 0 ? 'immediately' : `after ${lock.delaySeconds} s`}` : 'screen lock off'}; ${idleText}`,
    },
    recorder.evidence(),
    startedAt,
    io.now(),
  );
}
