/** Reads a per-check fixture, so device scenarios reuse the files the parser tests use. */
import { readFileSync } from 'node:fs';

export type CheckDir =
  | 'os-version'
  | 'os-patches'
  | 'disk-encryption'
  | 'net-firewall'
  | 'os-auto-updates'
  | 'screen-lock'
  | 'boot-secure'
  | 'device-tpm'
  | 'av-enabled';

export function fixture(check: CheckDir, name: string): string {
  return readFileSync(new URL(`../../${check}/__fixtures__/${name}`, import.meta.url), 'utf8');
}

export const NOT_FOUND = { error: 'VIGIL_IO_NOT_FOUND' } as const;
