/**
 * efivarfs files are 4 attribute bytes followed by the variable's data; SecureBoot, SetupMode and
 * shim's MokSBStateRT hold one byte (1 = set). `mokutil --sb-state` says the same in words:
 * `SecureBoot enabled`, `SecureBoot disabled`, `Platform is in Setup Mode`, `SecureBoot
 * validation is disabled in shim`, or that the system has no Secure Boot / no EFI variables.
 */
export const EFI_GLOBAL = '8be4df61-93ca-11d2-aa0d-00e098032b8c';
export const SHIM_LOCK = '605dab50-e046-4300-abb6-3dd810dd8b23';

/** The data byte of a one-byte variable read as text (each byte one UTF-16 unit below 0x80). */
export function efiVarByte(raw: string): number | null {
  if (raw.length !== 5) return null;
  return raw.charCodeAt(4);
}

export type MokutilState =
  | { kind: 'state'; enabled: boolean; setupMode: boolean; shimValidation: boolean }
  | { kind: 'no-secure-boot' }
  | { kind: 'no-efi' };

export function parseMokutilSbState(text: string): MokutilState | null {
  if (/EFI variables are not supported/i.test(text)) return { kind: 'no-efi' };
  if (/doesn't support Secure Boot/i.test(text)) return { kind: 'no-secure-boot' };
  const state = /SecureBoot (enabled|disabled)/.exec(text);
  if (!state) return null;
  return {
    kind: 'state',
    enabled: state[1] === 'enabled',
    setupMode: /Setup Mode/i.test(text),
    shimValidation: !/validation is disabled in shim/i.test(text),
  };
}
