import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeNftRuleset } from './parse-nft.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('analyzeNftRuleset (real nft 1.0.6 JSON)', () => {
  it.each([
    // This machine: nothing loaded.
    ['nft.debian-12-empty.json', false, 'allow', 'empty ruleset'],
    // Debian's shipped /etc/nftables.conf: input chain, policy accept, no rules.
    ['nft.debian-default-conf.json', false, 'allow', 'inet filter/input: accepts everything'],
    // Arch's shipped /etc/nftables.conf: policy drop.
    ['nft.arch-policy-drop.json', true, 'deny', 'inet filter/input: policy drop'],
    // firewalld: policy accept, ends with `reject with icmpx admin-prohibited`.
    ['nft.firewalld-fedora.json', true, 'deny', 'inet firewalld/filter_INPUT: policy accept, ends with drop/reject'],
    // ufw through iptables-nft: ip and ip6 filter INPUT chains with policy drop.
    ['nft.ufw-iptables-nft.json', true, 'deny', 'ip filter/INPUT: policy drop; ip6 filter/INPUT: policy drop'],
    // iptables-nft keeps REJECT as an xt target: still a final reject.
    ['nft.iptables-nft-rhel7-reject.json', true, 'deny', 'ip filter/INPUT: policy accept, ends with drop/reject'],
  ] as const)('%s', (name, active, defaultInbound, detail) => {
    expect(analyzeNftRuleset(fixture(name))).toEqual({ active, defaultInbound, detail });
  });

  it('a conditional final drop is not a default deny, but it does filter', () => {
    const ruleset = {
      nftables: [
        { chain: { family: 'inet', table: 't', name: 'in', type: 'filter', hook: 'input', prio: 0, policy: 'accept' } },
        {
          rule: {
            family: 'inet',
            table: 't',
            chain: 'in',
            expr: [
              { match: { op: '==', left: { payload: { protocol: 'tcp', field: 'dport' } }, right: 23 } },
              { drop: null },
            ],
          },
        },
      ],
    };
    expect(analyzeNftRuleset(JSON.stringify(ruleset))).toMatchObject({ active: true, defaultInbound: 'allow' });
  });

  it('drops reached only through a jump still filter; chains of other hooks do not count', () => {
    const ruleset = {
      nftables: [
        { chain: { family: 'ip', table: 't', name: 'in', type: 'filter', hook: 'input', prio: 0, policy: 'accept' } },
        { chain: { family: 'ip', table: 't', name: 'blocklist' } },
        { chain: { family: 'ip', table: 't', name: 'out', type: 'filter', hook: 'output', prio: 0, policy: 'drop' } },
        { rule: { family: 'ip', table: 't', chain: 'in', expr: [{ jump: { target: 'blocklist' } }] } },
        {
          rule: {
            family: 'ip',
            table: 't',
            chain: 'blocklist',
            expr: [
              { match: { op: '==', left: { payload: { protocol: 'ip', field: 'saddr' } }, right: '203.0.113.7' } },
              { counter: null },
              { drop: null },
            ],
          },
        },
      ],
    };
    expect(analyzeNftRuleset(JSON.stringify(ruleset))).toMatchObject({ active: true, defaultInbound: 'allow' });
  });

  it('rejects what is not nft JSON', () => {
    expect(analyzeNftRuleset(fixture('nft.not-root.stderr.txt'))).toBeNull();
    expect(analyzeNftRuleset('{"other": []}')).toBeNull();
  });
});
