/** An in-memory compliance service for cycle tests: ordered ingest, nonces, idempotency by jti. */
import { DEVICE_URN_PREFIX } from '@vigil/shared/core';
import { decodeClaims } from '../cycle/decode-claims.js';
import { PushError, type ServiceApi } from '../push/api.js';

export interface FakeService {
  api: ServiceApi;
  online: boolean;
  accepted: { seq: number; jti: string; challenged: boolean }[];
  /** Nonces handed out but treated as expired when used. */
  expireNonces: boolean;
  /** Answer challenges with 429 + Retry-After (seconds). */
  rateLimitSeconds: number;
  /**
   * Answer 503 VIGIL_SERVICE_OVERLOADED, as the push client surfaces it (for evidence: once its
   * own retries are spent), with this Retry-After in seconds (null: no header); undefined: off.
   */
  overloaded?: { retryAfterSeconds: number | null; on: 'challenge' | 'evidence' | 'both' };
  challenges: number;
  evidencePosts: number;
  thumbprint: string;
  /** The checks its policy evaluates: listed in every verdict (personal mode learns them). */
  policyChecks: string[];
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function fakeService(deviceId: string, thumbprint: string): FakeService {
  const state: FakeService = {
    online: true,
    accepted: [],
    expireNonces: false,
    rateLimitSeconds: 0,
    challenges: 0,
    evidencePosts: 0,
    thumbprint,
    policyChecks: [],
    api: undefined as unknown as ServiceApi,
  };
  const answers = new Map<string, unknown>();
  let counter = 0;
  const offline = (path: string) =>
    new PushError('VIGIL_PUSH_UNREACHABLE', `${path}: service unreachable (ECONNREFUSED)`);
  const reject = (status: number, serviceCode: string) =>
    new PushError('VIGIL_PUSH_REJECTED', `HTTP ${status} ${serviceCode}`, { status, serviceCode });
  const overloaded = (path: string, request: 'challenge' | 'evidence') => {
    const overload = state.overloaded;
    if (!overload || (overload.on !== 'both' && overload.on !== request)) return null;
    const seconds = overload.retryAfterSeconds;
    return new PushError('VIGIL_PUSH_SERVER_ERROR', `${path}: HTTP 503 VIGIL_SERVICE_OVERLOADED: service overloaded`, {
      status: 503,
      serviceCode: 'VIGIL_SERVICE_OVERLOADED',
      ...(seconds !== null ? { retryAfterMs: seconds * 1000 } : {}),
    });
  };
  state.api = {
    async challenge() {
      if (!state.online) throw offline('/v1/challenges');
      state.challenges++;
      const busy = overloaded('/v1/challenges', 'challenge');
      if (busy) throw busy;
      if (state.rateLimitSeconds > 0) {
        throw new PushError('VIGIL_PUSH_RATE_LIMITED', 'HTTP 429', {
          status: 429,
          serviceCode: 'VIGIL_CHALLENGE_RATE_LIMITED',
          retryAfterMs: state.rateLimitSeconds * 1000,
        });
      }
      counter++;
      return { status: 201, body: { nonce: `nonce-${counter}-${'x'.repeat(20)}` }, serverDate: new Date() };
    },
    async submitEvidence(jws, jti) {
      if (!state.online) throw offline('/v1/evidence');
      state.evidencePosts++;
      const busy = overloaded('/v1/evidence', 'evidence');
      if (busy) throw busy;
      const stored = answers.get(jti);
      if (stored) return { status: 200, body: stored as never, serverDate: new Date() };
      const claims = decodeClaims(jws);
      if (claims.eat_nonce && state.expireNonces) throw reject(400, 'VIGIL_EVIDENCE_NONCE_EXPIRED');
      const last = state.accepted.at(-1)?.seq ?? 0;
      const gapOk = claims.gap && claims.gap.from === last + 1 && claims.gap.to === claims.seq - 1;
      if (claims.seq !== last + 1 && !gapOk) throw reject(409, 'VIGIL_EVIDENCE_SEQUENCE');
      state.accepted.push({ seq: claims.seq, jti, challenged: claims.eat_nonce !== undefined });
      const now = Math.floor(Date.now() / 1000);
      const ear = claims.eat_nonce
        ? `${b64({ alg: 'ES256', typ: 'ear+jwt' })}.${b64({ sub: `${DEVICE_URN_PREFIX}${deviceId}`, cnf: { 'x5t#S256': thumbprint }, iat: now, exp: now + 600 })}.sig`
        : null;
      const body = {
        verdict: {
          status: 'compliant' as const,
          policyId: 'default',
          evaluatedAt: new Date().toISOString(),
          enforcement: { mode: 'block', action: 'allow' },
          checks: state.policyChecks.map((check) => ({ check, result: 'pass' })),
        },
        ear,
        nextReportSeconds: 600,
      };
      answers.set(jti, body);
      return { status: 200, body, serverDate: new Date() };
    },
    async renew() {
      throw reject(400, 'VIGIL_NOT_IMPLEMENTED');
    },
    async probe() {
      if (!state.online) throw offline('/.well-known/jwks.json');
      return { status: 200, serverDate: new Date() };
    },
    close() {},
  };
  return state;
}
