/**
 * The policy in force: the last one stored by an admin, else Vigil's default. Its hash is
 * computed once per change and goes into every result.
 */
import { DEFAULT_POLICY, DEFAULT_POLICY_YAML, parsePolicy, policyHash, type Policy } from '@vigil/shared';
import type { Store, StoredPolicy } from '../store/types.js';

export interface CurrentPolicy {
  policy: Policy;
  hash: string;
  text: string;
  source: 'default' | 'stored';
  updatedAt: Date | null;
}

export class PolicyHolder {
  private current: CurrentPolicy;

  private constructor(current: CurrentPolicy) {
    this.current = current;
  }

  static async load(store: Store): Promise<PolicyHolder> {
    const stored = await store.getPolicy();
    if (stored) return new PolicyHolder(await fromStored(stored));
    return new PolicyHolder({
      policy: DEFAULT_POLICY,
      hash: await policyHash(DEFAULT_POLICY),
      text: DEFAULT_POLICY_YAML,
      source: 'default',
      updatedAt: null,
    });
  }

  get(): CurrentPolicy {
    return this.current;
  }

  /** Takes up a policy stored meanwhile by another replica; true when it changed. */
  async refresh(store: Store): Promise<boolean> {
    const stored = await store.getPolicy();
    const same =
      !stored ||
      (this.current.source === 'stored' &&
        stored.text === this.current.text &&
        stored.updatedAt.getTime() === this.current.updatedAt?.getTime());
    if (same) return false;
    this.current = await fromStored(stored);
    return true;
  }

  /** Validates (throws PolicyError with every problem), stores, then swaps in memory. */
  async replace(text: string, store: Store, now: Date): Promise<CurrentPolicy> {
    const policy = parsePolicy(text, 'policy');
    const hash = await policyHash(policy);
    await store.putPolicy({ text, hash, now });
    this.current = { policy, hash, text, source: 'stored', updatedAt: now };
    return this.current;
  }
}

async function fromStored(stored: StoredPolicy): Promise<CurrentPolicy> {
  const policy = parsePolicy(stored.text, 'stored policy');
  return { policy, hash: await policyHash(policy), text: stored.text, source: 'stored', updatedAt: stored.updatedAt };
}
