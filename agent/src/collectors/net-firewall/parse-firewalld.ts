/**
 * firewalld. `firewall-cmd --state` prints `running` (exit 0), or `not running` on stderr with
 * exit 252 (NOT_RUNNING). `firewall-cmd --permanent --get-target` prints the default zone's target:
 * `default` (reject what no rule allows, ICMP aside), `%%REJECT%%`, `DROP` or `ACCEPT`.
 */
export type FirewalldState = 'running' | 'not running';

export function parseFirewalldState(stdout: string, stderr: string, exitCode: number): FirewalldState | null {
  const said = `${stdout}\n${stderr}`;
  if (exitCode === 0 && /^running\s*$/m.test(stdout)) return 'running';
  if (exitCode === 252 || /^not running\s*$/m.test(said)) return 'not running';
  return null;
}

export function inboundOfZoneTarget(target: string): 'deny' | 'allow' | 'unknown' {
  const value = target.trim();
  if (value === 'default' || value === '%%REJECT%%' || value === 'REJECT' || value === 'DROP') return 'deny';
  return value === 'ACCEPT' ? 'allow' : 'unknown';
}
