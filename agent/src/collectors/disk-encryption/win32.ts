/** disk.encryption on Windows: BitLocker per fixed volume, from a fixed PowerShell script. */
import type { Observation } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation } from '../observation.js';
import { runPowerShell } from '../windows/powershell.js';
import { parseBitLocker } from './parse-bitlocker.js';
import { BITLOCKER_SCRIPT } from './win32-script.js';

export async function collectDiskEncryptionWin32(io: CollectorIO): Promise<Observation<'disk.encryption'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const outcome = await runPowerShell(recorder.io, BITLOCKER_SCRIPT, 30_000);
  const extra = { evidence: recorder.evidence(), startedAt };
  if (!outcome.ok) {
    const hint =
      outcome.code === 'VIGIL_COLLECT_PERMISSION_DENIED'
        ? ' (BitLocker status needs administrator rights; the agent service has them)'
        : '';
    return errorObservation(outcome.code, `${outcome.message}${hint}`, io.now(), extra);
  }
  const reading = parseBitLocker(outcome.json);
  if (!reading)
    return errorObservation('VIGIL_COLLECT_SCRIPT_OUTPUT', 'bitlocker: no volume list in the output', io.now(), extra);
  if (reading.volumes.length === 0)
    return errorObservation('VIGIL_COLLECT_NO_VOLUMES', 'bitlocker: no fixed volume was reported', io.now(), extra);
  return okObservation<'disk.encryption'>({ volumes: reading.volumes }, recorder.evidence(), startedAt, io.now());
}
