/** av.enabled on Windows: Defender or any antivirus registered with Security Center. */
import type { Observation } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation } from '../observation.js';
import { runPowerShell } from '../windows/powershell.js';
import { parseWin32Av } from './parse-win32-av.js';
import { AV_SCRIPT } from './win32-script.js';

export async function collectAvEnabledWin32(io: CollectorIO): Promise<Observation<'av.enabled'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const outcome = await runPowerShell(recorder.io, AV_SCRIPT);
  const extra = { evidence: recorder.evidence(), startedAt };
  if (!outcome.ok) return errorObservation(outcome.code, outcome.message, io.now(), extra);
  const reading = parseWin32Av(outcome.json);
  if (!reading) return errorObservation('VIGIL_COLLECT_SCRIPT_OUTPUT', 'antivirus: unexpected output', io.now(), extra);
  // Both sources answered and list nothing: no protection. A source that failed: unknown.
  if (reading.products.length === 0 && reading.problems.length > 0) {
    return errorObservation(
      'VIGIL_COLLECT_AV_UNREADABLE',
      `no antivirus status could be read (${reading.problems.join('; ')})`,
      io.now(),
      extra,
    );
  }
  return okObservation<'av.enabled'>(
    { enabled: reading.products.some((p) => p.enabled === true), products: reading.products.slice(0, 16) },
    recorder.evidence(),
    startedAt,
    io.now(),
  );
}
