/**
 * `iptables -S` / `ip6tables -S` (filter table, iptables-save syntax):
 *   -P INPUT DROP
 *   -N ufw-user-input
 *   -A INPUT -j ufw-before-input
 *   -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
 *   -A INPUT -j REJECT --reject-with icmp-host-prohibited
 * On nftables hosts `iptables` is usually the nf_tables shim (`iptables -V` → `(nf_tables)`), which
 * only shows tables created through iptables; it warns on stderr when legacy tables also exist.
 */
import { analyzeInbound, type ChainModel, type InboundAnalysis } from './inbound.js';

/** Splits a rule line, keeping double-quoted comments together. */
export function tokenize(line: string): string[] {
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? '');
}

const DROPS = new Set(['DROP', 'REJECT']);
const BUILTIN = new Set(['INPUT', 'FORWARD', 'OUTPUT']);

function ensure(chains: Map<string, ChainModel>, name: string): ChainModel {
  let chain = chains.get(name);
  if (!chain) {
    chain = { label: name, policyDrop: false, endsWithDrop: false, dropsSomething: false, jumps: [] };
    chains.set(name, chain);
  }
  return chain;
}

/** Matches before the target; a comment match does not restrict anything. */
function isUnconditional(beforeTarget: readonly string[]): boolean {
  const rest = [...beforeTarget];
  while (rest[0] === '-m' && rest[1] === 'comment' && rest[2] === '--comment') rest.splice(0, 4);
  return rest.length === 0;
}

export function analyzeIptablesRules(text: string, label: string): InboundAnalysis & { rules: number } {
  const chains = new Map<string, ChainModel>();
  let rules = 0;
  for (const line of text.split('\n')) {
    const tokens = tokenize(line.trim());
    const [flag, name] = tokens;
    if (!name) continue;
    if (flag === '-P') ensure(chains, name).policyDrop = tokens[2] === 'DROP';
    else if (flag === '-N') ensure(chains, name);
    else if (flag === '-A') {
      rules++;
      const chain = ensure(chains, name);
      const at = tokens.findIndex((token, i) => i >= 2 && (token === '-j' || token === '-g'));
      const target = at >= 0 ? tokens[at + 1] : undefined;
      chain.dropsSomething ||= target !== undefined && DROPS.has(target);
      if (target !== undefined && !DROPS.has(target) && !BUILTIN.has(target) && target !== 'ACCEPT')
        chain.jumps.push(target);
      chain.endsWithDrop = target !== undefined && DROPS.has(target) && isUnconditional(tokens.slice(2, at));
    }
  }
  for (const chain of chains.values()) chain.label = `${label} ${chain.label}`;
  const analysis = analyzeInbound(chains.has('INPUT') ? ['INPUT'] : [], chains, 'no INPUT chain');
  return { ...analysis, rules };
}

/** `iptables v1.8.9 (nf_tables)` → nf_tables; `(legacy)` or old versions without a suffix → legacy. */
export function parseIptablesVersion(text: string): { version: string; mode: 'nf_tables' | 'legacy' } | null {
  const match = /ip6?tables v([\d.]+)(?: \((nf_tables|legacy)\))?/.exec(text);
  if (!match?.[1]) return null;
  return { version: match[1], mode: match[2] === 'nf_tables' ? 'nf_tables' : 'legacy' };
}

export const LEGACY_TABLES_WARNING = /ip6?tables-legacy tables present/;
