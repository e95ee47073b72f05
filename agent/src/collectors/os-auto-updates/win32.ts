/** os.auto_updates on Windows, from a fixed PowerShell script (registry policy, pause, service). */
import type { Observation } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation } from '../observation.js';
import { runPowerShell } from '../windows/powershell.js';
import { parseWin32AutoUpdates } from './parse-win32-auto-updates.js';
import { AUTO_UPDATES_SCRIPT } from './win32-script.js';

export async function collectOsAutoUpdatesWin32(io: CollectorIO): Promise<Observation<'os.auto_updates'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const outcome = await runPowerShell(recorder.io, AUTO_UPDATES_SCRIPT);
  const extra = { evidence: recorder.evidence(), startedAt };
  if (!outcome.ok) return errorObservation(outcome.code, outcome.message, io.now(), extra);
  const value = parseWin32AutoUpdates(outcome.json);
  if (!value)
    return errorObservation('VIGIL_COLLECT_SCRIPT_OUTPUT', 'auto-updates: unexpected output', io.now(), extra);
  return okObservation<'os.auto_updates'>(value, recorder.evidence(), startedAt, io.now());
}
