import { describe, expect, it } from 'vitest';
import { DEFAULT_TRUSTED_PROXIES, trustedProxies } from './trusted-proxies.js';

describe('trustedProxies', () => {
  it('trusts loopback by default, including IPv4-mapped IPv6 peers', () => {
    const trusted = trustedProxies(DEFAULT_TRUSTED_PROXIES);
    expect(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'].map(trusted)).toEqual([true, true, true, true]);
    expect(['10.0.0.1', '::ffff:10.0.0.1', '2001:db8::1', '', undefined].map(trusted)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('accepts addresses and CIDR ranges', () => {
    const trusted = trustedProxies(['10.1.0.0/16', '2001:db8::/32', '192.0.2.7']);
    expect(['10.1.200.3', '10.2.0.1', '2001:db8:1::5', '192.0.2.7', '192.0.2.8'].map(trusted)).toEqual([
      true,
      false,
      true,
      true,
      false,
    ]);
  });

  it('reports every bad entry', () => {
    expect(() => trustedProxies(['nginx', '10.0.0.0/33', '::1/200'])).toThrow(/"nginx".*"10\.0\.0\.0\/33".*"::1\/200"/);
  });
});
