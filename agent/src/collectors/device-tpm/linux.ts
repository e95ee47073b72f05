/**
 * device.tpm on Linux from sysfs. No /sys/class/tpm/tpm* means no TPM the kernel can use (none
 * fitted, disabled in firmware, or no driver): present false, which the policy judges. The version
 * file exists from Linux 5.6; before that, a TPM 1.2 has a `caps` file and a TPM 2.0 a tpmrm node.
 */
import type { DeviceTpmValue, Observation } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation } from '../observation.js';

const CLASS = '/sys/class/tpm';

export function tpmVersionFromMajor(text: string): string | null {
  const major = text.trim();
  return major === '2' ? '2.0' : major === '1' ? '1.2' : null;
}

export async function collectDeviceTpmLinux(io: CollectorIO): Promise<Observation<'device.tpm'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const listing = await recorder.io.readDir(CLASS);
  if (!listing.ok && listing.error.code !== 'VIGIL_IO_NOT_FOUND') {
    return errorObservation('VIGIL_COLLECT_TPM_UNREADABLE', listing.error.message, io.now(), {
      evidence: recorder.evidence(),
      startedAt,
    });
  }
  const device = listing.ok ? listing.entries.find((name) => /^tpm\d+$/.test(name)) : undefined;
  if (!device) {
    const value: DeviceTpmValue = {
      present: false,
      kind: 'tpm',
      version: null,
      ready: null,
      detail: `no TPM device in ${CLASS} (none fitted, disabled in firmware, or no driver)`,
    };
    return okObservation<'device.tpm'>(value, recorder.evidence(), startedAt, io.now());
  }
  const base = `${CLASS}/${device}`;
  let version: string | null = null;
  let source = `${base}/tpm_version_major`;
  const major = await recorder.io.readFile(`${base}/tpm_version_major`, { maxBytes: 64 });
  if (major.ok) version = tpmVersionFromMajor(major.text);
  else {
    for (const path of [`${base}/device/caps`, `${base}/caps`]) {
      const caps = await recorder.io.readFile(path, { maxBytes: 4096 });
      const tcg = caps.ok ? /TCG version:\s*(\d+\.\d+)/.exec(caps.text)?.[1] : undefined;
      if (tcg) {
        version = tcg;
        source = path;
        break;
      }
    }
    if (version === null && (await recorder.io.stat(`/dev/tpmrm${device.slice(3)}`)).ok) {
      version = '2.0';
      source = `/dev/tpmrm${device.slice(3)}`;
    }
  }
  const value: DeviceTpmValue = {
    present: true,
    kind: 'tpm',
    version,
    ready: null,
    detail: `${device}: TPM ${version ?? 'version unknown'} (from ${source})`,
  };
  return okObservation<'device.tpm'>(value, recorder.evidence(), startedAt, io.now());
}
