/**
 * Which peers may tell us the client certificate through a header. Anyone else could simply
 * write the header themselves, so from them it is ignored. Default: loopback only (the proxy
 * runs on the same host as the gateway).
 */
import { BlockList, isIP } from 'node:net';
import { GatewayError } from '../errors.js';

export const DEFAULT_TRUSTED_PROXIES = ['127.0.0.0/8', '::1'] as const;

export type TrustCheck = (address: string | undefined) => boolean;

export function trustedProxies(entries: readonly string[]): TrustCheck {
  const list = new BlockList();
  const problems: string[] = [];
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address);
    if (family === 0) {
      problems.push(`"${entry}" is not an IP address or CIDR range`);
      continue;
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const bits = Number(prefix);
    if (!Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)) {
      problems.push(`"${entry}" has an invalid prefix length`);
      continue;
    }
    list.addSubnet(address, bits, type);
  }
  if (problems.length > 0) throw new GatewayError('VIGIL_GATEWAY_CONFIG', `trusted proxies: ${problems.join('; ')}`);
  return (address) => {
    if (!address) return false;
    // Dual-stack sockets report IPv4 peers as ::ffff:a.b.c.d.
    const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
    const family = isIP(plain);
    return family !== 0 && list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
  };
}
