/**
 * Value schemas of the device-protection checks (screen lock, Secure Boot, TPM, automatic updates,
 * antivirus, agent integrity). Same rules as `posture.ts`: observations, never conclusions; a fact
 * the agent could not establish is `null` or an `error` observation, never a guessed default.
 */
import { z } from 'zod';

const isoTime = z.iso.datetime({ offset: true });
const detail = z.string().max(500);
const seconds = z.number().int().nonnegative().max(31_536_000);

export const ScreenLockValueSchema = z.strictObject({
  /** The screen locks by itself after inactivity (a lock that never triggers is not enabled). */
  enabled: z.boolean(),
  /** Inactivity before the screen saver or blanking starts; null when the platform cannot tell. */
  idleSeconds: seconds.nullable(),
  /** Grace after that before a password is required; 0 = immediately. */
  lockDelaySeconds: seconds.nullable(),
  /** Where the setting was read: the desktop's own store, or a machine-wide policy. */
  source: z.enum(['gnome', 'cinnamon', 'kde', 'macos', 'windows-policy', 'windows-screensaver']),
  detail,
});
export type ScreenLockValue = z.infer<typeof ScreenLockValueSchema>;

export const BootSecureValueSchema = z.strictObject({
  /** Firmware verifies the boot chain (UEFI Secure Boot in user mode, or Apple secure boot). */
  enabled: z.boolean(),
  /** UEFI setup mode (no platform key enrolled): nothing is enforced. null when not readable. */
  setupMode: z.boolean().nullable(),
  /** Apple's policy level (`full`, `medium`, `reduced`, `permissive`, `none`); null elsewhere. */
  level: z.enum(['full', 'medium', 'reduced', 'permissive', 'none']).nullable(),
  detail,
});
export type BootSecureValue = z.infer<typeof BootSecureValueSchema>;

export const DeviceTpmValueSchema = z.strictObject({
  present: z.boolean(),
  /** A TPM, or Apple's Secure Enclave (which plays the same role on Macs). */
  kind: z.enum(['tpm', 'secure-enclave']),
  /** TPM specification version (`2.0`, `1.2`); null when unknown or not a TPM. */
  version: z.string().max(32).nullable(),
  /** Enabled, activated and owned, ready for use; null when the platform cannot tell. */
  ready: z.boolean().nullable(),
  detail,
});
export type DeviceTpmValue = z.infer<typeof DeviceTpmValueSchema>;

export const OsAutoUpdatesValueSchema = z.strictObject({
  /** Security updates are installed without anyone having to act. */
  enabled: z.boolean(),
  mechanism: z.enum(['unattended-upgrades', 'dnf-automatic', 'softwareupdate', 'windows-update']),
  /** Updates paused by the user until this time (Windows). */
  pausedUntil: isoTime.nullable(),
  /** The setting comes from a management profile or group policy; null when unknown. */
  managed: z.boolean().nullable(),
  detail,
});
export type OsAutoUpdatesValue = z.infer<typeof OsAutoUpdatesValueSchema>;

export const AvProductSchema = z.strictObject({
  name: z.string().min(1).max(200),
  /** null: the product is installed but whether it runs could not be read. */
  enabled: z.boolean().nullable(),
  realTime: z.boolean().nullable(),
  upToDate: z.boolean().nullable(),
  detail,
});
export type AvProduct = z.infer<typeof AvProductSchema>;

export const AvEnabledValueSchema = z.strictObject({
  /** At least one product protects the device (on macOS: XProtect, Gatekeeper and SIP together). */
  enabled: z.boolean(),
  products: z.array(AvProductSchema).max(16),
});
export type AvEnabledValue = z.infer<typeof AvEnabledValueSchema>;

export const AgentIntegrityValueSchema = z.strictObject({
  version: z.string().min(1).max(64),
  /**
   * SHA-256 of a sha256sum-style manifest (`<hex>  <relative path>\n` per code file, paths sorted
   * bytewise), so anyone can recompute it with coreutils; see docs/policy.md.
   */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  algorithm: z.literal('sha256-manifest-v1'),
  files: z.number().int().positive(),
});
export type AgentIntegrityValue = z.infer<typeof AgentIntegrityValueSchema>;
