/**
 * The storage boundary. Methods are async so a PostgreSQL store can follow without touching
 * routes; each method that must be atomic says so, and implementations run it in one
 * transaction. Times are `Date` at this boundary.
 */
import type { CheckId, OverallStatus } from '@vigil/shared';

export const DEVICE_STATUSES = ['active', 'banned', 'retired'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];
/** `admin`: the admin API; `gateway`: background-check reads of attestation results only. */
export type TokenScope = 'admin' | 'gateway';
export type CertificateStatus = 'active' | 'superseded' | 'revoked';
/** Who owns the device: `personal` (BYOD) devices show admins verdicts only, never raw posture. */
export const OWNERSHIPS = ['managed', 'personal'] as const;
export type Ownership = (typeof OWNERSHIPS)[number];

/** The employee's consent to collection on a personal device, as recorded at enrollment. */
export interface DeviceConsent {
  /** Version of the plain-language statement accepted (`CONSENT_STATEMENT.version`). */
  statementVersion: string;
  acceptedAt: Date;
}

export interface DeviceRecord {
  id: string;
  status: DeviceStatus;
  statusReason: string | null;
  enrolledAt: Date;
  lastSeenAt: Date | null;
  lastSeq: number;
  lastHash: string | null;
  forkedAt: Date | null;
  forkReason: string | null;
  resyncPending: boolean;
  /** Declared at enrollment (null only for devices enrolled before it was recorded and never heard from). */
  ownership: string | null;
  /** Recorded at enrollment; required for `personal` devices. */
  consent: DeviceConsent | null;
  platform: string | null;
  hostname: string | null;
  lastStatus: OverallStatus | null;
  /** Report interval the device was last told, for staleness. */
  reportIntervalSeconds: number | null;
  firstFailedAt: Partial<Record<CheckId, string>>;
  currentCertThumbprint: string | null;
}

export interface NewCertificate {
  thumbprint: string;
  serialHex: string;
  spkiThumbprint: string;
  notBefore: Date;
  notAfter: Date;
  pem: string;
}

export interface CertificateRecord extends NewCertificate {
  deviceId: string;
  issuedAt: Date;
  status: CertificateStatus;
}

export interface Identity {
  certificate: CertificateRecord;
  device: DeviceRecord;
}

export type EnrollFailure =
  | 'token-invalid'
  | 'token-expired'
  | 'token-used'
  | 'token-identity'
  /** The token pins the other ownership (an enrollment code for a company device, say). */
  | 'token-ownership'
  | 'device-active'
  | 'device-banned'
  | 'key-in-use';
export type EnrollOutcome = { ok: true; reenrolled: boolean } | { ok: false; reason: EnrollFailure };

export interface EnrollInput {
  tokenId: string;
  tokenSecretHash: Buffer;
  deviceId: string;
  /** True when the agent asks to re-enroll an existing device id (token must be bound to it). */
  reenroll: boolean;
  certificate: NewCertificate;
  ownership: Ownership;
  consent: DeviceConsent | null;
  now: Date;
}

export type IdempotencyBegin =
  | { state: 'new' }
  | { state: 'replay'; statusCode: number; body: string }
  | { state: 'mismatch' }
  | { state: 'in-progress' };

export type IngestFailure =
  | 'nonce-unknown'
  | 'nonce-device'
  | 'nonce-expired'
  | 'sequence-regress'
  | 'sequence-gap'
  | 'chain-mismatch'
  | 'state-changed';
export type IngestOutcome =
  | {
      ok: true;
      resynced: boolean;
      gapAccepted: boolean;
      /** With `previousVerdict`: the verdict of the report this one follows (null: the first). */
      previousVerdictJson?: string | null;
    }
  | { ok: false; reason: IngestFailure };

export interface IngestInput {
  deviceId: string;
  now: Date;
  nonce: string | undefined;
  jti: string;
  seq: number;
  prev: string | undefined;
  gap: { from: number; to: number } | undefined;
  hash: string;
  iat: number;
  skewSeconds: number;
  /** Fork state the appraisal assumed; if the device changed meanwhile → `state-changed`. */
  assumedForked: boolean;
  verdictStatus: OverallStatus;
  verdictJson: string;
  postureJson: string;
  device: { ownership: string; platform: string; hostname: string | null; reportIntervalSeconds: number };
  firstFailedAt: Partial<Record<CheckId, string>>;
  result: { jti: string; status: string; issuedAt: Date; expiresAt: Date; token: string } | undefined;
  /** The HTTP response to remember under the idempotency key. */
  response: { statusCode: number; body: string };
  idempotencyKey: string;
  /**
   * Also return the verdict of the device's previous report, read inside the transaction: of
   * several replicas, only the one that stores a change sees it (CAEP events once per change).
   */
  previousVerdict?: boolean;
}

