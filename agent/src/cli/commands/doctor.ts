/** `vigil doctor [--json]`: exit 0 when nothing failed, 1 otherwise (warnings do not fail). */
import { join } from 'node:path';
import { CACHE_FILE, openCache } from '../../cache/index.js';
import { consentStatus } from '../../consent/state.js';
import { readConsentRecord } from '../../consent/store.js';
import { diagnose } from '../../doctor/diagnose.js';
import type { Finding } from '../../doctor/findings.js';
import { collectPostureReport, collectsAsPrivileged } from '../../cycle/posture.js';
import { loadIdentity } from '../../identity/index.js';
import { composeRuntime } from '../../main.js';
import { fetchStatus } from '../../status-api/index.js';
import { COMMON_FLAGS, configFlags, parseFlags, parseOnly } from '../args.js';
import { commandLogger, loadConfig, type CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';

const MARK: Record<Finding['level'], string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

export async function runDoctor(args: readonly string[], ctx: CliContext): Promise<ExitCode> {
  const values = parseFlags(args, { ...COMMON_FLAGS, only: { type: 'string', multiple: true } });
  const only = parseOnly(values.only);
  const config = await loadConfig(ctx, { ...configFlags(values), ...(only ? { checks: only } : {}) });
  const log = commandLogger(config);
  const runtime = composeRuntime(config, log);
  const findings = await diagnose({
    config,
    now: runtime.now,
    loadIdentity: () => loadIdentity(config.stateDir),
    openCache: () => openCache({ file: join(config.stateDir, CACHE_FILE), log }),
    connect: runtime.connect,
    collect: () =>
      collectPostureReport({
        checkTimeoutMs: config.checkTimeoutMs,
        ownership: config.ownership,
        ...(config.checks ? { checks: config.checks } : {}),
        privileged: collectsAsPrivileged(config),
        session: config.runAs.session,
      }),
    consent: async () => consentStatus(config.ownership, (await readConsentRecord(config.stateDir)).record),
    daemonAnswers: async () => {
      await fetchStatus(config.socketPath, { timeoutMs: 2000 });
      return true;
    },
  });
  const failed = findings.some((f) => f.level === 'fail');
  if (values.json) ctx.output.out(JSON.stringify({ ok: !failed, findings }, null, 2));
  else {
    for (const f of findings) {
      ctx.output.out(`[${MARK[f.level]}] ${f.id}: ${f.message}${f.code ? ` (${f.code})` : ''}`);
      if (f.fix) ctx.output.out(`       fix: ${f.fix}`);
    }
    ctx.output.out(failed ? '\nProblems found.' : '\nNo problems found.');
  }
  return failed ? EXIT.NOT_COMPLIANT : EXIT.OK;
}
