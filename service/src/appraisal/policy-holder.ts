/**
 * The policy in force: the last one stored by an admin, else Vigil's default. Its hash is
 * computed once per change and goes into every result.
 */
import { DEFAULT_POLICY, DEFAULT_POLICY_YAML, parsePolicy, policyHash, type Policy } from '@vigil/shared';
import type { Store } from '../store/types.js';

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
    if (stored) {
      const policy = parsePolicy(stored.text, 'stored policy');
      return new PolicyHolder({
        policy,
        hash: await policyHash(policy),
        text: stored.text,
        source: 'stored',
        updatedAt: stored.updatedAt,
      });
    }
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

  /** Validates (throws PolicyError with every problem), stores, then swaps in memory. */
  async replace(text: string, store: Store, now: Date): Promise<CurrentPolicy> {
    const policy = parsePolicy(text, 'policy');
    const hash = await policyHash(policy);
    await store.putPolicy({ text, hash, now });
    this.current = { policy, hash, text, source: 'stored', updatedAt: now };
    return this.current;
  }
}
