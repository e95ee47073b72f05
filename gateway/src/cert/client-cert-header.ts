/**
 * The client certificate as a TLS-terminating proxy forwards it, reduced to its `x5t#S256`.
 * Each proxy has its own encoding; the operator names the one in use (no guessing, so a client
 * cannot pick the parser). Anything unreadable yields null and the request is treated as having
 * no certificate.
 */
import { base64ToDer, hexToX5t, isX5t, pemToDer, x5tS256 } from './thumbprint.js';

export const CERT_HEADER_FORMATS = ['pem-urlencoded', 'der-base64', 'traefik', 'xfcc', 'sha256-hex', 'x5t'] as const;
export type CertHeaderFormat = (typeof CERT_HEADER_FORMATS)[number];

/** The header each proxy uses by default (lower case, as node:http delivers names). */
export const DEFAULT_CERT_HEADERS: Readonly<Record<CertHeaderFormat, string>> = {
  // nginx: proxy_set_header X-Client-Cert $ssl_client_escaped_cert;
  'pem-urlencoded': 'x-client-cert',
  // Caddy {http.request.tls.client.certificate_der_base64}, HAProxy %[ssl_c_der,base64]
  'der-base64': 'x-client-cert',
  // Traefik passTLSClientCert { pem: true }
  traefik: 'x-forwarded-tls-client-cert',
  // Envoy forward_client_cert_details + set_current_client_cert_details { cert: true }
  xfcc: 'x-forwarded-client-cert',
  // Caddy {http.request.tls.client.fingerprint}
  'sha256-hex': 'x-client-cert-sha256',
  x5t: 'x-client-cert-x5t',
};

/** Certificates are a few KB; anything far larger is not a certificate header. */
const MAX_HEADER_LENGTH = 32 * 1024;

export function thumbprintFromHeader(value: string, format: CertHeaderFormat): string | null {
  if (value.length === 0 || value.length > MAX_HEADER_LENGTH) return null;
  switch (format) {
    case 'pem-urlencoded': {
      const pem = decodeUri(value);
      const der = pem === null ? null : pemToDer(pem);
      return der ? x5tS256(der) : null;
    }
    case 'der-base64': {
      const der = base64ToDer(value.trim());
      return der ? x5tS256(der) : null;
    }
    case 'traefik': {
      // Query-escaped base64 DER without PEM armour; a chain is comma-separated, leaf first.
      const text = decodeUri(value);
      const leaf = text?.split(',')[0]?.replace(/\s+/g, '');
      const der = leaf ? base64ToDer(leaf) : null;
      return der ? x5tS256(der) : null;
    }
    case 'xfcc':
      return thumbprintFromXfcc(value);
    case 'sha256-hex':
      return hexToX5t(value.trim());
    case 'x5t':
      return isX5t(value.trim()) ? value.trim() : null;
  }
}

function decodeUri(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/**
 * Envoy `x-forwarded-client-cert`: comma-separated elements, each `Key=Value;…` with optional
 * double-quoted values. Envoy appends its own element last, so the last one describes the
 * connection Envoy accepted; earlier ones may come from the client (APPEND_FORWARD) and are not
 * trusted.
 */
export function thumbprintFromXfcc(value: string): string | null {
  const elements = splitOutsideQuotes(value, ',');
  const last = elements[elements.length - 1];
  if (last === undefined) return null;
  const fields = new Map<string, string>();
  for (const pair of splitOutsideQuotes(last, ';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return null;
    const key = pair.slice(0, eq).trim().toLowerCase();
    const raw = pair.slice(eq + 1).trim();
    const unquoted =
      raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1).replace(/\\"/g, '"') : raw;
    if (fields.has(key) && key !== 'uri' && key !== 'dns') return null;
    fields.set(key, unquoted);
  }
  const cert = fields.get('cert');
  const fromCert = cert === undefined ? undefined : derThumbprint(decodeUri(cert));
  const hash = fields.get('hash');
  const fromHash = hash === undefined ? undefined : hexToX5t(hash);
  if (fromCert === null || fromHash === null) return null;
  // Both present and disagreeing means a confused or tampered header: trust neither.
  if (fromCert !== undefined && fromHash !== undefined && fromCert !== fromHash) return null;
  return fromCert ?? fromHash ?? null;
}

function derThumbprint(pem: string | null): string | null {
  const der = pem === null ? null : pemToDer(pem);
  return der ? x5tS256(der) : null;
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === separator && !quoted) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}
