/** os.version on Windows, from a fixed PowerShell script (CIM + registry, no localized text). */
import type { Observation } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation } from '../observation.js';
import { runPowerShell } from '../windows/powershell.js';
import { parseWin32Os } from './parse-win32-os.js';
import { OS_VERSION_SCRIPT } from './win32-script.js';

export async function collectOsVersionWin32(io: CollectorIO): Promise<Observation<'os.version'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const outcome = await runPowerShell(recorder.io, OS_VERSION_SCRIPT);
  const extra = { evidence: recorder.evidence(), startedAt };
  if (!outcome.ok) return errorObservation(outcome.code, outcome.message, io.now(), extra);
  const value = parseWin32Os(outcome.json);
  if (!value)
    return errorObservation(
      'VIGIL_COLLECT_SCRIPT_OUTPUT',
      'os-version: no Windows version in the output',
      io.now(),
      extra,
    );
  return okObservation<'os.version'>(value, recorder.evidence(), startedAt, io.now());
}
