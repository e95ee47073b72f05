/**
 * The client certificate of a request. With real TLS it comes from the socket (cached per
 * connection: it cannot change on a TLS 1.2/1.3 connection without renegotiation, which Node
 * servers refuse by default). With `testClientCertHeader` (inject() tests only) it comes from a
 * header and the chain check that OpenSSL would have made is repeated with the CA.
 */
import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';
import type { CertificateAuthority } from '../ca/authority.js';

export interface ClientCertificate {
  thumbprint: string;
  publicKey: KeyObject;
  /** The TLS layer accepted the chain and validity (OpenSSL `authorized`). */
  authorized: boolean;
  authorizationError: string | undefined;
}

export const TEST_CLIENT_CERT_HEADER = 'x-vigil-test-client-cert';
const bySocket = new WeakMap<object, ClientCertificate | null>();

export function clientCertificate(
  request: FastifyRequest,
  options: { testHeader: boolean; authority: CertificateAuthority; now: Date },
): ClientCertificate | null {
  if (options.testHeader) {
    const header = request.headers[TEST_CLIENT_CERT_HEADER];
    if (typeof header === 'string') return fromTestHeader(header, options.authority, options.now);
  }
  const socket = request.raw.socket;
  const cached = bySocket.get(socket);
  if (cached !== undefined) return cached;
  const result = fromSocket(socket);
  bySocket.set(socket, result);
  return result;
}

// Public keys by certificate thumbprint: agents open a connection per cycle, and the KeyObject
// for a certificate seen before need not be built again. Bounded by clearing (a fleet's worth
// of entries is a few MB; a flood of certificates only costs rebuilding).
const publicKeys = new Map<string, KeyObject>();
const MAX_CACHED_KEYS = 100_000;

function fromSocket(socket: unknown): ClientCertificate | null {
  if (!(socket instanceof TLSSocket)) return null;
  // The X509Certificate directly: getPeerCertificate() builds a legacy object of every field
  // first, ~0.3 ms per connection together with re-parsing its DER (fleet simulation profile).
  const x509 = socket.getPeerX509Certificate();
  if (!x509) return null;
  const thumbprint = createHash('sha256').update(x509.raw).digest('base64url');
  let publicKey = publicKeys.get(thumbprint);
  if (!publicKey) {
    publicKey = x509.publicKey;
    if (publicKeys.size >= MAX_CACHED_KEYS) publicKeys.clear();
    publicKeys.set(thumbprint, publicKey);
  }
  return {
    thumbprint,
    publicKey,
    authorized: socket.authorized,
    authorizationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
  };
}

interface ParsedTestCert {
  x509: X509Certificate;
  publicKey: KeyObject;
  thumbprint: string;
  issued: boolean;
}
// Parsed once per CA and header value, like the per-socket cache (bounded: tests only).
const byAuthority = new WeakMap<CertificateAuthority, Map<string, ParsedTestCert | null>>();

function fromTestHeader(value: string, authority: CertificateAuthority, now: Date): ClientCertificate | null {
  let byHeader = byAuthority.get(authority);
  if (!byHeader) byAuthority.set(authority, (byHeader = new Map()));
  let parsed = byHeader.get(value);
  if (parsed === undefined) {
    const der = Buffer.from(value, 'base64');
    try {
      const x509 = new X509Certificate(der);
      const thumbprint = createHash('sha256').update(der).digest('base64url');
      parsed = { x509, publicKey: x509.publicKey, thumbprint, issued: authority.issued(x509) };
    } catch {
      parsed = null;
    }
    if (byHeader.size > 10_000) byHeader.clear();
    byHeader.set(value, parsed);
  }
  if (!parsed) return null;
  const { x509 } = parsed;
  let authorizationError: string | undefined;
  if (!parsed.issued) authorizationError = 'UNABLE_TO_VERIFY_LEAF_SIGNATURE';
  else if (Date.parse(x509.validFrom) > now.getTime()) authorizationError = 'CERT_NOT_YET_VALID';
  else if (Date.parse(x509.validTo) < now.getTime()) authorizationError = 'CERT_HAS_EXPIRED';
  return {
    thumbprint: parsed.thumbprint,
    publicKey: parsed.publicKey,
    authorized: authorizationError === undefined,
    authorizationError,
  };
}
