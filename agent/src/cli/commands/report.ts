/** `vigil report --last [--json]`: the last signed report as stored, with its delivery state. */
import { decodeClaims } from '../../cycle/decode-claims.js';
import { composeRuntime } from '../../main.js';
import { COMMON_FLAGS, configFlags, parseFlags } from '../args.js';
import { commandLogger, loadConfig, type CliContext } from '../context.js';
import { EXIT, UsageError, type ExitCode } from '../exit-codes.js';

export async function runReport(args: readonly string[], ctx: CliContext): Promise<ExitCode> {
  const values = parseFlags(args, { ...COMMON_FLAGS, last: { type: 'boolean', default: false } });
  if (!values.last) throw new UsageError('say which report: --last');
  const config = await loadConfig(ctx, configFlags(values));
  const runtime = composeRuntime(config, commandLogger(config));
  try {
    let cache;
    try {
      cache = runtime.caches.get();
    } catch (error) {
      ctx.output.err(`vigil: cannot open the cache: ${(error as Error).message}`);
      return EXIT.CACHE;
    }
    const last = cache.reports.last();
    if (!last) {
      ctx.output.err('vigil: no report yet: run "vigil push" or start the agent with "vigil run"');
      return EXIT.NOT_COMPLIANT;
    }
    const claims = decodeClaims(last.jws);
    const answer = last.responseJson ? (JSON.parse(last.responseJson) as { verdict?: { status?: string } }) : null;
    const view = {
      seq: last.seq,
      jti: last.jti,
      deviceId: last.deviceId,
      state: last.state,
      challenged: last.challenged,
      createdAt: new Date(last.createdAt).toISOString(),
      deliveredAt: last.deliveredAt ? new Date(last.deliveredAt).toISOString() : null,
      attempts: last.attempts,
      ...(last.errorCode ? { error: { code: last.errorCode, message: last.errorMessage ?? '' } } : {}),
      ...(last.gap ? { gap: last.gap } : {}),
      verdict: answer?.verdict ?? null,
      claims,
    };
    if (values.json) ctx.output.out(JSON.stringify(view, null, 2));
    else {
      ctx.output.out(
        `Report #${view.seq} (${view.jti}) created ${view.createdAt}: ${view.state}${view.challenged ? ', challenged' : ', offline'}`,
      );
      if (view.deliveredAt)
        ctx.output.out(
          `Delivered ${view.deliveredAt}${answer?.verdict?.status ? `; verdict ${answer.verdict.status}` : ''}`,
        );
      if (view.error) ctx.output.out(`Last error: ${view.error.code}: ${view.error.message}`);
      for (const [check, observation] of Object.entries(claims.posture.observations)) {
        ctx.output.out(`  ${check}: ${observation?.state ?? 'absent'}`);
      }
      ctx.output.out('Use --json for the full signed claims.');
    }
    return EXIT.OK;
  } finally {
    runtime.caches.close();
  }
}
