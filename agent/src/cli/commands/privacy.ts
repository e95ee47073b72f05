/**
 * `vigil privacy [--json]`: the last report exactly as it was sent (the decoded payload of the
 * signed evidence) and the local log of every push, check request, consent decision,
 * enrollment and unenrollment. From the running agent when one answers, else from the cache.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PrivacyView } from '@vigil/shared/core';
import { CACHE_FILE } from '../../cache/index.js';
import type { AgentConfig } from '../../config/index.js';
import { composeRuntime } from '../../main.js';
import { buildPrivacyView } from '../../privacy/view.js';
import { fetchPrivacy } from '../../status-api/index.js';
import { COMMON_FLAGS, configFlags, parseFlags } from '../args.js';
import { commandLogger, loadConfig, type CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';

export async function runPrivacy(args: readonly string[], ctx: CliContext): Promise<ExitCode> {
  const values = parseFlags(args, { ...COMMON_FLAGS });
  const config = await loadConfig(ctx, configFlags(values));
  let view: PrivacyView;
  try {
    view = await fetchPrivacy(config.socketPath, { timeoutMs: 3000 });
  } catch {
    view = fromCache(config);
  }
  if (values.json) ctx.output.out(JSON.stringify(view, null, 2));
  else ctx.output.out(renderPrivacy(view, config.ownership));
  return EXIT.OK;
}

function fromCache(config: AgentConfig): PrivacyView {
  // Looking must not create anything: only an existing cache is opened.
  if (!existsSync(join(config.stateDir, CACHE_FILE))) return buildPrivacyView(null);
  const runtime = composeRuntime(config, commandLogger(config));
  try {
    return buildPrivacyView(runtime.caches.tryGet());
  } finally {
    runtime.caches.close();
  }
}

export function renderPrivacy(view: PrivacyView, ownership: 'managed' | 'personal'): string {
  const lines = [
    `Privacy (${ownership} device; statement version ${view.statement.version}: "vigil consent" shows it)`,
    '',
  ];
  if (!view.lastReport) lines.push('No report has been sent from this device.');
  else {
    const { claims } = view.lastReport;
    const checks = Object.keys(claims.posture.observations);
    lines.push(
      `Last report sent ${view.lastReport.sentAt}: report #${claims.seq} for device ${claims.ueid}`,
      `Checks in it: ${checks.length > 0 ? checks.join(', ') : 'none (it asked the service which checks apply)'}`,
      'Exactly as sent (the signed payload, decoded):',
      JSON.stringify(claims, null, 2),
    );
  }
  lines.push('', 'Activity on this device (newest first):');
  if (view.activity.length === 0) lines.push('  nothing yet');
  for (const entry of view.activity)
    lines.push(`  ${entry.at}  ${entry.kind.padEnd(9)}  ${entry.requester}: ${entry.outcome}`);
  return lines.join('\n');
}
