/**
 * boot.secure on macOS: Apple's secure boot policy on T2 and Apple silicon Macs, as
 * system_profiler reports it (readable without root, unlike bputil). Intel Macs without T2 have no
 * secure boot: unsupported. A level in a language we do not map is an error with the word shown.
 */
import type { Observation } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation, unsupportedObservation } from '../observation.js';
import { parseIBridge } from './parse-ibridge.js';

export const IBRIDGE_ARGS = ['-json', 'SPiBridgeDataType'] as const;

export async function collectBootSecureDarwin(io: CollectorIO): Promise<Observation<'boot.secure'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const run = await recorder.io.exec('system_profiler', IBRIDGE_ARGS, { timeoutMs: 15_000 });
  const bridge = run.ok && run.exitCode === 0 ? parseIBridge(run.stdout) : null;
  const extra = { evidence: recorder.evidence(), startedAt };
  if (!bridge) {
    const why = run.ok ? `exit ${run.exitCode}, unexpected output` : run.error.message;
    return errorObservation(
      'VIGIL_COLLECT_SECURE_BOOT_UNREADABLE',
      `system_profiler SPiBridgeDataType: ${why}`,
      io.now(),
      extra,
    );
  }
  if (!bridge.controller) return unsupportedObservation('Intel Mac without a T2 chip: no Apple secure boot', io.now());
  const { level, secureBoot } = bridge.controller;
  if (level === null) {
    return errorObservation(
      'VIGIL_COLLECT_SECURE_BOOT_UNREADABLE',
      `secure boot level not recognised: "${secureBoot ?? 'missing'}"`,
      io.now(),
      extra,
    );
  }
  return okObservation<'boot.secure'>(
    {
      enabled: level !== 'none',
      setupMode: null,
      level,
      detail: `system_profiler: ${secureBoot}${bridge.controller.model ? ` (${bridge.controller.model})` : ''}`,
    },
    recorder.evidence(),
    startedAt,
    io.now(),
  );
}