export interface ReportRecord {
  jti: string;
  seq: number;
  hash: string;
  iat: number;
  receivedAt: Date;
  challenged: boolean;
  skewSeconds: number;
  gap: { from: number; to: number } | null;
  status: OverallStatus;
  verdictJson: string;
  postureJson: string;
  ear: { token: string; expiresAt: Date; status: string } | null;
}

export interface StoredPolicy {
  text: string;
  hash: string;
  updatedAt: Date;
}

/** Claiming an Idempotency-Key: a marker older than `staleAfterMs` was left by a failed request. */
export interface IdempotencyBeginInput {
  deviceId: string;
  key: string;
  bodyHash: string;
  now: Date;
  staleAfterMs: number;
}

export interface Store {
  close(): Promise<void>;
  ping(): Promise<void>;

  createEnrollmentToken(t: {
    id: string;
    secretHash: Buffer;
    expiresAt: Date;
    uses: number;
    deviceId?: string;
    /** Pins the ownership the device must enroll with; absent: either. */
    ownership?: Ownership;
    now: Date;
  }): Promise<void>;
  /** Admin-table token; `scope` defaults to `admin`. */
  createAdminToken(t: { id: string; secretHash: Buffer; label?: string; scope?: TokenScope; now: Date }): Promise<void>;
  /** Constant-time comparison of the stored hash; the token must have `scope` (default `admin`). */
  verifyAdminToken(id: string, secretHash: Buffer, scope?: TokenScope): Promise<boolean>;

  /** Read-only pre-check so an invalid token never costs a CA signature; `enroll` re-checks. */
  checkEnrollmentToken(id: string, secretHash: Buffer, now: Date): Promise<EnrollFailure | 'ok'>;
  /** Atomic: consume one token use, check identity rules, insert device + certificate. */
  enroll(input: EnrollInput): Promise<EnrollOutcome>;
  /** Atomic: add a renewed certificate unless its key belongs to another device. */
  addCertificate(deviceId: string, cert: NewCertificate, now: Date): Promise<{ ok: boolean }>;
  findIdentity(thumbprint: string): Promise<Identity | undefined>;
  /** First use of a renewed certificate: it becomes current, older ones are superseded. */
  promoteCertificate(deviceId: string, thumbprint: string): Promise<void>;

  createNonce(n: { nonce: string; deviceId: string; expiresAt: Date }): Promise<void>;

  beginIdempotent(i: IdempotencyBeginInput): Promise<IdempotencyBegin>;
  completeIdempotent(i: { deviceId: string; key: string; statusCode: number; body: string }): Promise<void>;
  abandonIdempotent(i: { deviceId: string; key: string }): Promise<void>;

  /** Atomic: consume nonce → check chain (flag on mismatch) → store report, result, response. */
  ingest(input: IngestInput): Promise<IngestOutcome>;

  getDevice(id: string): Promise<DeviceRecord | undefined>;
  listDevices(q: { status?: DeviceStatus; limit: number; after?: string }): Promise<DeviceRecord[]>;
  /** Devices per status, with active devices split into `active` and `stale` (see staleness.ts). */
  countDevicesByState(q: {
    now: Date;
    staleAfterIntervals: number;
    defaultIntervalSeconds: number;
  }): Promise<Record<string, number>>;
  setDeviceStatus(id: string, status: DeviceStatus, reason: string | null): Promise<DeviceRecord | undefined>;
  /** Admin resync: the next challenged report re-anchors the chain and clears the fork flag. */
  requestResync(id: string): Promise<DeviceRecord | undefined>;
  listReports(deviceId: string, limit: number): Promise<ReportRecord[]>;
  listCertificates(deviceId: string): Promise<CertificateRecord[]>;

  getPolicy(): Promise<StoredPolicy | undefined>;
  putPolicy(p: { text: string; hash: string; now: Date }): Promise<void>;

  /** Drops expired nonces, old idempotency records and dead enrollment tokens. */
  purge(now: Date, keepIdempotencyMs: number): Promise<void>;
}
