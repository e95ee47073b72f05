/**
 * Every check × platform: a collector, or an explicit reason why there is none. An `unsupported`
 * entry becomes an `unsupported` observation, which the policy judges — never a silent pass.
 */
import type { CheckId, Observation, Platform } from '@vigil/shared';
import type { CollectorIO } from '../platform/io.js';
import { collectDiskEncryptionLinux } from './disk-encryption/linux.js';
import { collectNetFirewallLinux } from './net-firewall/linux.js';
import { collectOsPatchesLinux } from './os-patches/linux.js';
import { collectOsVersionLinux } from './os-version/linux.js';

/** A pure function of the injected IO: no logging, no network, no database. */
export type Collector<C extends CheckId = CheckId> = (io: CollectorIO) => Promise<Observation<C>>;

export type RegistryEntry<C extends CheckId = CheckId> =
  | {
      readonly collect: Collector<C>;
      /** Default time budget when the caller sets none (otherwise collect.ts uses 10 s). */
      readonly timeoutMs?: number;
    }
  | { readonly unsupported: string };

export type CollectorRegistry = {
  readonly [C in CheckId]: { readonly [P in Platform]: RegistryEntry<C> };
};

const MACOS = { unsupported: 'macOS collector not implemented yet' } as const;
const WINDOWS = { unsupported: 'Windows collector not implemented yet' } as const;

export const COLLECTORS: CollectorRegistry = {
  'os.version': { linux: { collect: collectOsVersionLinux }, darwin: MACOS, win32: WINDOWS },
  // `apt-get -s upgrade` resolves every upgrade: 3–7 s measured on a busy 2-core VM.
  'os.patches': { linux: { collect: collectOsPatchesLinux, timeoutMs: 30_000 }, darwin: MACOS, win32: WINDOWS },
  'disk.encryption': { linux: { collect: collectDiskEncryptionLinux }, darwin: MACOS, win32: WINDOWS },
  'net.firewall': { linux: { collect: collectNetFirewallLinux }, darwin: MACOS, win32: WINDOWS },
};

export function collectorFor<C extends CheckId>(
  check: C,
  platform: Platform,
  registry: CollectorRegistry = COLLECTORS,
): RegistryEntry<C> {
  return registry[check][platform];
}
