/**
 * Get-Tpm and Win32_Tpm.SpecVersion (`2.0, 0, 1.59`: the first field is the specification).
 * Either part may be an exception object; both denied means no administrator rights.
 */
import type { DeviceTpmValue } from '@vigil/shared';
import { asObject, bool, str } from '../windows/json.js';

export type Win32Tpm = { value: DeviceTpmValue } | { problem: string; denied: boolean };

export function parseWin32Tpm(json: unknown): Win32Tpm | null {
  const root = asObject(json);
  if (!root) return null;
  const tpm = asObject(root.tpm);
  const specText = str(root.specVersion);
  const spec = specText ? (/^\s*(\d+\.\d+)/.exec(specText)?.[1] ?? null) : null;
  if (!tpm || 'vigilError' in tpm) {
    const errors = [tpm, asObject(root.specVersion)].filter((e) => e && 'vigilError' in e) as Array<
      Record<string, unknown>
    >;
    const denied = errors.some(
      (e) => e.hresult === -2147024891 || /Unauthorized|denied/i.test(`${String(e.vigilError)} ${String(e.message)}`),
    );
    return { problem: `Get-Tpm: ${errors.map((e) => String(e.vigilError)).join(', ') || 'no answer'}`, denied };
  }
  const present = bool(tpm.present);
  if (present === null) return { problem: 'Get-Tpm did not say whether a TPM is present', denied: false };
  const ready = bool(tpm.ready);
  const parts = [
    `TpmPresent ${present}`,
    `TpmReady ${ready ?? 'unknown'}`,
    `TpmEnabled ${bool(tpm.enabled) ?? 'unknown'}`,
    `TpmActivated ${bool(tpm.activated) ?? 'unknown'}`,
  ];
  if (specText) parts.push(`SpecVersion ${specText}`);
  return {
    value: {
      present,
      kind: 'tpm',
      version: present ? spec : null,
      ready: present ? ready : null,
      detail: parts.join(', '),
    },
  };
}
