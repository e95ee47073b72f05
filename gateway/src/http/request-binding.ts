/**
 * Reads what a decision needs from an incoming request: the EAR (`Authorization: Bearer` or a
 * cookie) and the `x5t#S256` of the client certificate — from the TLS socket when Node
 * terminates TLS itself, else from the proxy's header, but only when the peer is a trusted proxy.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { DEFAULT_CERT_HEADERS, thumbprintFromHeader, type CertHeaderFormat } from '../cert/client-cert-header.js';
import { x5tS256 } from '../cert/thumbprint.js';
import { DEFAULT_TRUSTED_PROXIES, trustedProxies, type TrustCheck } from './trusted-proxies.js';

export const DEFAULT_COOKIE = 'vigil_ear';

export interface ClientCertOptions {
  /** How the proxy encodes the certificate (default `pem-urlencoded`, nginx). */
  format?: CertHeaderFormat;
  /** Header name (default per format, see DEFAULT_CERT_HEADERS). */
  header?: string;
  /** Peers whose certificate header is believed (IPs or CIDR; default loopback). */
  trustedProxies?: readonly string[];
}

export interface RequestReader {
  token(headers: IncomingHttpHeaders): string | undefined;
  certThumbprint(req: Pick<IncomingMessage, 'headers' | 'socket'>): string | null;
  isTrustedPeer(req: Pick<IncomingMessage, 'socket'>): boolean;
}

export function requestReader(options: ClientCertOptions & { cookie?: string } = {}): RequestReader {
  const format = options.format ?? 'pem-urlencoded';
  const header = (options.header ?? DEFAULT_CERT_HEADERS[format]).toLowerCase();
  const trusted: TrustCheck = trustedProxies(options.trustedProxies ?? DEFAULT_TRUSTED_PROXIES);
  const cookiePrefix = `${options.cookie ?? DEFAULT_COOKIE}=`;
  // The same few certificates arrive over and over; parsing and hashing each time is waste.
  const seen = new Map<string, string | null>();
  // Keep-alive connections from the proxy carry many requests; the peer address never changes.
  const peers = new WeakMap<object, boolean>();
  const trustedPeer = (socket: IncomingMessage['socket']): boolean => {
    let ok = peers.get(socket);
    if (ok === undefined) {
      ok = trusted(socket.remoteAddress);
      peers.set(socket, ok);
    }
    return ok;
  };

  const fromHeader = (value: string): string | null => {
    const cached = seen.get(value);
    if (cached !== undefined) return cached;
    const thumbprint = thumbprintFromHeader(value, format);
    if (seen.size >= 1024) seen.clear();
    seen.set(value, thumbprint);
    return thumbprint;
  };

  return {
    token(headers) {
      const auth = headers.authorization;
      if (auth !== undefined && auth.length > 7 && auth.slice(0, 7).toLowerCase() === 'bearer ')
        return auth.slice(7).trim();
      return cookieValue(headers.cookie, cookiePrefix);
    },
    certThumbprint(req) {
      const socket = req.socket as Partial<TLSSocket>;
      if (typeof socket.getPeerCertificate === 'function') {
        const raw = socket.getPeerCertificate().raw as Buffer | undefined;
        return raw && raw.length > 0 ? x5tS256(raw) : null;
      }
      const value = req.headers[header];
      if (typeof value !== 'string' || value.length === 0) return null;
      return trustedPeer(req.socket) ? fromHeader(value) : null;
    },
    isTrustedPeer(req) {
      return trustedPeer(req.socket);
    },
  };
}

function cookieValue(cookie: string | undefined, prefix: string): string | undefined {
  if (cookie === undefined) return undefined;
  for (const part of cookie.split(';')) {
    const trimmed = part.trim();
    if (trimmed.startsWith(prefix)) return trimmed.slice(prefix.length) || undefined;
  }
  return undefined;
}
