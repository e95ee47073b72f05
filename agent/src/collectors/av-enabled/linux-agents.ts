/**
 * Antivirus and EDR agents Vigil recognises on Linux, by their install path and systemd unit.
 * Linux has no registry of security products (unlike Windows Security Center), so an agent that
 * is not listed here is invisible, and a machine with none of them is `unsupported`.
 */
export interface KnownAgent {
  name: string;
  /** Any of these existing means the agent is installed. */
  paths: readonly string[];
  /** The service that does the protecting; active means running. */
  units: readonly string[];
  /** On-access scanning unit, when real-time protection is a separate service (ClamAV). */
  realTimeUnits?: readonly string[];
  /** EDR sensors protect in real time whenever they run. */
  realTimeWhenRunning?: true;
  /** Signature database whose age tells whether it is up to date. */
  signatures?: readonly string[];
}

export const KNOWN_AGENTS: readonly KnownAgent[] = [
  {
    name: 'ClamAV',
    paths: ['/usr/sbin/clamd'],
    units: ['clamav-daemon.service', 'clamd@scan.service'],
    realTimeUnits: ['clamav-clamonacc.service', 'clamonacc.service'],
    signatures: ['/var/lib/clamav/daily.cld', '/var/lib/clamav/daily.cvd'],
  },
  {
    name: 'Microsoft Defender for Endpoint',
    paths: ['/opt/microsoft/mdatp/sbin/wdavdaemon'],
    units: ['mdatp.service'],
    realTimeWhenRunning: true,
  },
  {
    name: 'CrowdStrike Falcon',
    paths: ['/opt/CrowdStrike/falcond'],
    units: ['falcon-sensor.service'],
    realTimeWhenRunning: true,
  },
  {
    name: 'SentinelOne',
    paths: ['/opt/sentinelone/bin/sentinelctl'],
    units: ['sentinelone.service'],
    realTimeWhenRunning: true,
  },
  {
    name: 'Sophos Protection for Linux',
    paths: ['/opt/sophos-spl/bin/wdctl'],
    units: ['sophos-spl.service'],
    realTimeWhenRunning: true,
  },
  {
    name: 'ESET Server Security',
    paths: ['/opt/eset/efs/sbin/startd'],
    units: ['efs.service'],
    realTimeWhenRunning: true,
  },
];

/** All paths the collector may stat: the replay scenarios and record-fixtures use this list. */
export const KNOWN_AGENT_PATHS = KNOWN_AGENTS.flatMap((agent) => agent.paths);

/**
 * `systemctl is-active A B` prints one state per unit, in order (`active`, `inactive`, `failed`,
 * `activating`…). null when systemd cannot be asked (containers without systemd).
 */
export function parseIsActive(stdout: string, units: readonly string[]): Map<string, boolean> | null {
  const states = stdout
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
  if (states.length !== units.length) return null;
  return new Map(units.map((unit, i) => [unit, states[i] === 'active']));
}
