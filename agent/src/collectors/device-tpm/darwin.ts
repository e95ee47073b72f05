/**
 * device.tpm on macOS: Macs have no TPM; the Secure Enclave (Apple silicon, and Intel Macs with a
 * T2 chip) holds keys the same way. Apple silicon is told by the architecture, T2 by the
 * controller system_profiler reports; other Intel Macs have neither.
 */
import type { DeviceTpmValue, Observation } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { IBRIDGE_ARGS } from '../boot-secure/darwin.js';
import { parseIBridge } from '../boot-secure/parse-ibridge.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation } from '../observation.js';

export async function collectDeviceTpmDarwin(io: CollectorIO): Promise<Observation<'device.tpm'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const [arch, profiler] = await Promise.all([
    recorder.io.exec('uname', ['-m'], { timeoutMs: 2_000 }),
    recorder.io.exec('system_profiler', IBRIDGE_ARGS, { timeoutMs: 15_000 }),
  ]);
  const machine = arch.ok && arch.exitCode === 0 ? arch.stdout.trim() : '';
  const bridge = profiler.ok && profiler.exitCode === 0 ? parseIBridge(profiler.stdout) : null;
  let value: DeviceTpmValue;
  if (machine === 'arm64') {
    value = {
      present: true,
      kind: 'secure-enclave',
      version: null,
      ready: true,
      detail: 'Apple silicon: Secure Enclave',
    };
  } else if (bridge?.controller) {
    value = {
      present: true,
      kind: 'secure-enclave',
      version: null,
      ready: true,
      detail: `${bridge.controller.model ?? 'Apple T2 Security Chip'}: Secure Enclave`,
    };
  } else if (machine === 'x86_64' && bridge) {
    value = {
      present: false,
      kind: 'secure-enclave',
      version: null,
      ready: null,
      detail: 'Intel Mac without a T2 chip: no Secure Enclave',
    };
  } else {
    return errorObservation(
      'VIGIL_COLLECT_TPM_UNREADABLE',
      'neither the architecture nor the security controller could be read',
      io.now(),
      { evidence: recorder.evidence(), startedAt },
    );
  }
  return okObservation<'device.tpm'>(value, recorder.evidence(), startedAt, io.now());
}
