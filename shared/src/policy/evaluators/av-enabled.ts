import type { AvEnabledValue, AvProduct } from '../../posture.js';
import type { Policy } from '../schema.js';
import type { RawOutcome } from './types.js';

type AvEnabledPolicy = NonNullable<Policy['checks']['av.enabled']>;

const names = (products: readonly AvProduct[]) => products.map((p) => p.name).join(', ');

export function evaluateAvEnabled(value: AvEnabledValue, rule: AvEnabledPolicy): RawOutcome {
  const running = value.products.filter((p) => p.enabled === true);
  if (!value.enabled || running.length === 0) {
    const off = value.products.filter((p) => p.enabled !== true).map((p) => `${p.name}: ${p.detail}`);
    return { result: 'fail', reason: `no active malware protection${off.length ? ` (${off.join('; ')})` : ''}` };
  }
  // A product that says nothing about real-time scanning (Gatekeeper, SIP) is not held against it.
  if (rule.requireRealTimeProtection && running.every((p) => p.realTime === false)) {
    return { result: 'fail', reason: `real-time protection is off: ${names(running)}` };
  }
  const outdated = running.filter((p) => p.upToDate === false);
  if (rule.warnOnOutdatedSignatures && outdated.length > 0) {
    return {
      result: 'warn',
      reason: `signatures out of date: ${outdated.map((p) => `${p.name} (${p.detail})`).join('; ')}`,
    };
  }
  return { result: 'pass', reason: `active: ${names(running)}` };
}
