/**
 * Service settings: defaults here, overridden by the CLI flags (the only place that reads the
 * environment or argv). Validated once and frozen; every problem is reported together.
 */
import { availableParallelism } from 'node:os';
import { EAR_MAX_LIFETIME_SECONDS, EAR_MIN_LIFETIME_SECONDS } from '@vigil/shared';

/** A CAEP receiver (gateway) that gets `device-compliance-change` SETs pushed (RFC 8935). */
export interface CaepReceiverSetting {
  /** Push endpoint, e.g. https://gateway.example/caep/events (plain http only to loopback). */
  url: string;
  /** The receiver's audience: `aud` of the SETs it accepts (its `--caep-audience`). */
  audience: string;
  /** PEM of the CA to pin for this receiver's TLS certificate; default: the system roots. */
  ca?: string;
}

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
  /** Where compliance changes are pushed as CAEP SETs; empty = none. */
  caepReceivers: readonly CaepReceiverSetting[];
  /** Overload protection (plugins/overload.ts): past either limit a request gets 503 + Retry-After. */
  maxInFlightRequests: number;
  maxEventLoopDelayMs: number;
  /** Base Retry-After of a 503; each answer is jittered within [base, 2 × base]. */
  overloadRetryAfterSeconds: number;
  /**
   * How long a TLS session ticket stays resumable. Agents keep their last ticket between
   * cycles, so it must outlast the report interval for a cycle to skip the full mTLS handshake
   * (docs/service.md#tls-session-resumption). Node's default, 300 s, is shorter than any cadence.
   */
  tlsSessionTimeoutSeconds: number;
  /**
   * Worker threads that verify and appraise reports and sign results (appraisal-pool.ts); 0
   * keeps that work on the event loop. Default: one per core beyond the first, at most 4.
   */
  appraisalThreads: number;
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
  caepReceivers: Object.freeze([]),
  maxInFlightRequests: 256,
  maxEventLoopDelayMs: 200,
  overloadRetryAfterSeconds: 2,
  tlsSessionTimeoutSeconds: 2 * 3600,
  appraisalThreads: Math.min(4, availableParallelism() - 1),
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
  range('maxInFlightRequests', 1, 1_000_000);
  range('maxEventLoopDelayMs', 10, 60_000);
  range('overloadRetryAfterSeconds', 1, 3_600);
  // TLS 1.3 caps a ticket's lifetime at 7 days (RFC 8446 §4.6.1).
  range('tlsSessionTimeoutSeconds', 60, 7 * 86_400);
  range('appraisalThreads', 0, 64);
  if (!Number.isInteger(settings.appraisalThreads)) problems.push('appraisalThreads must be a whole number');
  if (settings.issuer.length === 0) problems.push('issuer must not be empty');
  if (settings.audience.length === 0) problems.push('audience must not be empty');
  problems.push(...caepReceiverProblems(settings.caepReceivers));
  if (problems.length > 0) throw new Error(`invalid service settings: ${problems.join('; ')}`);
  return Object.freeze({
    ...settings,
    caepReceivers: Object.freeze(settings.caepReceivers.map((r) => Object.freeze({ ...r }))),
  });
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

function caepReceiverProblems(receivers: readonly CaepReceiverSetting[]): string[] {
  if (!Array.isArray(receivers)) return ['caepReceivers must be a list'];
  const problems: string[] = [];
  const seen = new Set<string>();
  receivers.forEach((receiver, i) => {
    let url: URL | undefined;
    try {
      url = new URL(receiver.url);
    } catch {
      problems.push(`caepReceivers[${i}].url is not a URL`);
    }
    if (url && !(url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))))
      problems.push(`caepReceivers[${i}].url must be https (plain http only to loopback)`);
    if (url && (url.username || url.password)) problems.push(`caepReceivers[${i}].url must not carry credentials`);
    if (typeof receiver.audience !== 'string' || receiver.audience.trim() === '' || receiver.audience.length > 1024)
      problems.push(`caepReceivers[${i}].audience must be a non-empty string`);
    if (receiver.ca !== undefined && !/-----BEGIN CERTIFICATE-----/.test(receiver.ca))
      problems.push(`caepReceivers[${i}].ca must be a PEM certificate`);
    const key = `${receiver.url} ${receiver.audience}`;
    if (seen.has(key)) problems.push(`caepReceivers[${i}] is registered twice`);
    seen.add(key);
  });
  return problems;
}
