/**
 * Every check × platform: a collector, or an explicit reason why there is none. An `unsupported`
 * entry becomes an `unsupported` observation, which the policy judges — never a silent pass.
 */
import type { CheckId, Observation, Platform } from '@vigil/shared';
import type { CollectorIO } from '../platform/io.js';
import { collectAgentIntegrity } from './agent-integrity/common.js';
import { collectAvEnabledDarwin } from './av-enabled/darwin.js';
import { collectAvEnabledLinux } from './av-enabled/linux.js';
import { collectAvEnabledWin32 } from './av-enabled/win32.js';
import { collectBootSecureDarwin } from './boot-secure/darwin.js';
import { collectBootSecureLinux } from './boot-secure/linux.js';
import { collectBootSecureWin32 } from './boot-secure/win32.js';
import { collectDeviceTpmDarwin } from './device-tpm/darwin.js';
import { collectDeviceTpmLinux } from './device-tpm/linux.js';
import { collectDeviceTpmWin32 } from './device-tpm/win32.js';
import { collectDiskEncryptionDarwin } from './disk-encryption/darwin.js';
import { collectDiskEncryptionLinux } from './disk-encryption/linux.js';
import { collectDiskEncryptionWin32 } from './disk-encryption/win32.js';
import { collectNetFirewallDarwin } from './net-firewall/darwin.js';
import { collectNetFirewallLinux } from './net-firewall/linux.js';
import { collectNetFirewallWin32 } from './net-firewall/win32.js';
import { collectOsAutoUpdatesDarwin } from './os-auto-updates/darwin.js';
import { collectOsAutoUpdatesLinux } from './os-auto-updates/linux.js';
import { collectOsAutoUpdatesWin32 } from './os-auto-updates/win32.js';
import { collectOsPatchesDarwin } from './os-patches/darwin.js';
import { collectOsPatchesLinux } from './os-patches/linux.js';
import { collectOsPatchesWin32 } from './os-patches/win32.js';
import { collectOsVersionDarwin } from './os-version/darwin.js';
import { collectOsVersionLinux } from './os-version/linux.js';
import { collectOsVersionWin32 } from './os-version/win32.js';
import { collectScreenLockDarwin } from './screen-lock/darwin.js';
import { collectScreenLockLinux } from './screen-lock/linux.js';
import { collectScreenLockWin32 } from './screen-lock/win32.js';

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

// PowerShell starts in 0.5–2 s and CIM queries add more on a busy laptop.
const WINDOWS_BUDGET = 30_000;

export const COLLECTORS: CollectorRegistry = {
  'os.version': {
    linux: { collect: collectOsVersionLinux },
    darwin: { collect: collectOsVersionDarwin },
    win32: { collect: collectOsVersionWin32, timeoutMs: WINDOWS_BUDGET },
  },
  // `apt-get -s upgrade` resolves every upgrade: 3–7 s measured on a busy 2-core VM. The slow
  // network searches (softwareupdate, Windows Update) run as slow probes outside this budget.
  'os.patches': {
    linux: { collect: collectOsPatchesLinux, timeoutMs: 30_000 },
    darwin: { collect: collectOsPatchesDarwin, timeoutMs: 20_000 },
    win32: { collect: collectOsPatchesWin32, timeoutMs: 60_000 },
  },
  'disk.encryption': {
    linux: { collect: collectDiskEncryptionLinux },
    darwin: { collect: collectDiskEncryptionDarwin, timeoutMs: 20_000 },
    win32: { collect: collectDiskEncryptionWin32, timeoutMs: WINDOWS_BUDGET },
  },
  'net.firewall': {
    linux: { collect: collectNetFirewallLinux },
    darwin: { collect: collectNetFirewallDarwin, timeoutMs: 20_000 },
    win32: { collect: collectNetFirewallWin32, timeoutMs: WINDOWS_BUDGET },
  },
  'os.auto_updates': {
    linux: { collect: collectOsAutoUpdatesLinux },
    darwin: { collect: collectOsAutoUpdatesDarwin },
    win32: { collect: collectOsAutoUpdatesWin32, timeoutMs: WINDOWS_BUDGET },
  },
  'screen.lock': {
    linux: { collect: collectScreenLockLinux },
    darwin: { collect: collectScreenLockDarwin },
    win32: { collect: collectScreenLockWin32, timeoutMs: WINDOWS_BUDGET },
  },
  'boot.secure': {
    linux: { collect: collectBootSecureLinux },
    darwin: { collect: collectBootSecureDarwin, timeoutMs: 20_000 },
    win32: { collect: collectBootSecureWin32, timeoutMs: WINDOWS_BUDGET },
  },
  'device.tpm': {
    linux: { collect: collectDeviceTpmLinux },
    darwin: { collect: collectDeviceTpmDarwin, timeoutMs: 20_000 },
    win32: { collect: collectDeviceTpmWin32, timeoutMs: WINDOWS_BUDGET },
  },
  'av.enabled': {
    linux: { collect: collectAvEnabledLinux },
    darwin: { collect: collectAvEnabledDarwin },
    win32: { collect: collectAvEnabledWin32, timeoutMs: WINDOWS_BUDGET },
  },
  'agent.integrity': {
    linux: { collect: collectAgentIntegrity },
    darwin: { collect: collectAgentIntegrity },
    win32: { collect: collectAgentIntegrity },
  },
};

export function collectorFor<C extends CheckId>(
  check: C,
  platform: Platform,
  registry: CollectorRegistry = COLLECTORS,
): RegistryEntry<C> {
  return registry[check][platform];
}
