/**
 * Service settings: defaults here, overridden by the CLI flags (the only place that reads the
 * environment or argv). Validated once and frozen; every problem is reported together.
 */
import { EAR_MAX_LIFETIME_SECONDS, EAR_MIN_LIFETIME_SECONDS } from '@vigil/shared';

export interface ServiceSettings {
  /** `iss` of every EAR; gateways pin it. */
  issuer: string;
  /** The single `aud` of every EAR. */
  audience: string;
  earLifetimeSeconds: number;
  /** ≤ 120 s (protocol.md). */
  nonceLifetimeSeconds: number;
  /** |iat − now| beyond this is recorded as a warning on challenged reports. */
  clockSkewSeconds: number;
  /** Accept unchallenged (offline-queued) reports for history. They never get an EAR. */
  acceptUnchallenged: boolean;
  /** A device is `stale` after this many missed report intervals. */
  staleAfterIntervals: number;
  deviceCertLifetimeDays: number;
  minRsaBits: number;
  maxRsaBits: number;
  /** Per-device challenge token bucket. */
  challengeBurst: number;
  challengeRefillPerMinute: number;
  bodyLimitBytes: number;
  /** How long idempotency records are kept (a retry after this is a new request). */
  idempotencyRetentionHours: number;
  /** 0 disables the background purge (tests drive it explicitly). */
  purgeIntervalSeconds: number;
  /**
   * TEST ONLY: accept the client certificate from the `x-vigil-test-client-cert` header (base64
   * DER) so `inject()` tests can exercise mTLS routes. Never set by the CLI.
   */
  testClientCertHeader: boolean;
}

export const DEFAULT_SETTINGS: Readonly<ServiceSettings> = Object.freeze({
  issuer: 'urn:vigil:service',
  audience: 'urn:vigil:gateway',
  earLifetimeSeconds: 15 * 60,
  nonceLifetimeSeconds: 120,
  clockSkewSeconds: 300,
  acceptUnchallenged: true,
  staleAfterIntervals: 3,
  deviceCertLifetimeDays: 30,
  minRsaBits: 2048,
  maxRsaBits: 8192,
  challengeBurst: 10,
  challengeRefillPerMinute: 6,
  bodyLimitBytes: 256 * 1024,
  idempotencyRetentionHours: 24,
  purgeIntervalSeconds: 60,
  testClientCertHeader: false,
});

export function resolveSettings(overrides: Partial<ServiceSettings> = {}): Readonly<ServiceSettings> {
  const settings = { ...DEFAULT_SETTINGS, ...overrides };
  const problems: string[] = [];
  const range = (name: keyof ServiceSettings, min: number, max: number) => {
    const value = settings[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      problems.push(`${name} must be a number in ${min}..${max}`);
    }
  };
  range('earLifetimeSeconds', EAR_MIN_LIFETIME_SECONDS, EAR_MAX_LIFETIME_SECONDS);
  range('nonceLifetimeSeconds', 5, 120);
  range('clockSkewSeconds', 0, 86_400);
  range('staleAfterIntervals', 1, 1000);
  range('deviceCertLifetimeDays', 1, 397);
  range('minRsaBits', 2048, 8192);
  range('maxRsaBits', settings.minRsaBits, 8192);
  range('challengeBurst', 1, 1_000_000);
  range('challengeRefillPerMinute', 1, 60_000_000);
  range('bodyLimitBytes', 1024, 16 * 1024 * 1024);
  range('idempotencyRetentionHours', 1, 24 * 30);
  range('purgeIntervalSeconds', 0, 86_400);
  if (settings.issuer.length === 0) problems.push('issuer must not be empty');
  if (settings.audience.length === 0) problems.push('audience must not be empty');
  if (problems.length > 0) throw new Error(`invalid service settings: ${problems.join('; ')}`);
  return Object.freeze(settings);
}
