/**
 * `vigil push`: one full cycle now, in this process (collect → deliver backlog → challenge →
 * sign → cache → push → result). Safe beside a running daemon: the chain commit is a
 * compare-and-swap and a push lease keeps the two from sending the outbox at once.
 */
import { collectionAllowed, consentRefusal, consentStatus } from '../../consent/state.js';
import { readConsentRecord } from '../../consent/store.js';
import { ensurePrivateDir } from '../../identity/files.js';
import { composeRuntime } from '../../main.js';
import { COMMON_FLAGS, configFlags, parseFlags, parseOnly, positiveInt } from '../args.js';
import { commandLogger, loadConfig, type CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';

export async function runPush(args: readonly string[], ctx: CliContext): Promise<ExitCode> {
  const values = parseFlags(args, {
    ...COMMON_FLAGS,
    only: { type: 'string', multiple: true },
    timeout: { type: 'string' },
  });
  const only = parseOnly(values.only);
  const config = await loadConfig(ctx, {
    ...configFlags(values),
    ...(only ? { checks: only } : {}),
    ...(values.timeout ? { checkTimeoutMs: positiveInt(values.timeout, '--timeout') } : {}),
  });
  const log = commandLogger(config);
  // Personal mode without consent: no collection, no network, nothing written.
  const consent = consentStatus(config.ownership, (await readConsentRecord(config.stateDir)).record);
  if (!collectionAllowed(consent)) {
    const refusal = consentRefusal(consent);
    if (values.json) ctx.output.out(JSON.stringify({ ok: false, error: refusal.toJSON() }, null, 2));
    else ctx.output.err(`vigil: ${refusal.code}: ${refusal.message}`);
    return EXIT.CONSENT;
  }
  await ensurePrivateDir(config.stateDir);
  const runtime = composeRuntime(config, log);
  try {
    const outcome = await runtime.job.run('push');
    if (!outcome) {
      const problem = runtime.job.identityProblem() ?? runtime.caches.problem();
      if (values.json) ctx.output.out(JSON.stringify({ ok: false, error: problem }, null, 2));
      else ctx.output.err(`vigil: ${problem?.code ?? 'error'}: ${problem?.message ?? 'cycle did not run'}`);
      return runtime.job.identity() ? EXIT.CACHE : EXIT.NOT_ENROLLED;
    }
    if (values.json) ctx.output.out(JSON.stringify({ ok: !outcome.error, ...outcome }, null, 2));
    else {
      const r = outcome.report;
      ctx.output.out(
        `Report #${r.seq} ${r.challenged ? 'signed with a fresh service nonce' : 'signed offline (no nonce)'}${r.gap ? `; gap ${r.gap.from}-${r.gap.to} declared` : ''}.`,
      );
      ctx.output.out(`Delivered ${outcome.delivered} report(s); ${outcome.pending} waiting in the outbox.`);
      if (outcome.status)
        ctx.output.out(`Verdict from the service: ${outcome.status}. See "vigil status" for details.`);
      if (outcome.error)
        ctx.output.err(`vigil: push failed ${outcome.error.code}: ${outcome.error.message} (reports stay queued)`);
    }
    return outcome.error ? EXIT.SERVICE : EXIT.OK;
  } finally {
    runtime.caches.close();
  }
}
