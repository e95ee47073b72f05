/** The human view of `vigil check`: per check its result, why, the evidence and how to fix it. */
import {
  CHECK_TITLES,
  type CheckResult,
  type CheckVerdict,
  type Evidence,
  type OverallStatus,
  type PostureReport,
  type Verdict,
} from '@vigil/shared/core';
import { makeStyle, type Style } from './style.js';

const RESULT_LABEL: Record<CheckResult, { text: string; color: 'green' | 'yellow' | 'red' | 'grey' }> = {
  pass: { text: 'PASS', color: 'green' },
  warn: { text: 'WARN', color: 'yellow' },
  fail: { text: 'FAIL', color: 'red' },
  unknown: { text: 'UNKNOWN', color: 'red' },
};

const STATUS_LINE: Record<OverallStatus, string> = {
  compliant: 'COMPLIANT: this device meets the policy',
  warning: 'WARNING: this device meets the policy for now, but something needs attention',
  noncompliant: 'NONCOMPLIANT: this device does not meet the policy',
  unknown: 'UNKNOWN: some checks could not be verified, so this device cannot be called compliant',
};

export function renderCheck(report: PostureReport, verdict: Verdict, options: { color: boolean }): string {
  const style = makeStyle(options.color);
  const lines: string[] = [];
  const os = report.observations['os.version'];
  const osLabel = os?.state === 'ok' ? `${os.value.name} ${os.value.version}` : report.device.platform;
  lines.push(
    style(`Vigil device check`, 'bold') + ` · ${osLabel} · policy ${verdict.policyId} · ${report.collectedAt}`,
  );
  lines.push('');
  for (const check of verdict.checks) lines.push(...renderOne(report, check, style));
  const statusColor = verdict.status === 'compliant' ? 'green' : verdict.status === 'warning' ? 'yellow' : 'red';
  lines.push(style(STATUS_LINE[verdict.status], statusColor));
  const failing = verdict.checks.filter((c) => c.result !== 'pass').length;
  if (failing > 0)
    lines.push(`${failing} check(s) need attention. Follow the "Fix" steps above, then run "vigil check" again.`);
  if (verdict.deadline) lines.push(`Deadline: fix before ${verdict.deadline} to keep access.`);
  lines.push(
    style(
      'Exit code 0 = compliant or warning, 1 = noncompliant or unknown. Use --json for machine-readable output.',
      'grey',
    ),
  );
  return lines.join('\n');
}

function renderOne(report: PostureReport, check: CheckVerdict, style: Style): string[] {
  const label = RESULT_LABEL[check.result];
  const lines = [
    `${style(label.text.padEnd(8), label.color)} ${style(CHECK_TITLES[check.check], 'bold')} (${check.check})`,
  ];
  lines.push(`         ${check.reason}`);
  const observation = report.observations[check.check];
  const evidence = observation && 'evidence' in observation ? observation.evidence : undefined;
  if (evidence && evidence.length > 0) lines.push(style(`         evidence: ${describeEvidence(evidence)}`, 'grey'));
  if (check.remediation) lines.push(...wrap(`Fix: ${check.remediation}`, 90).map((l) => `         ${l}`));
  if (check.remediationUrl) lines.push(`         More help: ${check.remediationUrl}`);
  lines.push('');
  return lines;
}

function describeEvidence(evidence: readonly Evidence[]): string {
  const shown = evidence.slice(0, 4).map((e) => {
    const time = e.at.slice(11, 19);
    const exit = e.exitCode !== undefined && e.exitCode !== 0 ? `, exit ${e.exitCode}` : '';
    return `${e.source} (${time}, ${Math.round(e.durationMs)} ms${exit})`;
  });
  const more = evidence.length > 4 ? `; +${evidence.length - 4} more (see --json)` : '';
  return shown.join('; ') + more;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
