/** boot.secure on Windows; a legacy BIOS boot is unsupported (no Secure Boot exists there). */
import type { Observation } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation, unsupportedObservation } from '../observation.js';
import { runPowerShell } from '../windows/powershell.js';
import { parseWin32SecureBoot } from './parse-win32-secure-boot.js';
import { SECURE_BOOT_SCRIPT } from './win32-script.js';

export async function collectBootSecureWin32(io: CollectorIO): Promise<Observation<'boot.secure'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const outcome = await runPowerShell(recorder.io, SECURE_BOOT_SCRIPT);
  const extra = { evidence: recorder.evidence(), startedAt };
  if (!outcome.ok) return errorObservation(outcome.code, outcome.message, io.now(), extra);
  const reading = parseWin32SecureBoot(outcome.json);
  if (!reading)
    return errorObservation('VIGIL_COLLECT_SCRIPT_OUTPUT', 'secure-boot: unexpected output', io.now(), extra);
  if ('bios' in reading)
    return unsupportedObservation('booted in legacy BIOS mode: this PC has no Secure Boot', io.now());
  if ('unreadable' in reading)
    return errorObservation('VIGIL_COLLECT_SECURE_BOOT_UNREADABLE', reading.unreadable, io.now(), extra);
  return okObservation<'boot.secure'>(
    { enabled: reading.enabled, setupMode: null, level: null, detail: reading.detail },
    recorder.evidence(),
    startedAt,
    io.now(),
  );
}
