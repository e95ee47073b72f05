import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeIptablesRules, LEGACY_TABLES_WARNING, parseIptablesVersion, tokenize } from './parse-iptables.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('analyzeIptablesRules (real iptables 1.8.9 output)', () => {
  it.each([
    ['iptables.debian-12.txt', false, 'allow', 0],
    ['ip6tables.debian-12.txt', false, 'allow', 0],
    ['iptables.ufw-nft.txt', true, 'deny', 66],
    ['ip6tables.ufw-nft.txt', true, 'deny', 104],
    ['iptables.ufw-legacy.txt', true, 'deny', 65],
    // RHEL 7 style: policy ACCEPT, final unconditional REJECT.
    ['iptables.rhel7-reject-last.txt', true, 'deny', 6],
    // libvirt adds only ACCEPT rules: nothing is filtered.
    ['iptables.libvirt-accept-only.txt', false, 'allow', 3],
  ] as const)('%s', (name, active, defaultInbound, rules) => {
    expect(analyzeIptablesRules(fixture(name), 'iptables')).toMatchObject({ active, defaultInbound, rules });
  });

  it('only an unconditional final DROP/REJECT is a default deny (comments do not count as conditions)', () => {
    const commented = '-P INPUT ACCEPT\n-A INPUT -m comment --comment "default deny" -j DROP\n';
    expect(analyzeIptablesRules(commented, 'iptables')).toMatchObject({ active: true, defaultInbound: 'deny' });
    const conditional = '-P INPUT ACCEPT\n-A INPUT -s 203.0.113.7/32 -j DROP\n';
    expect(analyzeIptablesRules(conditional, 'iptables')).toMatchObject({ active: true, defaultInbound: 'allow' });
  });

  it('tokenizes quoted comments', () => {
    expect(tokenize('-A INPUT -m comment --comment "allow ssh" -j ACCEPT')).toEqual([
      '-A',
      'INPUT',
      '-m',
      'comment',
      '--comment',
      'allow ssh',
      '-j',
      'ACCEPT',
    ]);
  });
});

describe('iptables flavour', () => {
  it('tells the nf_tables shim from legacy', () => {
    expect(parseIptablesVersion(fixture('iptables-V.debian-12.txt'))).toEqual({ version: '1.8.9', mode: 'nf_tables' });
    expect(parseIptablesVersion(fixture('iptables-V.legacy.txt'))).toEqual({ version: '1.8.9', mode: 'legacy' });
    expect(parseIptablesVersion('iptables v1.6.1\n')).toEqual({ version: '1.6.1', mode: 'legacy' });
  });

  it('spots the shim warning about legacy tables, for both families', () => {
    expect(LEGACY_TABLES_WARNING.test(fixture('iptables.debian-12.stderr.txt'))).toBe(true);
    expect(LEGACY_TABLES_WARNING.test(fixture('ip6tables.debian-12.stderr.txt'))).toBe(true);
    expect(LEGACY_TABLES_WARNING.test(fixture('iptables.not-root.stderr.txt'))).toBe(false);
  });
});
