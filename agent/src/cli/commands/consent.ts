/**
 * `vigil consent [--accept | --withdraw] [--json]`: shows the privacy statement of a personal
 * device (with the checks and cadence that apply right now) and records the owner's decision.
 * The decision goes to the running agent when one answers (it starts or stops collection at
 * once); otherwise it is written to the state dir, where the agent picks it up.
 */
import { CONSENT_STATEMENT, renderConsentStatement, type ConsentRequest, type ConsentStatus } from '@vigil/shared/core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_FILE } from '../../cache/index.js';
import type { AgentConfig } from '../../config/index.js';
import { describeDecision, recordConsentDecision } from '../../consent/decide.js';
import { ConsentError } from '../../consent/errors.js';
import { consentStatus } from '../../consent/state.js';
import { readConsentRecord } from '../../consent/store.js';
import { readPolicyScope, type PolicyScope } from '../../cycle/policy-scope.js';
import { readServiceState } from '../../cycle/service-state.js';
import { composeRuntime } from '../../main.js';
import { recordActivity } from '../../privacy/activity.js';
import { postConsent, StatusApiError } from '../../status-api/index.js';
import { COMMON_FLAGS, configFlags, parseFlags } from '../args.js';
import { commandLogger, loadConfig, type CliContext } from '../context.js';
import { EXIT, UsageError, type ExitCode } from '../exit-codes.js';

export async function runConsent(args: readonly string[], ctx: CliContext): Promise<ExitCode> {
  const values = parseFlags(args, {
    ...COMMON_FLAGS,
    accept: { type: 'boolean', default: false },
    withdraw: { type: 'boolean', default: false },
  });
  if (values.accept && values.withdraw) throw new UsageError('choose one: --accept or --withdraw');
  const config = await loadConfig(ctx, configFlags(values));
  if (!values.accept && !values.withdraw) return show(config, ctx, values.json === true);
  if (config.ownership === 'managed')
    throw new UsageError(
      'this is a managed device: there is no consent to give or withdraw (VIGIL_CONSENT_NOT_REQUIRED)',
    );
  const request: ConsentRequest = {
    decision: values.accept ? 'accept' : 'withdraw',
    statementVersion: CONSENT_STATEMENT.version,
  };
  const status = await decide(config, request, ctx);
  if (values.json) ctx.output.out(JSON.stringify(status, null, 2));
  else {
    ctx.output.out(`Consent ${describeDecision(status)}.`);
    ctx.output.out(
      status.state === 'accepted'
        ? 'Vigil may now collect and send the checks of your organisation\'s policy. See what it sends with "vigil privacy".'
        : 'Nothing more is collected or sent. To remove Vigil from this device, run "vigil unenroll".',
    );
  }
  return EXIT.OK;
}

async function decide(config: AgentConfig, request: ConsentRequest, ctx: CliContext): Promise<ConsentStatus> {
  try {
    // The running agent records it and starts or stops at once; it logs the activity itself.
    return await postConsent(config.socketPath, request, { timeoutMs: 3000 });
  } catch (error) {
    if (!(error instanceof StatusApiError)) throw error;
    if (error.code === 'VIGIL_STATUS_REQUEST_FAILED')
      throw new UsageError(`the agent refused the decision: ${error.message} (${error.remoteCode ?? error.code})`);
    // No agent answers: record it here; an agent started later (or watching) reads it.
  }
  const runtime = composeRuntime(config, commandLogger(config));
  try {
    const status = await recordConsentDecision({
      stateDir: config.stateDir,
      ownership: config.ownership,
      request,
      by: 'vigil consent',
      now: runtime.now(),
    });
    recordActivity(
      runtime.caches.tryGet(),
      { kind: 'consent', requester: 'vigil consent', outcome: describeDecision(status) },
      runtime.log,
    );
    return status;
  } catch (error) {
    if (error instanceof ConsentError && error.code !== 'VIGIL_CONSENT_STORE_FAILED')
      throw new UsageError(`${error.message} (${error.code})`);
    if (error instanceof ConsentError) ctx.output.err(`vigil: ${error.code}: ${error.message}`);
    throw error;
  } finally {
    runtime.caches.close();
  }
}

async function show(config: AgentConfig, ctx: CliContext, json: boolean): Promise<ExitCode> {
  const reading = await readConsentRecord(config.stateDir);
  const consent = consentStatus(config.ownership, reading.record);
  const runtime = composeRuntime(config, commandLogger(config));
  const { scope, intervalSeconds } = currentDetails(config, runtime);
  const text = renderConsentStatement({
    ...(scope ? { checks: scope.checks } : {}),
    intervalMinutes: intervalSeconds / 60,
  });
  if (json) {
    ctx.output.out(
      JSON.stringify(
        { statement: { version: CONSENT_STATEMENT.version, text: CONSENT_STATEMENT.text }, rendered: text, consent },
        null,
        2,
      ),
    );
    return EXIT.OK;
  }
  ctx.output.out(text);
  ctx.output.out('');
  if (!consent.required) ctx.output.out('This is a managed device: consent is not asked for.');
  else {
    ctx.output.out(
      `Your decision: ${consent.state}${consent.decidedAt ? ` (${consent.decidedAt})` : ''}. ${
        consent.state === 'accepted'
          ? 'Withdraw with "vigil consent --withdraw".'
          : 'Accept with "vigil consent --accept"; until then nothing is collected or sent.'
      }`,
    );
  }
  if (reading.problem) ctx.output.err(`vigil: ${reading.problem.code}: ${reading.problem.message}`);
  return EXIT.OK;
}

/** The checks the service named and the cadence in force, from an existing cache only. */
function currentDetails(
  config: AgentConfig,
  runtime: ReturnType<typeof composeRuntime>,
): { scope: PolicyScope | null; intervalSeconds: number } {
  const fallback = config.intervalSeconds ?? config.intervalMinutes * 60;
  try {
    // Reading the statement must not create anything: only an existing cache is opened.
    const cache = existsSync(join(config.stateDir, CACHE_FILE)) ? runtime.caches.tryGet() : null;
    if (!cache) return { scope: null, intervalSeconds: fallback };
    const fromService = readServiceState(cache)?.nextReportSeconds;
    return { scope: readPolicyScope(cache), intervalSeconds: config.intervalSeconds ?? fromService ?? fallback };
  } finally {
    runtime.caches.close();
  }
}
