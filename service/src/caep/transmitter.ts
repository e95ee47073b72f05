/**
 * CAEP transmitter: when a device's compliance changes (or it is banned), sign an OpenID CAEP
 * `device-compliance-change` Security Event Token (RFC 8417) per registered receiver and push it
 * (RFC 8935). Gateways then refuse that device's older attestation results on the next request.
 *
 * Self-contained on purpose (the service may not import the gateway): the SET vocabulary below
 * mirrors gateway/src/caep/set-claims.ts. Delivery is at-least-once with one in-flight SET per
 * receiver, exponential backoff with full jitter, `Retry-After` honoured, and a bounded queue;
 * a retry re-sends the *same* SET (same `jti`), which receivers apply once.
 */
import { randomUUID, type KeyObject } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SignJWT, type CryptoKey } from 'jose';

export const DEVICE_COMPLIANCE_CHANGE = 'https://schemas.openid.net/secevent/caep/event-type/device-compliance-change';
const DEVICE_URN_PREFIX = 'urn:vigil:device:';

export interface CaepReceiverRegistration {
  /** Push endpoint, e.g. https://gateway.example/caep/events (plain http only to loopback). */
  url: string;
  /** The receiver's audience (`aud` of its SETs). */
  audience: string;
  /** PEM of the CA to pin for this receiver; default: the system roots. */
  ca?: string | Buffer;
}

export interface ComplianceChange {
  deviceId: string;
  status: 'compliant' | 'not-compliant';
  previousStatus?: 'compliant' | 'not-compliant';
  /** For logs and audit at the receiver (CAEP `reason_admin`). */
  reasonAdmin?: string;
  /** Shown to the user (CAEP `reason_user`). */
  reasonUser?: string;
  /** When the change happened. */
  timestamp: Date;
}

export interface DeliveryProblem {
  url: string;
  jti: string;
  attempt: number;
  error: string;
  /** True when this SET is given up (refused, out of attempts, or dropped from a full queue). */
  final: boolean;
}

export interface CaepTransmitterOptions {
  issuer: string;
  /** The current result-signing key (read per SET, so key rotation is followed). */
  signingKey: () => { kid: string; key: KeyObject | CryptoKey };
  receivers: readonly CaepReceiverRegistration[];
  maxQueue?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  onProblem?: (problem: DeliveryProblem) => void;
}

export interface CaepTransmitter {
  /** False with no receivers: callers may skip the work of detecting changes. */
  readonly enabled: boolean;
  /** Queues one SET per receiver and returns at once; delivery happens in the background. */
  emitComplianceChange(change: ComplianceChange): void;
  /** Resolves when every queue is empty (or after `timeoutMs`). */
  flush(timeoutMs?: number): Promise<void>;
  /** Stops retrying; queued SETs are dropped. */
  stop(): void;
}

interface Pending {
  jti: string;
  token: Promise<string>;
  attempt: number;
}

