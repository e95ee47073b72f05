/** screen.lock on Windows, from a fixed PowerShell script. */
import type { Observation } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation } from '../observation.js';
import { runPowerShell } from '../windows/powershell.js';
import { parseWin32ScreenLock } from './parse-win32-screen-lock.js';
import { NO_SESSION, SESSION_HINT } from './session.js';
import { SCREEN_LOCK_SCRIPT } from './win32-script.js';

export async function collectScreenLockWin32(io: CollectorIO): Promise<Observation<'screen.lock'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const outcome = await runPowerShell(recorder.io, SCREEN_LOCK_SCRIPT);
  const extra = { evidence: recorder.evidence(), startedAt };
  if (!outcome.ok) return errorObservation(outcome.code, outcome.message, io.now(), extra);
  const reading = parseWin32ScreenLock(outcome.json);
  if (!reading)
    return errorObservation('VIGIL_COLLECT_SCRIPT_OUTPUT', 'screen-lock: unexpected output', io.now(), extra);
  if ('asSystem' in reading) {
    return errorObservation(
      NO_SESSION,
      `no machine inactivity limit is set, and as SYSTEM the user's screen saver cannot be read; ${SESSION_HINT}`,
      io.now(),
      extra,
    );
  }
  return okObservation<'screen.lock'>(reading.value, recorder.evidence(), startedAt, io.now());
}
