import type { BootSecureValue } from '../../posture.js';
import type { RawOutcome } from './types.js';

/** Secure Boot must be enforcing: setup mode, or Apple's "No Security", is off in all but name. */
export function evaluateBootSecure(value: BootSecureValue): RawOutcome {
  if (!value.enabled) return { result: 'fail', reason: `Secure Boot is off: ${value.detail}` };
  if (value.setupMode === true)
    return { result: 'fail', reason: `Secure Boot is in setup mode, so nothing is enforced: ${value.detail}` };
  if (value.level === 'medium' || value.level === 'reduced' || value.level === 'permissive') {
    return { result: 'warn', reason: `secure boot is on with ${value.level} security: ${value.detail}` };
  }
  return { result: 'pass', reason: `Secure Boot is on${value.level ? ` (${value.level} security)` : ''}` };
}
