/**
 * Background-check mode (RFC 9334 §5.2): when a request carries no EAR, the gateway asks the
 * compliance service for the device's latest result, by the thumbprint of the client
 * certificate on this connection. The service answers with an EAR minted for this gateway's
 * audience and bound to that certificate, so the answer goes through exactly the same
 * verification as a presented one — the transport is not trusted with the decision.
 *
 *   GET {service}/v1/devices/by-cert/{x5t#S256}/attestation-result?aud={audience}
 *   Authorization: Bearer <gateway token>           (optional)
 *   200 {"ear": "<compact JWS>"} · 404 {code, message}: no device or no current verdict
 */
import { decodeBase64url } from '@vigil/shared';
import { GatewayError } from '../errors.js';
import { pinnedGet } from '../net/pinned-get.js';

export interface EarSource {
  /** The device's current EAR, null when the service has none; throws when it cannot be asked. */
  latestEar(certThumbprint: string): Promise<string | null>;
}

export interface ServiceEarSourceOptions {
  serviceUrl: string;
  /** Pinned CA (PEM) of the service's TLS certificate. */
  ca: string | Buffer;
  audience: string;
  bearerToken?: string;
  timeoutMs?: number;
}

export function serviceEarSource(options: ServiceEarSourceOptions): EarSource {
  const base = new URL(options.serviceUrl);
  if (base.protocol !== 'https:') throw new GatewayError('VIGIL_GATEWAY_CONFIG', 'the service URL must be https');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.bearerToken) headers.authorization = `Bearer ${options.bearerToken}`;
  return {
    async latestEar(thumbprint) {
      const url = new URL(`v1/devices/by-cert/${encodeURIComponent(thumbprint)}/attestation-result`, withSlash(base));
      url.searchParams.set('aud', options.audience);
      let res;
      try {
        res = await pinnedGet(url, {
          ca: options.ca,
          timeoutMs: options.timeoutMs ?? 2_000,
          maxBytes: 64 * 1024,
          headers,
        });
      } catch (cause) {
        throw new GatewayError('VIGIL_GATEWAY_SERVICE_REQUEST', `compliance service: ${(cause as Error).message}`, {
          cause,
        });
      }
      if (res.status === 404) return null;
      const ear = res.status === 200 ? earOf(res.body) : undefined;
      if (ear === undefined)
        throw new GatewayError('VIGIL_GATEWAY_SERVICE_REQUEST', `compliance service answered HTTP ${res.status}`);
      return ear;
    },
  };
}

function withSlash(url: URL): URL {
  return url.pathname.endsWith('/') ? url : new URL(`${url.href}/`);
}

function earOf(body: string): string | undefined {
  try {
    const ear = (JSON.parse(body) as { ear?: unknown }).ear;
    return typeof ear === 'string' ? ear : undefined;
  } catch {
    return undefined;
  }
}

export interface CachedEarSourceOptions {
  /** How long an answer is reused (never past the EAR's exp). Default 30 s. */
  ttlSeconds?: number;
  /** How long "no result" is reused. Default 5 s. */
  negativeTtlSeconds?: number;
  maxEntries?: number;
  now?: () => number;
}

/** A TTL cache in front of an `EarSource`; `clear()` on every CAEP event. Failures are not cached. */
export function cachedEarSource(
  source: EarSource,
  options: CachedEarSourceOptions = {},
): EarSource & { clear(): void } {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { ear: string | null; until: number }>();
  return {
    async latestEar(thumbprint) {
      const t = now();
      const hit = entries.get(thumbprint);
      if (hit && hit.until > t) return hit.ear;
      const ear = await source.latestEar(thumbprint);
      const ttl = (ear === null ? (options.negativeTtlSeconds ?? 5) : (options.ttlSeconds ?? 30)) * 1000;
      const exp = ear === null ? Infinity : expOf(ear);
      if (entries.size >= (options.maxEntries ?? 10_000)) entries.clear();
      entries.set(thumbprint, { ear, until: Math.min(t + ttl, exp) });
      return ear;
    },
    clear: () => entries.clear(),
  };
}

/** The unverified `exp`, only to bound caching (verification happens on use). */
function expOf(ear: string): number {
  const bytes = decodeBase64url(ear.split('.')[1] ?? '');
  try {
    const exp = bytes ? (JSON.parse(new TextDecoder().decode(bytes)) as { exp?: unknown }).exp : undefined;
    return typeof exp === 'number' ? exp * 1000 : 0;
  } catch {
    return 0;
  }
}
