/** device.tpm on Windows, from a fixed PowerShell script. */
import type { Observation } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation } from '../observation.js';
import { runPowerShell } from '../windows/powershell.js';
import { parseWin32Tpm } from './parse-win32-tpm.js';
import { TPM_SCRIPT } from './win32-script.js';

export async function collectDeviceTpmWin32(io: CollectorIO): Promise<Observation<'device.tpm'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const outcome = await runPowerShell(recorder.io, TPM_SCRIPT);
  const extra = { evidence: recorder.evidence(), startedAt };
  if (!outcome.ok) return errorObservation(outcome.code, outcome.message, io.now(), extra);
  const reading = parseWin32Tpm(outcome.json);
  if (!reading) return errorObservation('VIGIL_COLLECT_SCRIPT_OUTPUT', 'tpm: unexpected output', io.now(), extra);
  if ('problem' in reading) {
    const code = reading.denied ? 'VIGIL_COLLECT_PERMISSION_DENIED' : 'VIGIL_COLLECT_TPM_UNREADABLE';
    return errorObservation(
      code,
      `${reading.problem}${reading.denied ? ' (needs administrator rights; the agent service has them)' : ''}`,
      io.now(),
      extra,
    );
  }
  return okObservation<'device.tpm'>(reading.value, recorder.evidence(), startedAt, io.now());
}
