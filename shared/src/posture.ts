/**
 * The posture model: what an agent observed, never what it concluded. Appraisal happens in
 * `policy/`. Zod schemas are the single source of truth: the TypeScript types are inferred from
 * them and the published JSON Schemas are generated from them (CI fails on drift).
 */
import { z } from 'zod';
import { PLATFORMS, type CheckId } from './checks.js';
import {
  AgentIntegrityValueSchema,
  AvEnabledValueSchema,
  BootSecureValueSchema,
  DeviceTpmValueSchema,
  OsAutoUpdatesValueSchema,
  ScreenLockValueSchema,
  type AgentIntegrityValue,
  type AvEnabledValue,
  type BootSecureValue,
  type DeviceTpmValue,
  type OsAutoUpdatesValue,
  type ScreenLockValue,
} from './posture-device.js';

export * from './posture-device.js';

export const POSTURE_REPORT_SCHEMA_ID = 'https://vigil.dev/schemas/posture-report/v1.json';

const isoTime = z.iso.datetime({ offset: true });

/** Where a value came from: the command or file, when, and how long reading it took. */
export const EvidenceSchema = z.strictObject({
  kind: z.enum(['command', 'file', 'api']),
  /** Command line as run (absolute path + argv) or the absolute file path. */
  source: z.string().min(1).max(1024),
  at: isoTime,
  durationMs: z.number().nonnegative(),
  exitCode: z.number().int().optional(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const OsVersionValueSchema = z.strictObject({
  platform: z.enum(PLATFORMS),
  /** Distribution id (`ubuntu`, `debian`, `fedora`…) on Linux; `macos` / `windows` elsewhere. */
  distroId: z.string().min(1).max(64),
  name: z.string().max(200),
  /** Version as the OS prints it (`22.04.4 LTS`, `14.4.1 (a)`, `10.0.22631.4460`). */
  version: z.string().max(100),
  build: z.string().max(100).optional(),
  codename: z.string().max(100).optional(),
  kernel: z.string().max(200).optional(),
});
export type OsVersionValue = z.infer<typeof OsVersionValueSchema>;

export const OsPatchesValueSchema = z.strictObject({
  manager: z.enum(['apt', 'dnf', 'softwareupdate', 'windows-update']),
  /** null when the manager could not tell. */
  pendingUpdates: z.number().int().nonnegative().nullable(),
  pendingSecurityUpdates: z.number().int().nonnegative().nullable(),
  /** Names of pending security updates (capped), so the user can see what is missing. */
  securityPackages: z.array(z.string().max(200)).max(200),
  lastPatchedAt: isoTime.nullable(),
  /**
   * When the package index was last refreshed (macOS: when the update catalogue was last asked;
   * Windows: the last successful update search): stale lists make "0 pending" meaningless.
   */
  listsUpdatedAt: isoTime.nullable(),
  autoUpdates: z.boolean().nullable(),
  rebootRequired: z.boolean().nullable(),
});
export type OsPatchesValue = z.infer<typeof OsPatchesValueSchema>;

/**
 * `suspended`: encrypted, but the key is stored in the clear (BitLocker suspended, or Device
 * Encryption waiting for activation), so the data is not protected.
 */
export const VOLUME_STATES = ['encrypted', 'unencrypted', 'encrypting', 'decrypting', 'suspended', 'unknown'] as const;
export type VolumeState = (typeof VOLUME_STATES)[number];

export const VolumeSchema = z.strictObject({
  mountpoint: z.string().max(1024),
  device: z.string().max(1024),
  role: z.enum(['filesystem', 'swap']),
  state: z.enum(VOLUME_STATES),
  /** `luks1`, `luks2`, `dm-crypt`, `filevault`, `bitlocker`… when encrypted. */
  method: z.string().max(64).optional(),
  /** 0–100 while encrypting or decrypting. */
  percent: z.number().min(0).max(100).optional(),
  /** Human-readable explanation of how the state was established. */
  detail: z.string().max(500),
});
export type Volume = z.infer<typeof VolumeSchema>;

export const DiskEncryptionValueSchema = z.strictObject({
  volumes: z.array(VolumeSchema).max(256),
});
export type DiskEncryptionValue = z.infer<typeof DiskEncryptionValueSchema>;

export const FIREWALL_INBOUND = ['deny', 'allow', 'unknown'] as const;

export const FirewallBackendSchema = z.strictObject({
  name: z.enum(['nftables', 'iptables', 'ip6tables', 'ufw', 'firewalld', 'socketfilterfw', 'windows-firewall']),
  active: z.boolean(),
  defaultInbound: z.enum(FIREWALL_INBOUND),
  detail: z.string().max(500),
});
export type FirewallBackend = z.infer<typeof FirewallBackendSchema>;

export const NetFirewallValueSchema = z.strictObject({
  /** True when at least one backend filters inbound traffic. */
  enabled: z.boolean(),
  /** The most protective effective default among active backends. */
  defaultInbound: z.enum(FIREWALL_INBOUND),
  backends: z.array(FirewallBackendSchema).max(16),
});
export type NetFirewallValue = z.infer<typeof NetFirewallValueSchema>;

/** Observation = ok (value + evidence) | unsupported (reason) | error (code, message). */
function observationSchema<V extends z.ZodType>(value: V) {
  return z.discriminatedUnion('state', [
    z.strictObject({
      state: z.literal('ok'),
      value,
      evidence: z.array(EvidenceSchema).min(1).max(64),
      collectedAt: isoTime,
      durationMs: z.number().nonnegative(),
    }),
    z.strictObject({
      state: z.literal('unsupported'),
      reason: z.string().min(1).max(500),
      collectedAt: isoTime,
    }),
    z.strictObject({
      state: z.literal('error'),
      code: z.string().regex(/^VIGIL_[A-Z0-9_]+$/),
      message: z.string().max(1000),
      evidence: z.array(EvidenceSchema).max(64).optional(),
      collectedAt: isoTime,
      durationMs: z.number().nonnegative().optional(),
    }),
  ]);
}

export const CHECK_VALUE_SCHEMAS = {
  'os.version': OsVersionValueSchema,
  'os.patches': OsPatchesValueSchema,
  'disk.encryption': DiskEncryptionValueSchema,
  'net.firewall': NetFirewallValueSchema,
  'os.auto_updates': OsAutoUpdatesValueSchema,
  'screen.lock': ScreenLockValueSchema,
  'boot.secure': BootSecureValueSchema,
  'device.tpm': DeviceTpmValueSchema,
  'av.enabled': AvEnabledValueSchema,
  'agent.integrity': AgentIntegrityValueSchema,
} as const satisfies Record<CheckId, z.ZodType>;

export const ObservationsSchema = z.object({
  'os.version': observationSchema(OsVersionValueSchema).optional(),
  'os.patches': observationSchema(OsPatchesValueSchema).optional(),
  'disk.encryption': observationSchema(DiskEncryptionValueSchema).optional(),
  'net.firewall': observationSchema(NetFirewallValueSchema).optional(),
  'os.auto_updates': observationSchema(OsAutoUpdatesValueSchema).optional(),
  'screen.lock': observationSchema(ScreenLockValueSchema).optional(),
  'boot.secure': observationSchema(BootSecureValueSchema).optional(),
  'device.tpm': observationSchema(DeviceTpmValueSchema).optional(),
  'av.enabled': observationSchema(AvEnabledValueSchema).optional(),
  'agent.integrity': observationSchema(AgentIntegrityValueSchema).optional(),
});
export type Observations = z.infer<typeof ObservationsSchema>;

export interface CheckValues {
  'os.version': OsVersionValue;
  'os.patches': OsPatchesValue;
  'disk.encryption': DiskEncryptionValue;
  'net.firewall': NetFirewallValue;
  'os.auto_updates': OsAutoUpdatesValue;
  'screen.lock': ScreenLockValue;
  'boot.secure': BootSecureValue;
  'device.tpm': DeviceTpmValue;
  'av.enabled': AvEnabledValue;
  'agent.integrity': AgentIntegrityValue;
}

/** One check's observation, typed by check id. */
export type Observation<C extends keyof CheckValues = keyof CheckValues> = NonNullable<Observations[C]>;

export const DeviceFactsSchema = z.strictObject({
  platform: z.enum(PLATFORMS),
  arch: z.string().max(32),
  /** Omitted on personal (BYOD) devices. */
  hostname: z.string().max(255).optional(),
  ownership: z.enum(['managed', 'personal']),
});
export type DeviceFacts = z.infer<typeof DeviceFactsSchema>;

export const PostureReportSchema = z.strictObject({
  schema: z.literal(POSTURE_REPORT_SCHEMA_ID),
  device: DeviceFactsSchema,
  agent: z.strictObject({ name: z.string().max(64), version: z.string().max(64) }),
  collectedAt: isoTime,
  observations: ObservationsSchema,
});
export type PostureReport = z.infer<typeof PostureReportSchema>;
