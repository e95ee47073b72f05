/**
 * `vigil unenroll [--force] [--json]`: the service retires the device, then every Vigil file on
 * this device goes (keys, certificates, cache, consent, state, the user-mode autostart entry).
 * Exit 0 done; 5 the service could not be told and nothing was deleted (use --force to delete
 * anyway; the device then goes stale on the service instead of being retired).
 */
import { applyAutostart } from '../../autostart/apply.js';
import { autostartContext } from '../../autostart/context.js';
import { planAutostart } from '../../autostart/plan.js';
import { loadIdentity } from '../../identity/index.js';
import { composeRuntime } from '../../main.js';
import { exec } from '../../platform/exec.js';
import { recordActivity } from '../../privacy/activity.js';
import { unenrollDevice } from '../../push/api.js';
import { fetchStatus } from '../../status-api/index.js';
import { unenroll, type UnenrollResult } from '../../unenroll/unenroll.js';
import { COMMON_FLAGS, configFlags, parseFlags } from '../args.js';
import { commandLogger, loadConfig, type CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';

export async function runUnenroll(args: readonly string[], ctx: CliContext): Promise<ExitCode> {
  const values = parseFlags(args, { ...COMMON_FLAGS, force: { type: 'boolean', default: false } });
  const config = await loadConfig(ctx, configFlags(values));
  const log = commandLogger(config);
  const result = await unenroll(
    {
      stateDir: config.stateDir,
      socketPath: config.socketPath,
      loadIdentity: () => loadIdentity(config.stateDir),
      tellService: async (identity) => {
        await unenrollDevice(
          {
            serverUrl: identity.serverUrl,
            caPem: identity.serverCaPem,
            clientCertPem: identity.certificatePem,
            clientKeyPem: identity.privateKeyPem,
          },
          config.push,
        );
      },
      // Only a user-mode agent has an autostart entry of ours; the system service is the package's.
      removeAutostart: async () =>
        config.runAs.userMode
          ? applyAutostart(planAutostart('remove', autostartContext(config)), {
              exec,
              ...(config.runAs.session ? { sessionEnv: config.runAs.session.env } : {}),
            })
          : null,
      daemonAnswers: () =>
        fetchStatus(config.socketPath, { timeoutMs: 500 }).then(
          () => true,
          () => false,
        ),
    },
    { force: values.force === true },
  );
  if (!result.done) {
    const runtime = composeRuntime(config, log);
    recordActivity(
      runtime.caches.tryGet(),
      {
        kind: 'unenroll',
        requester: 'vigil unenroll',
        outcome: `refused: the service was not told (${result.serviceError?.code ?? 'unknown'}); nothing deleted`,
      },
      log,
    );
    runtime.caches.close();
  }
  if (values.json) ctx.output.out(JSON.stringify(result, null, 2));
  else report(result, ctx);
  return result.done ? EXIT.OK : EXIT.SERVICE;
}

function report(result: UnenrollResult, ctx: CliContext): void {
  const { output } = ctx;
  if (!result.done) {
    output.err(
      `vigil: the service could not be told (${result.serviceError?.code}: ${result.serviceError?.message}); nothing was deleted.`,
    );
    output.err(
      'Try again when the service is reachable, or run "vigil unenroll --force" to delete everything here anyway: the device then stays active on the service until it goes stale there.',
    );
    return;
  }
  const told: Record<typeof result.service, string> = {
    retired: `The service retired device ${result.deviceId}; it accepts nothing more from it.`,
    'already-retired': `The service had already retired device ${result.deviceId}.`,
    'not-enrolled': 'This device was not enrolled; local Vigil files are removed.',
    'not-told': `The service was NOT told (${result.serviceError?.code}); the device will go stale there instead of being retired.`,
  };
  output.out(told[result.service]);
  if (result.autostart) output.out(`Autostart removed (${result.autostart.entry}).`);
  output.out(`Deleted ${result.removed.length} item(s): keys, certificates, cache, consent and state.`);
  for (const path of result.kept) output.out(`  kept (not Vigil's): ${path}`);
  if (result.agentStillRunning)
    output.err('vigil: an agent still answers on the status socket: stop it (it may recreate files).');
}
