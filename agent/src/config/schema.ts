/**
 * The agent's settings. One zod schema describes every layer (file, managed, env, flags): each
 * layer is a partial, strict object so a typo is reported instead of ignored; defaults are
 * filled in only after the layers are merged.
 */
import { z } from 'zod';
import { CHECK_IDS } from '@vigil/shared/core';
import { LOG_LEVELS } from '../logging/logger.js';
import type { UserSession } from '../platform/session.js';

const retention = z.strictObject({
  /** Delivered reports older than this are deleted. */
  maxAgeDays: z.number().int().min(1).max(3650),
  /** Delivered history is trimmed (oldest first) above this many bytes of stored evidence. */
  maxHistoryBytes: z
    .number()
    .int()
    .min(64 * 1024)
    .max(10 * 1024 ** 3),
  /** Undelivered reports kept while offline; beyond it a gap is recorded and reported. */
  maxPendingReports: z.number().int().min(2).max(100_000),
});

const push = z.strictObject({
  timeoutMs: z.number().int().min(100).max(300_000),
  /** Retries of one request (only idempotent ones: GET, or POST with an Idempotency-Key). */
  retries: z.number().int().min(0).max(10),
  backoffBaseMs: z.number().int().min(10).max(60_000),
  backoffMaxMs: z.number().int().min(10).max(3_600_000),
  /** A server's Retry-After longer than this is capped, not obeyed blindly. */
  retryAfterMaxSeconds: z.number().int().min(1).max(86_400),
});

const tray = z.strictObject({
  allowHideWhenHealthy: z.boolean(),
  helpUrl: z.url({ protocol: /^https$/ }),
});

const fields = {
  serverUrl: z.url({ protocol: /^https$/ }),
  socketPath: z.string().min(1).max(1024),
  intervalMinutes: z.number().int().min(1).max(1440),
  /** Test and benchmark cadence; overrides intervalMinutes and the service's interval. */
  intervalSeconds: z.number().int().min(1).max(86_400),
  /** Each collection starts up to this many seconds late, so a fleet does not report in step. */
  jitterSeconds: z.number().int().min(0).max(3600),
  checkTimeoutMs: z.number().int().min(100).max(300_000),
  /** Limit what is collected (privacy, tests); default: every check. */
  checks: z.array(z.enum(CHECK_IDS)).min(1),
  ownership: z.enum(['managed', 'personal']),
  logLevel: z.enum(LOG_LEVELS),
  checkNowMinIntervalSeconds: z.number().int().min(0).max(3600),
};

/** One layer as written: every key optional, nested groups partial, unknown keys rejected. */
export const ConfigLayerSchema = z.strictObject({
  serverUrl: fields.serverUrl.optional(),
  socketPath: fields.socketPath.optional(),
  intervalMinutes: fields.intervalMinutes.optional(),
  intervalSeconds: fields.intervalSeconds.optional(),
  jitterSeconds: fields.jitterSeconds.optional(),
  checkTimeoutMs: fields.checkTimeoutMs.optional(),
  checks: fields.checks.optional(),
  ownership: fields.ownership.optional(),
  logLevel: fields.logLevel.optional(),
  checkNowMinIntervalSeconds: fields.checkNowMinIntervalSeconds.optional(),
  retention: retention.partial().optional(),
  push: push.partial().optional(),
  tray: tray.partial().optional(),
});
export type ConfigLayer = z.infer<typeof ConfigLayerSchema>;

export const DEFAULTS = {
  intervalMinutes: 15,
  jitterSeconds: 60,
  checkTimeoutMs: 10_000,
  ownership: 'managed',
  logLevel: 'info',
  checkNowMinIntervalSeconds: 30,
  retention: { maxAgeDays: 30, maxHistoryBytes: 50 * 1024 * 1024, maxPendingReports: 2000 },
  push: { timeoutMs: 15_000, retries: 3, backoffBaseMs: 1000, backoffMaxMs: 60_000, retryAfterMaxSeconds: 300 },
  tray: { allowHideWhenHealthy: false },
} as const;

export const SETTINGS_SCHEMA = z.strictObject({
  ...fields,
  serverUrl: fields.serverUrl.optional(),
  intervalSeconds: fields.intervalSeconds.optional(),
  checks: fields.checks.optional(),
  socketPath: fields.socketPath,
  retention,
  push,
  tray: tray.extend({ helpUrl: tray.shape.helpUrl.optional() }),
});
export type Settings = z.infer<typeof SETTINGS_SCHEMA>;

export type ConfigOrigin = 'default' | 'file' | 'managed' | 'env' | 'flag';

export interface AgentConfig extends Settings {
  stateDir: string;
  /** The config file that was read, or null. */
  configFile: string | null;
  /** Where each setting came from (dotted key → layer), for `vigil status` and `vigil doctor`. */
  origins: Readonly<Record<string, ConfigOrigin>>;
  /** Settings fixed by the organisation's managed (MDM) configuration. */
  managedKeys: readonly string[];
  /** How this process runs: facts found at resolve time, not settings. */
  runAs: RunAs;
}

export interface RunAs {
  /** A regular user's agent, not the system service: state under the home, socket in the runtime dir. */
  userMode: boolean;
  /** Can read what needs root or administrator rights; if not, such checks report `unsupported`. */
  privileged: boolean;
  /** The user session per-user checks read (screen lock); null for the system service. */
  session: UserSession | null;
}
