/**
 * ufw. `ufw status verbose` (root only):
 *   Status: active
 *   Logging: on (low)
 *   Default: deny (incoming), allow (outgoing), disabled (routed)
 * or just `Status: inactive`. Without a runnable ufw, its configuration tells what is meant to
 * be loaded: /etc/ufw/ufw.conf `ENABLED=yes` and /etc/default/ufw `DEFAULT_INPUT_POLICY="DROP"`.
 */
export type UfwIncoming = 'deny' | 'reject' | 'allow' | 'limit' | null;

export interface UfwStatus {
  active: boolean;
  incoming: UfwIncoming;
}

export function parseUfwStatus(text: string): UfwStatus | null {
  const status = /^Status: (active|inactive)\s*$/m.exec(text);
  if (!status) return null;
  const incoming = /^Default: (\w+) \(incoming\)/m.exec(text)?.[1];
  const known = incoming === 'deny' || incoming === 'reject' || incoming === 'allow' || incoming === 'limit';
  return { active: status[1] === 'active', incoming: known ? incoming : null };
}

/** Shell-style `KEY=value` / `KEY="value"` assignments, as in ufw.conf and /etc/default/ufw. */
export function parseShellAssignments(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z_][A-Z0-9_]*)=(?:"([^"]*)"|'([^']*)'|(\S*))/.exec(line);
    if (match?.[1]) values[match[1]] = match[2] ?? match[3] ?? match[4] ?? '';
  }
  return values;
}

export function ufwConfEnabled(text: string): boolean | null {
  const enabled = parseShellAssignments(text).ENABLED?.toLowerCase();
  return enabled === 'yes' ? true : enabled === 'no' ? false : null;
}

export function ufwDefaultIncoming(text: string): UfwIncoming {
  const policy = parseShellAssignments(text).DEFAULT_INPUT_POLICY?.toUpperCase();
  return policy === 'DROP' ? 'deny' : policy === 'REJECT' ? 'reject' : policy === 'ACCEPT' ? 'allow' : null;
}

export function inboundOfUfw(incoming: UfwIncoming): 'deny' | 'allow' | 'unknown' {
  // `limit` is a per-rule action, never a default; treat anything unexpected as unknown.
  return incoming === 'deny' || incoming === 'reject' ? 'deny' : incoming === 'allow' ? 'allow' : 'unknown';
}