export function createCaepTransmitter(options: CaepTransmitterOptions): CaepTransmitter {
  const maxQueue = options.maxQueue ?? 1_000;
  const lanes = options.receivers.map((receiver) => ({
    receiver,
    url: checkedUrl(receiver.url),
    queue: [] as Pending[],
    busy: false,
  }));
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  const report = (problem: DeliveryProblem) => options.onProblem?.(problem);

  async function pump(lane: (typeof lanes)[number]): Promise<void> {
    if (lane.busy || stopped) return;
    const next = lane.queue[0];
    if (!next) return;
    lane.busy = true;
    next.attempt += 1;
    let outcome: Outcome;
    try {
      outcome = await deliver(lane.url, await next.token, lane.receiver.ca, options.timeoutMs ?? 5_000);
    } catch (error) {
      outcome = { retry: true, error: (error as Error).message };
    }
    lane.busy = false;
    if (lane.queue[0] !== next) return pump(lane); // dropped from a full queue meanwhile
    if (outcome.retry === false && outcome.error === undefined) {
      lane.queue.shift();
      return pump(lane);
    }
    const giveUp = !outcome.retry || next.attempt >= (options.maxAttempts ?? 8);
    report({
      url: lane.receiver.url,
      jti: next.jti,
      attempt: next.attempt,
      error: outcome.error ?? 'unknown',
      final: giveUp,
    });
    if (giveUp) {
      lane.queue.shift();
      return pump(lane);
    }
    const delay = backoff(next.attempt, outcome.retryAfterMs, options.baseDelayMs ?? 500, options.maxDelayMs ?? 60_000);
    const timer = setTimeout(() => {
      timers.delete(timer);
      void pump(lane);
    }, delay);
    timers.add(timer);
  }

  return {
    enabled: lanes.length > 0,
    emitComplianceChange(change) {
      if (stopped) return;
      for (const lane of lanes) {
        const jti = randomUUID();
        const token = signSet(options, lane.receiver.audience, jti, change);
        void token.catch(() => {}); // surfaced by pump(); avoid an unhandled rejection meanwhile
        lane.queue.push({ jti, token, attempt: 0 });
        while (lane.queue.length > maxQueue) {
          // The head may be in flight; drop the oldest waiting SET instead.
          const dropped = lane.queue.splice(lane.busy ? 1 : 0, 1)[0];
          if (dropped)
            report({
              url: lane.receiver.url,
              jti: dropped.jti,
              attempt: dropped.attempt,
              error: 'queue full',
              final: true,
            });
        }
        void pump(lane);
      }
    },
    async flush(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (lanes.some((l) => l.queue.length > 0) && Date.now() < deadline && !stopped) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const lane of lanes) lane.queue.length = 0;
    },
  };
}

function signSet(
  options: CaepTransmitterOptions,
  audience: string,
  jti: string,
  change: ComplianceChange,
): Promise<string> {
  const { kid, key } = options.signingKey();
  const event: Record<string, unknown> = {
    current_status: change.status,
    event_timestamp: Math.floor(change.timestamp.getTime() / 1000),
  };
  if (change.previousStatus) event.previous_status = change.previousStatus;
  if (change.reasonAdmin) event.reason_admin = { en: change.reasonAdmin };
  if (change.reasonUser) event.reason_user = { en: change.reasonUser };
  // RFC 8417 §2.2 / CAEP: no `exp` and no `sub` (the subject is `sub_id`, RFC 9493).
  return new SignJWT({
    jti,
    sub_id: { format: 'uri', uri: `${DEVICE_URN_PREFIX}${change.deviceId}` },
    events: { [DEVICE_COMPLIANCE_CHANGE]: event },
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'secevent+jwt', kid })
    .setIssuer(options.issuer)
    .setAudience(audience)
    .setIssuedAt()
    .sign(key);
}

type Outcome = { retry: boolean; error?: string; retryAfterMs?: number };

function deliver(url: URL, token: string, ca: string | Buffer | undefined, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const headers = {
      'content-type': 'application/secevent+jwt',
      accept: 'application/json',
      'content-length': String(Buffer.byteLength(token)),
    };
    const tls = url.protocol === 'https:' ? { minVersion: 'TLSv1.2' as const, ...(ca ? { ca } : {}) } : {};
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: 'POST', headers, timeout: timeoutMs, agent: false, ...tls }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += body.length < 4096 ? chunk : ''));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) return resolve({ retry: false });
        const retry = status === 429 || status >= 500;
        const retryAfter = Number(res.headers['retry-after']);
        resolve({
          retry,
          error: `HTTP ${status} ${body.slice(0, 300)}`.trim(),
          ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
        });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(token);
  });
}

function backoff(attempt: number, retryAfterMs: number | undefined, baseMs: number, maxMs: number): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, maxMs);
  // Full jitter (AWS architecture blog): spreads retries of many services after an outage.
  return Math.floor(Math.random() * Math.min(maxMs, baseMs * 2 ** (attempt - 1)));
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

function checkedUrl(text: string): URL {
  const url = new URL(text);
  // SETs are signed, but RFC 8935 §2 requires TLS; plain http is for a receiver on this host.
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return url;
  throw new Error(`CAEP receiver ${url.origin}: https is required (plain http only to loopback)`);
}
