/**
 * `apt-get -s upgrade` (run with LC_ALL=C). Its `Inst` lines are a stable interface, unlike
 * `apt list --upgradable` ("apt does not have a stable CLI interface"):
 *   Inst libc6 [2.36-9+deb12u4] (2.36-9+deb12u7 Debian:12.8/stable, Debian-Security:12/stable-security [amd64]) []
 * A package is a security update when one of its origins is a `-security` archive (Debian,
 * Ubuntu, and Ubuntu Pro's `jammy-apps-security` / `jammy-infra-security`).
 */
export interface AptUpgrade {
  name: string;
  from: string | null;
  to: string;
  origins: string[];
  security: boolean;
}

export interface AptSimulation {
  upgrades: AptUpgrade[];
  /** Upgradable but held back by `upgrade` (new dependencies needed): still pending. */
  keptBack: string[];
  /** Ubuntu phased updates: apt will not install them yet, so they are not pending. */
  deferred: string[];
  /**
   * From `N upgraded, N newly installed, …`; null when the summary is missing or disagrees with the
   * Inst lines (output cut short or not understood).
   */
  upgradedCount: number | null;
}

const SUMMARY = /^(\d+) upgraded, (\d+) newly installed, \d+ to remove and \d+ not upgraded\.$/;
const INST = /^Inst (\S+) (?:\[([^\]]*)\] )?\((\S+) (.*) \[[^\]]+\]\)/;

function listAfter(lines: readonly string[], heading: string): string[] {
  const start = lines.indexOf(heading);
  if (start < 0) return [];
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith(' ')) break;
    names.push(...line.trim().split(/\s+/).filter(Boolean));
  }
  return names;
}

export function parseAptSimulate(text: string): AptSimulation {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const upgrades: AptUpgrade[] = [];
  for (const line of lines) {
    const match = INST.exec(line);
    if (!match?.[1] || !match[3] || match[4] === undefined) continue;
    const origins = match[4]
      .split(', ')
      .map((origin) => origin.trim())
      .filter(Boolean);
    upgrades.push({
      name: match[1],
      from: match[2] ?? null,
      to: match[3],
      origins,
      security: origins.some((origin) => /-security\b/.test(origin)),
    });
  }
  const summary = lines.map((line) => SUMMARY.exec(line.trim())).find((match) => match !== null);
  // The summary comes before the Inst lines: output cut after it (found by fuzzing: it read as
  // "nothing pending") or an Inst line we cannot read shows as a count that does not add up.
  const complete = summary !== undefined && Number(summary[1]) + Number(summary[2]) === upgrades.length;
  return {
    upgrades,
    upgradedCount: complete ? Number(summary[1]) : null,
    keptBack: listAfter(lines, 'The following packages have been kept back:'),
    deferred: listAfter(lines, 'The following upgrades have been deferred due to phasing:'),
  };
}
