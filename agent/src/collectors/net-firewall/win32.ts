/** net.firewall on Windows: every profile must filter; from a fixed PowerShell script. */
import type { Observation } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation } from '../observation.js';
import { runPowerShell } from '../windows/powershell.js';
import { parseWin32Firewall } from './parse-win32-firewall.js';
import { FIREWALL_SCRIPT } from './win32-script.js';

export async function collectNetFirewallWin32(io: CollectorIO): Promise<Observation<'net.firewall'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const outcome = await runPowerShell(recorder.io, FIREWALL_SCRIPT);
  const extra = { evidence: recorder.evidence(), startedAt };
  if (!outcome.ok) return errorObservation(outcome.code, outcome.message, io.now(), extra);
  const reading = parseWin32Firewall(outcome.json);
  if (!reading.ok)
    return errorObservation('VIGIL_COLLECT_FIREWALL_AMBIGUOUS', `firewall: ${reading.problem}`, io.now(), extra);
  return okObservation<'net.firewall'>(reading.value, recorder.evidence(), startedAt, io.now());
}
