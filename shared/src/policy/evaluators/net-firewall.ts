import type { NetFirewallValue } from '../../posture.js';
import type { Policy } from '../schema.js';
import type { RawOutcome } from './types.js';

type NetFirewallPolicy = NonNullable<Policy['checks']['net.firewall']>;

export function evaluateNetFirewall(value: NetFirewallValue, rule: NetFirewallPolicy): RawOutcome {
  // Windows reports one backend per profile (Domain, Private, Public): name each firewall once.
  const active = [...new Set(value.backends.filter((b) => b.active).map((b) => b.name))];
  if (!value.enabled && active.length > 0) {
    // Some parts filter and some do not (a Windows profile switched off): name the gaps.
    const gaps = value.backends.filter((b) => !b.active).map((b) => b.detail);
    return { result: 'fail', reason: `the firewall is not on everywhere: ${gaps.join('; ')}` };
  }
  if (!value.enabled) {
    const seen = [...new Set(value.backends.map((b) => b.name))].join(', ') || 'none found';
    return { result: 'fail', reason: `no firewall is filtering incoming traffic (looked at: ${seen})` };
  }
  if (rule.requireDefaultDeny && value.defaultInbound === 'allow') {
    return {
      result: 'fail',
      reason: `firewall active (${active.join(', ')}) but incoming traffic is allowed by default`,
    };
  }
  if (rule.requireDefaultDeny && value.defaultInbound === 'unknown') {
    return {
      result: 'unknown',
      reason: `firewall active (${active.join(', ')}) but its default for incoming traffic is unclear`,
    };
  }
  return {
    result: 'pass',
    reason: `firewall active (${active.join(', ')}), incoming traffic ${value.defaultInbound === 'deny' ? 'denied' : 'allowed'} by default`,
  };
}
