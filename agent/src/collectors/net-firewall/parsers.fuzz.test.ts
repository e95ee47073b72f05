// Property-based tests of every firewall reader (Linux, macOS, Windows): see docs/fuzzing.md.
import { NetFirewallValueSchema } from '@vigil/shared';
import { describe, expect, it } from 'vitest';
import { fixtures } from '../__fixtures__/fuzz-inputs.js';
import { fuzzJsonParser, fuzzParser } from '../__fixtures__/fuzz-parser.js';
import { inboundOfZoneTarget, parseFirewalldState } from './parse-firewalld.js';
import { analyzeIptablesRules, parseIptablesVersion } from './parse-iptables.js';
import { analyzeNftRuleset } from './parse-nft.js';
import { parseGlobalState, parseManagedFirewall, parseSpFirewall, parseStealthMode } from './parse-socketfilterfw.js';
import { parseUfwStatus, ufwConfEnabled, ufwDefaultIncoming } from './parse-ufw.js';
import { parseWin32Firewall } from './parse-win32-firewall.js';

const read = (names: string[]) => fixtures(import.meta.url, names);
const denies = (analysis: { active: boolean; defaultInbound: string } | null) =>
  analysis?.active === true && analysis.defaultInbound === 'deny';

fuzzParser('iptables -S', {
  samples: read([
    'iptables.libvirt-accept-only.txt',
    'iptables.debian-12.txt',
    'iptables.fedora-40-firewalld.txt',
    'iptables.rhel7-reject-last.txt',
    'iptables.ufw-legacy.txt',
    'iptables.ufw-nft.txt',
    'ip6tables.debian-12.txt',
    'iptables.not-root.stderr.txt',
  ]),
  parse: (text) => analyzeIptablesRules(text, 'iptables'),
  check: (analysis) => expect(Number.isSafeInteger(analysis.rules)).toBe(true),
  // A rule list cut after any rule is a genuine rule list, so only in-line damage is lossy here.
  passes: denies,
  lossyKinds: ['crlf', 'garble'],
  hostile: ['-A INPUT "', '-A INPUT -m comment --comment '],
});

fuzzParser('iptables -V', {
  samples: read(['iptables-V.debian-12.txt', 'iptables-V.fedora-40.txt', 'iptables-V.legacy.txt']),
  parse: parseIptablesVersion,
  hostile: ['iptables v1.', '1.'],
});

fuzzParser('nft -j list ruleset', {
  samples: read([
    'nft.debian-12-empty.json',
    'nft.debian-default-conf.json',
    'nft.arch-policy-drop.json',
    'nft.firewalld-fedora.json',
    'nft.iptables-nft-rhel7-reject.json',
    'nft.ufw-iptables-nft.json',
    'nft.not-root.stderr.txt',
  ]),
  parse: analyzeNftRuleset,
  passes: denies,
  hostile: ['[', '{"nftables":['],
});

fuzzParser('socketfilterfw --getglobalstate', {
  samples: read([
    'socketfilterfw-globalstate.disabled.txt',
    'socketfilterfw-globalstate.enabled.txt',
    'socketfilterfw-globalstate.block-all.txt',
    'socketfilterfw.managed.txt',
  ]),
  parse: parseGlobalState,
  passes: (state) => state === 1 || state === 2,
});

fuzzParser('socketfilterfw --getstealthmode', {
  samples: read([
    'socketfilterfw-stealth.off.txt',
    'socketfilterfw-stealth.on.txt',
    'socketfilterfw-stealth.legacy-enabled.txt',
  ]),
  parse: parseStealthMode,
  passes: (stealth) => stealth === true,
});

fuzzParser('system_profiler SPFirewallDataType', {
  samples: read([
    'sp-firewall.macos-15-off.json',
    'sp-firewall.macos-15-block-all.json',
    'sp-firewall.macos-15-limit.json',
  ]),
  parse: parseSpFirewall,
  passes: (reading) => reading?.state === 1 || reading?.state === 2,
});

fuzzParser('managed com.apple.security.firewall', {
  samples: read(['defaults-managed-firewall.enabled.txt', 'defaults-managed-firewall.missing.stderr.txt']),
  parse: parseManagedFirewall,
  passes: (reading) => reading?.state === 1 || reading?.state === 2,
  hostile: ['{ a = ', '('],
});

fuzzParser('ufw status verbose', {
  samples: read([
    'ufw-status.inactive.txt',
    'ufw-status.not-root.txt',
    'ufw-status.active-deny.txt',
    'ufw-status.active-legacy.txt',
  ]),
  parse: parseUfwStatus,
  passes: (status) => status?.active === true,
});

fuzzParser('ufw.conf and /etc/default/ufw', {
  samples: read(['ufw.conf.debian-12.txt', 'default-ufw.debian-12.txt']),
  parse: (text) => ({ enabled: ufwConfEnabled(text), incoming: ufwDefaultIncoming(text) }),
  hostile: ['A="', "A='"],
});

fuzzParser('firewall-cmd', {
  samples: read([
    'firewall-cmd-state.not-running.stderr.txt',
    'firewall-cmd-state.running.txt',
    'firewall-cmd-target.accept.txt',
    'firewall-cmd-target.default.txt',
    'firewall-cmd-target.reject.txt',
  ]),
  parse: (text) => ({ state: parseFirewalldState(text, text, 0), inbound: inboundOfZoneTarget(text) }),
});

fuzzJsonParser('Windows Firewall script answer', {
  samples: read([
    'ps-firewall.not-configured.json',
    'ps-firewall.public-off-strings.json',
    'ps-firewall.service-stopped.json',
    'ps-firewall.all-on-numbers.json',
  ]),
  parse: parseWin32Firewall,
  check: (reading) => {
    if (reading.ok) expect(NetFirewallValueSchema.safeParse(reading.value).error).toBeUndefined();
  },
  passes: (reading) => reading.ok && reading.value.enabled && reading.value.defaultInbound === 'deny',
});

describe('firewall readers: regressions found by fuzzing', () => {
  it('follow a 40 000-chain jump chain without overflowing the stack', () => {
    const rules = ['-P INPUT ACCEPT', '-A INPUT -j c0'];
    for (let i = 0; i < 40_000; i++) rules.push(`-A c${i} -j c${i + 1}`);
    rules.push('-A c40000 -j DROP');
    expect(analyzeIptablesRules(rules.join('\n'), 'iptables')).toMatchObject({ active: true, defaultInbound: 'allow' });
  });

  it('scan rule expressions nested 100 000 deep without overflowing the stack', () => {
    const chain = { family: 'inet', table: 'filter', name: 'input', hook: 'input', type: 'filter', policy: 'accept' };
    const rule = `{"rule":{"family":"inet","table":"filter","chain":"input","expr":${'['.repeat(100_000)}{"drop":null}${']'.repeat(100_000)}}}`;
    const json = `{"nftables":[${JSON.stringify({ chain })},${rule}]}`;
    expect(analyzeNftRuleset(json)).toMatchObject({ active: true });
  });
});
