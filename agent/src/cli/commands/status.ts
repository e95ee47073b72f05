/**
 * `vigil status [--json]`: asks the running agent over its status socket; when no agent answers,
 * builds the same status from the cache (marked with VIGIL_AGENT_NOT_RUNNING) so the last
 * result is still visible. Exit code follows the status: 0 compliant/warning, 1 otherwise.
 */
import type { AgentStatus } from '@vigil/shared';
import type { AgentConfig } from '../../config/index.js';
import { consentStatus } from '../../consent/state.js';
import { readConsentRecord } from '../../consent/store.js';
import { composeRuntime } from '../../main.js';
import { fetchStatus } from '../../status-api/index.js';
import { buildStatus } from '../../status/build-status.js';
import { COMMON_FLAGS, configFlags, parseFlags } from '../args.js';
import { commandLogger, loadConfig, type CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { renderStatus } from '../render/status-text.js';

export async function runStatus(args: readonly string[], ctx: CliContext): Promise<ExitCode> {
  const values = parseFlags(args, { ...COMMON_FLAGS });
  const config = await loadConfig(ctx, configFlags(values));
  let status: AgentStatus;
  try {
    status = await fetchStatus(config.socketPath, { timeoutMs: 3000 });
  } catch {
    status = await statusFromCache(config);
  }
  if (values.json) ctx.output.out(JSON.stringify(status, null, 2));
  else ctx.output.out(renderStatus(status, { color: ctx.output.color, managedKeys: config.managedKeys }));
  return status.status === 'compliant' || status.status === 'warning' ? EXIT.OK : EXIT.NOT_COMPLIANT;
}

async function statusFromCache(config: AgentConfig): Promise<AgentStatus> {
  const runtime = composeRuntime(config, commandLogger(config));
  const identity = await runtime.job.reloadIdentity();
  const cache = runtime.caches.tryGet();
  try {
    const problems = [
      {
        code: 'VIGIL_AGENT_NOT_RUNNING',
        message: `no agent answers on ${config.socketPath}; showing the cached state`,
      },
    ];
    const cacheProblem = runtime.caches.problem();
    if (cacheProblem) problems.push(cacheProblem);
    const identityProblem = runtime.job.identityProblem();
    if (identityProblem && identityProblem.code !== 'VIGIL_IDENTITY_NOT_ENROLLED') problems.push(identityProblem);
    return await buildStatus({
      config,
      startedAt: runtime.now().toISOString(),
      now: runtime.now(),
      identity,
      cache,
      nextCollectionAt: null,
      problems,
      consent: consentStatus(config.ownership, (await readConsentRecord(config.stateDir)).record),
    });
  } finally {
    runtime.caches.close();
  }
}
