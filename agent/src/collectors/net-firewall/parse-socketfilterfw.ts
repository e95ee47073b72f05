/**
 * The macOS Application Firewall, three ways. `socketfilterfw --getglobalstate`: `Firewall is
 * enabled. (State = 1)`; State 2 blocks all incoming connections. On managed Macs it may answer
 * `Firewall settings cannot be modified from command line on managed Mac computers.` instead of a
 * state, which is not "off". `system_profiler -json SPFirewallDataType` (authoritative from macOS
 * 15, where com.apple.alf.plist is gone) uses keys, not sentences. A management profile's own
 * settings are the last resort.
 */
import { parsePlistText, textBool, textDict } from '../formats/plist-text.js';

/** 0 off, 1 on (apps must be allowed), 2 block all incoming. */
export type AlfState = 0 | 1 | 2;

export const MANAGED_REPLY = /cannot be modified from command line on managed Mac/i;

export function parseGlobalState(text: string): AlfState | null {
  const state = /\(State = ([012])\)/.exec(text);
  if (state?.[1]) return Number(state[1]) as AlfState;
  if (/^Firewall is enabled\./m.test(text)) return 1;
  if (/^Firewall is disabled\./m.test(text)) return 0;
  return null;
}

export function parseStealthMode(text: string): boolean | null {
  const match = /stealth mode is (on|off)\b/i.exec(text) ?? /^Stealth mode (enabled|disabled)\b/im.exec(text);
  if (!match?.[1]) return null;
  return /^(on|enabled)$/i.test(match[1]);
}

const SP_STATES: Readonly<Record<string, AlfState>> = {
  spfirewall_globalstate_allow_all: 0,
  spfirewall_globalstate_off: 0,
  spfirewall_globalstate_limit_connections: 1,
  spfirewall_globalstate_block_all: 2,
};

export function parseSpFirewall(json: string): { state: AlfState | null; stealth: boolean | null } | null {
  let item: Record<string, unknown> | undefined;
  try {
    const root = JSON.parse(json) as { SPFirewallDataType?: unknown };
    const items = Array.isArray(root.SPFirewallDataType) ? root.SPFirewallDataType : [];
    item = items[0] as Record<string, unknown> | undefined;
  } catch {
    return null;
  }
  if (!item) return null;
  const raw = item.spfirewall_globalstate;
  const stealth = item.spfirewall_stealthenabled;
  return {
    state: typeof raw === 'string' ? (SP_STATES[raw] ?? null) : null,
    // Values are localized words; only the English ones are trusted, anything else is unknown.
    stealth: stealth === 'Yes' ? true : stealth === 'No' ? false : null,
  };
}

/** `defaults read "/Library/Managed Preferences/com.apple.security.firewall"`. */
export function parseManagedFirewall(text: string): { state: AlfState | null; stealth: boolean | null } | null {
  const dict = textDict(parsePlistText(text));
  if (!dict) return null;
  const enabled = textBool(dict.EnableFirewall);
  const blockAll = textBool(dict.BlockAllIncoming);
  return {
    state: enabled === null ? null : !enabled ? 0 : blockAll ? 2 : 1,
    stealth: textBool(dict.EnableStealthMode),
  };
}
