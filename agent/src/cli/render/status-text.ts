/** Human-readable `vigil status`: the overall state first, then what to do about each check. */
import type { AgentStatus } from '@vigil/shared';

const LABEL: Record<AgentStatus['status'], string> = {
  compliant: 'Compliant',
  warning: 'Warning',
  noncompliant: 'Not compliant',
  unknown: 'Unknown',
};

const RESULT_MARK: Record<string, string> = { pass: 'ok  ', warn: 'warn', fail: 'FAIL', unknown: '??  ' };

export function renderStatus(
  status: AgentStatus,
  options: { color: boolean; managedKeys?: readonly string[] },
): string {
  const lines: string[] = [];
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const colour = status.status === 'compliant' ? 32 : status.status === 'warning' ? 33 : 31;
  lines.push(
    `Status: ${paint(colour, LABEL[status.status])}${status.source === 'local' ? ' (not yet verified by the service)' : ''}`,
  );
  if (status.result) {
    lines.push(
      `Verified ${status.result.verifiedAt}, valid until ${status.result.validUntil}${status.result.expired ? ' (EXPIRED)' : ''}`,
    );
  } else {
    lines.push('No attestation result from the service yet.');
  }
  lines.push(
    `Device: ${status.device.enrolled ? (status.device.id ?? '') : 'not enrolled'} · ${status.device.platform} · ${status.device.ownership}`,
  );
  if (status.consent.required)
    lines.push(
      `Consent: ${status.consent.state} (statement version ${status.consent.statementVersion}${status.consent.decidedAt ? `, decided ${status.consent.decidedAt}` : ''})`,
    );
  lines.push(
    `Service: ${status.service.url ?? 'not configured'}${status.service.reachable === false ? ' (unreachable)' : ''}`,
  );
  if (status.service.lastError)
    lines.push(`  last error: ${status.service.lastError.code}: ${status.service.lastError.message}`);
  lines.push(`Last collected: ${status.lastCollectedAt ?? 'never'} · last pushed: ${status.lastPushedAt ?? 'never'}`);
  if (status.nextCollectionAt) lines.push(`Next collection: ${status.nextCollectionAt}`);
  if (status.certificate)
    lines.push(`Certificate expires ${status.certificate.expiresAt} (renewal from ${status.certificate.renewAt})`);
  if (status.checks.length > 0) lines.push('', 'Checks:');
  for (const check of status.checks) {
    lines.push(`  [${RESULT_MARK[check.result] ?? check.result}] ${check.title} (${check.check}): ${check.reason}`);
    if (check.result !== 'pass' && check.remediation) lines.push(`         fix: ${check.remediation.split('\n')[0]}`);
  }
  if (status.problems.length > 0) lines.push('', 'Problems:');
  for (const problem of status.problems) lines.push(`  ${problem.code}: ${problem.message}`);
  if (options.managedKeys && options.managedKeys.length > 0)
    lines.push('', `Managed by your organisation: ${options.managedKeys.join(', ')}`);
  return lines.join('\n');
}
