/**
 * What a ruleset backend (nftables, iptables) does to inbound traffic, independent of its syntax.
 * A chain hooked on input drops by default when its policy is drop, or when its last rule drops or
 * rejects unconditionally (firewalld and many hand-written rulesets keep `policy accept` and end
 * with `reject`). It filters at all when it can drop something, directly or via jumped-to chains.
 */
export interface InboundAnalysis {
  /** Some inbound traffic can be dropped or rejected. */
  active: boolean;
  defaultInbound: 'deny' | 'allow';
  detail: string;
}

export interface ChainModel {
  /** Display name, e.g. `inet filter/input`. */
  label: string;
  policyDrop: boolean;
  /** The rule list ends with an unconditional drop or reject. */
  endsWithDrop: boolean;
  /** Some rule drops or rejects, conditionally or not. */
  dropsSomething: boolean;
  /** Chains this one jumps or goes to (keys into the chain map). */
  jumps: string[];
}

/** Walks jumps with an explicit stack: a recursive walk overflowed on a 40 000-chain jump chain. */
function canDrop(start: string, chains: ReadonlyMap<string, ChainModel>): boolean {
  const seen = new Set<string>();
  const pending = [start];
  for (let key = pending.pop(); key !== undefined; key = pending.pop()) {
    const chain = chains.get(key);
    if (!chain || seen.has(key)) continue;
    if (chain.dropsSomething) return true;
    seen.add(key);
    for (const target of chain.jumps) pending.push(target);
  }
  return false;
}

/** Combines the input chains of one backend. With several chains a drop in any of them is final. */
export function analyzeInbound(
  inputKeys: readonly string[],
  chains: ReadonlyMap<string, ChainModel>,
  empty: string,
): InboundAnalysis {
  const inputs = inputKeys.flatMap((key) => {
    const chain = chains.get(key);
    return chain ? [{ key, chain }] : [];
  });
  if (inputs.length === 0) return { active: false, defaultInbound: 'allow', detail: empty };
  const parts: string[] = [];
  let active = false;
  let deny = false;
  for (const { key, chain } of inputs) {
    const filters = chain.policyDrop || canDrop(key, chains);
    const denies = chain.policyDrop || chain.endsWithDrop;
    active ||= filters;
    deny ||= denies;
    const how = chain.policyDrop
      ? 'policy drop'
      : denies
        ? 'policy accept, ends with drop/reject'
        : filters
          ? 'policy accept, drops some traffic'
          : 'accepts everything';
    parts.push(`${chain.label}: ${how}`);
  }
  return { active, defaultInbound: deny ? 'deny' : 'allow', detail: parts.join('; ') };
}
