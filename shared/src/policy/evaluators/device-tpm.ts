import type { DeviceTpmValue } from '../../posture.js';
import type { Policy } from '../schema.js';
import { compareVersions } from '../version.js';
import type { RawOutcome } from './types.js';

type DeviceTpmPolicy = NonNullable<Policy['checks']['device.tpm']>;

export function evaluateDeviceTpm(value: DeviceTpmValue, rule: DeviceTpmPolicy): RawOutcome {
  const chip = value.kind === 'secure-enclave' ? 'Secure Enclave' : 'TPM';
  if (!value.present) return { result: 'fail', reason: `no ${chip} found: ${value.detail}` };
  if (value.kind === 'tpm') {
    if (value.version === null)
      return { result: 'unknown', reason: `a TPM is present but its version could not be read: ${value.detail}` };
    if ((compareVersions(value.version, rule.minimumVersion) ?? -1) < 0) {
      return { result: 'fail', reason: `TPM ${value.version} is older than the required ${rule.minimumVersion}` };
    }
  }
  const name = value.kind === 'tpm' ? `TPM ${value.version}` : chip;
  if (value.ready === false)
    return { result: 'warn', reason: `${name} present but not ready for use: ${value.detail}` };
  return { result: 'pass', reason: `${name} present${value.ready ? ' and ready' : ''}` };
}
