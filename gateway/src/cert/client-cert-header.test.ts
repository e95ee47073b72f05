/** Each proxy's certificate header, reduced to the same `x5t#S256` — and garbage to null. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { thumbprintFromHeader, thumbprintFromXfcc } from './client-cert-header.js';

const PEM = readFileSync(new URL('./__fixtures__/device.pem', import.meta.url), 'utf8');
// openssl x509 -outform der | openssl dgst -sha256 -binary | base64url
const X5T = 'IogEjWabwucuzJg6cDL4K5-pfWhUIK47yTSxbmj4Vgw';
const HEX = '2288048d669bc2e72ecc983a7032f82b9fa97d685420ae3bc934b16e68f8560c';
const BASE64 = PEM.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

describe('thumbprintFromHeader', () => {
  it('reads nginx $ssl_client_escaped_cert (URL-encoded PEM)', () => {
    expect(thumbprintFromHeader(encodeURIComponent(PEM), 'pem-urlencoded')).toBe(X5T);
    // Chains: the first block is the leaf.
    expect(thumbprintFromHeader(encodeURIComponent(PEM + PEM.replace('MII', 'MIJ')), 'pem-urlencoded')).toBe(X5T);
  });

  it('reads base64 DER (Caddy certificate_der_base64, HAProxy ssl_c_der,base64)', () => {
    expect(thumbprintFromHeader(BASE64, 'der-base64')).toBe(X5T);
  });

  it("reads Traefik's escaped base64 DER, leaf first in a chain", () => {
    expect(thumbprintFromHeader(encodeURIComponent(BASE64), 'traefik')).toBe(X5T);
    expect(
      thumbprintFromHeader(`${encodeURIComponent(BASE64)},${encodeURIComponent(BASE64.slice(4))}`, 'traefik'),
    ).toBe(X5T);
  });

  it('reads hex fingerprints and x5t as is', () => {
    expect(thumbprintFromHeader(HEX, 'sha256-hex')).toBe(X5T);
    expect(thumbprintFromHeader(HEX.toUpperCase().match(/../g)!.join(':'), 'sha256-hex')).toBe(X5T);
    expect(thumbprintFromHeader(X5T, 'x5t')).toBe(X5T);
  });

  it.each([
    ['pem-urlencoded', '%E0%A4%A'],
    ['pem-urlencoded', 'not a pem'],
    ['der-base64', 'AAAA'],
    ['der-base64', `${BASE64}!`],
    ['traefik', ''],
    ['sha256-hex', 'abc'],
    ['x5t', 'short'],
    ['xfcc', 'Hash=zz'],
  ] as const)('refuses %s %j', (format, value) => {
    expect(thumbprintFromHeader(value, format)).toBeNull();
  });
});

describe('thumbprintFromXfcc', () => {
  const cert = encodeURIComponent(PEM);

  it('reads Hash= and Cert= and takes the element Envoy appended last', () => {
    expect(thumbprintFromXfcc(`By=spiffe://gw;Hash=${HEX};Subject="CN=x, O=y";URI=urn:vigil:device:1`)).toBe(X5T);
    expect(thumbprintFromXfcc(`By=spiffe://gw;Cert="${cert}"`)).toBe(X5T);
    expect(thumbprintFromXfcc(`Hash=${'0'.repeat(64)},By=spiffe://gw;Hash=${HEX}`)).toBe(X5T);
  });

  it('refuses Hash and Cert that disagree, and duplicate keys', () => {
    expect(thumbprintFromXfcc(`Hash=${'0'.repeat(64)};Cert="${cert}"`)).toBeNull();
    expect(thumbprintFromXfcc(`Hash=${HEX};Hash=${'0'.repeat(64)}`)).toBeNull();
    expect(thumbprintFromXfcc('By=spiffe://gw')).toBeNull();
  });
});
