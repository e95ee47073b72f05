/**
 * Windows Defender Firewall profiles. `Enabled` is a GpoBoolean (0 False, 1 True, 2
 * NotConfigured) and `DefaultInboundAction` an Action (0 NotConfigured, 2 Allow, 4 Block), as
 * numbers or names. NotConfigured is not a state: it means the value could not be resolved, and is
 * never read as on, off, allow or block.
 */
import type { FirewallBackend, NetFirewallValue } from '@vigil/shared';
import { asList, asObject, enumValue, str } from '../windows/json.js';

const GPO_BOOLEAN = { 0: 'False', 1: 'True', 2: 'NotConfigured' } as const;
const ACTION = { 0: 'NotConfigured', 2: 'Allow', 4: 'Block' } as const;
const PROFILES = ['Domain', 'Private', 'Public'] as const;

export type Win32FirewallReading = { ok: true; value: NetFirewallValue } | { ok: false; problem: string };

export function parseWin32Firewall(json: unknown): Win32FirewallReading {
  const root = asObject(json);
  if (!root) return { ok: false, problem: 'no firewall data in the output' };
  const serviceState = str(asObject(root.service)?.state);
  const running = serviceState === 'Running';
  const byName = new Map(
    asList(root.profiles).flatMap((p) => {
      const profile = asObject(p);
      const name = str(profile?.name);
      return profile && name ? [[name, profile] as const] : [];
    }),
  );
  const backends: FirewallBackend[] = [];
  for (const name of PROFILES) {
    const profile = byName.get(name);
    if (!profile) return { ok: false, problem: `the ${name} profile is missing from the output` };
    const enabled = enumValue(
      profile.enabled === true ? 1 : profile.enabled === false ? 0 : profile.enabled,
      GPO_BOOLEAN,
    );
    if (enabled === null || enabled === 'NotConfigured') {
      return {
        ok: false,
        problem: `the ${name} profile's Enabled reads ${String(profile.enabled)} in the active store`,
      };
    }
    const action = enumValue(profile.defaultInboundAction, ACTION);
    const active = enabled === 'True' && running;
    const inbound = action === 'Block' ? 'deny' : action === 'Allow' ? 'allow' : 'unknown';
    const why =
      enabled === 'True' && !running
        ? `on, but the firewall service is ${serviceState ?? 'not running'}`
        : enabled === 'True'
          ? 'on'
          : 'off';
    backends.push({
      name: 'windows-firewall',
      active,
      defaultInbound: active ? inbound : 'allow',
      detail: `${name} profile: ${why}, inbound default ${action ?? 'unknown'}`,
    });
  }
  const enabled = backends.every((b) => b.active);
  const defaults = backends.map((b) => b.defaultInbound);
  const defaultInbound = defaults.includes('allow')
    ? 'allow'
    : defaults.every((d) => d === 'deny')
      ? 'deny'
      : 'unknown';
  return { ok: true, value: { enabled, defaultInbound, backends } };
}
