/**
 * The policy document. Zod is the source of truth; `schemas/policy.schema.json` is generated.
 * Remediation text is data here, not code, so IT can localize or adapt it without a release.
 */
import { z } from 'zod';

export const POLICY_SCHEMA_ID = 'https://vigil.dev/schemas/policy/v1.json';

export const REQUIREMENTS = ['always', 'suggested', 'never', 'if_supported'] as const;
export type Requirement = (typeof REQUIREMENTS)[number];

export const ENFORCEMENT_MODES = ['report', 'notify', 'warn-then-block', 'block'] as const;
export type EnforcementMode = (typeof ENFORCEMENT_MODES)[number];

const versionString = z
  .string()
  .regex(/^\d+(\.\d+)*( \([a-z]\))?$/, 'must be a dotted version such as "22.04", "10.0.22631" or "14.4.1 (a)"');

export const VersionRuleSchema = z.strictObject({
  /** Below this the check fails. */
  minimum: versionString,
  /** At or above `minimum` but below this the check warns ("please update soon"). */
  nudgeBelow: versionString.optional(),
});
export type VersionRule = z.infer<typeof VersionRuleSchema>;

const requirement = z.enum(REQUIREMENTS);
/** Days a failing check may stay failing under warn-then-block before it blocks. */
const graceDays = z.number().int().min(0).max(365).optional();

export const OsVersionPolicySchema = z.strictObject({
  requirement,
  graceDays,
  rules: z.strictObject({
    /** Keyed by `/etc/os-release` ID (`ubuntu`, `debian`, `fedora`, `rhel`…). */
    linux: z.record(z.string().regex(/^[a-z0-9._-]+$/), VersionRuleSchema).optional(),
    darwin: VersionRuleSchema.optional(),
    win32: VersionRuleSchema.optional(),
  }),
  /** What to do with a Linux distribution that has no rule: `unknown` (default) or `allow`. */
  unlistedDistro: z.enum(['unknown', 'allow']).default('unknown'),
});

export const OsPatchesPolicySchema = z.strictObject({
  requirement,
  graceDays,
  maxPendingSecurityUpdates: z.number().int().min(0).default(0),
  /** Non-security updates above this only warn. Omit to ignore them. */
  maxPendingUpdates: z.number().int().min(0).optional(),
  maxDaysSinceLastPatch: z.number().int().min(1).optional(),
  /** Older package lists make the pending count unreliable: warn past this age. */
  maxPackageListAgeDays: z.number().int().min(1).default(7),
  warnOnRebootRequired: z.boolean().default(true),
});

export const DiskEncryptionPolicySchema = z.strictObject({
  requirement,
  graceDays,
  includeSwap: z.boolean().default(true),
  /**
   * Mount points not judged. Standard LUKS installs keep /boot (and the EFI partition) plain so
   * the boot loader can read the kernel; judging them would fail every encrypted Linux laptop.
   */
  excludeMountpoints: z.array(z.string().min(1).max(1024)).max(64).default(['/boot', '/boot/efi', '/efi']),
});

export const NetFirewallPolicySchema = z.strictObject({
  requirement,
  graceDays,
  /** An active firewall whose inbound default is allow does not count as protection. */
  requireDefaultDeny: z.boolean().default(true),
});

export const OsAutoUpdatesPolicySchema = z.strictObject({
  requirement,
  graceDays,
  /** Updates paused by the user (Windows) fail instead of warning. */
  failWhenPaused: z.boolean().default(false),
});

export const ScreenLockPolicySchema = z.strictObject({
  requirement,
  graceDays,
  /** Longest time from the last input to a locked screen (idle time + lock delay), in seconds. */
  maxDelaySeconds: z.number().int().min(0).max(86_400).optional(),
});

export const BootSecurePolicySchema = z.strictObject({ requirement, graceDays });

export const DeviceTpmPolicySchema = z.strictObject({
  requirement,
  graceDays,
  /** Lowest TPM specification accepted (a Mac's Secure Enclave always qualifies). */
  minimumVersion: z.enum(['1.2', '2.0']).default('2.0'),
});

export const AvEnabledPolicySchema = z.strictObject({
  requirement,
  graceDays,
  /** A product that only scans on demand does not count. */
  requireRealTimeProtection: z.boolean().default(true),
  /** Out-of-date signatures warn. */
  warnOnOutdatedSignatures: z.boolean().default(true),
});

export const AgentIntegrityPolicySchema = z.strictObject({
  requirement,
  graceDays,
  minimumVersion: versionString.optional(),
  /** Code hashes of the builds you ship (one per platform and version); omit to only report it. */
  expectedSha256: z
    .array(z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex SHA-256'))
    .min(1)
    .max(64)
    .optional(),
});

const remediationText = z.string().min(1).max(4000);
export const RemediationSchema = z.strictObject({
  linux: remediationText.optional(),
  darwin: remediationText.optional(),
  win32: remediationText.optional(),
  /** Link to the help site, shown by the CLI and the tray. */
  url: z.url({ protocol: /^https$/ }).optional(),
});
export type Remediation = z.infer<typeof RemediationSchema>;

export const PolicySchema = z.strictObject({
  $schema: z.string().optional(),
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  description: z.string().max(2000).optional(),
  enforcement: z
    .strictObject({
      mode: z.enum(ENFORCEMENT_MODES),
      /** Default grace for checks that set none (warn-then-block only). */
      graceDays: z.number().int().min(0).max(365).default(0),
    })
    .default({ mode: 'block', graceDays: 0 }),
  /** How often agents collect and report, in minutes. */
  reportIntervalMinutes: z.number().int().min(1).max(1440).default(15),
  checks: z.strictObject({
    'os.version': OsVersionPolicySchema.optional(),
    'os.patches': OsPatchesPolicySchema.optional(),
    'disk.encryption': DiskEncryptionPolicySchema.optional(),
    'net.firewall': NetFirewallPolicySchema.optional(),
    'os.auto_updates': OsAutoUpdatesPolicySchema.optional(),
    'screen.lock': ScreenLockPolicySchema.optional(),
    'boot.secure': BootSecurePolicySchema.optional(),
    'device.tpm': DeviceTpmPolicySchema.optional(),
    'av.enabled': AvEnabledPolicySchema.optional(),
    'agent.integrity': AgentIntegrityPolicySchema.optional(),
  }),
  remediation: z
    .strictObject({
      'os.version': RemediationSchema.optional(),
      'os.patches': RemediationSchema.optional(),
      'disk.encryption': RemediationSchema.optional(),
      'net.firewall': RemediationSchema.optional(),
      'os.auto_updates': RemediationSchema.optional(),
      'screen.lock': RemediationSchema.optional(),
      'boot.secure': RemediationSchema.optional(),
      'device.tpm': RemediationSchema.optional(),
      'av.enabled': RemediationSchema.optional(),
      'agent.integrity': RemediationSchema.optional(),
    })
    .default({}),
});

/** The policy as written (defaults optional). */
export type PolicyInput = z.input<typeof PolicySchema>;
/** The policy after validation (defaults filled in). */
export type Policy = z.output<typeof PolicySchema>;
export type ChecksPolicy = Policy['checks'];
