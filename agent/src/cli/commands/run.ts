/**
 * `vigil run`: the daemon in the foreground (systemd, launchd and the Windows service wrapper
 * run exactly this). Stops gracefully on SIGTERM/SIGINT: the running cycle finishes or is cut at
 * the stop timeout, the status socket is removed, the cache is closed.
 */
import { ensurePrivateDir } from '../../identity/files.js';
import { composeDaemon, composeRuntime } from '../../main.js';
import { COMMON_FLAGS, configFlags, parseFlags, parseOnly, positiveInt } from '../args.js';
import { commandLogger, loadConfig, type CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';

export async function runDaemon(
  args: readonly string[],
  ctx: CliContext,
  signals: SignalSource = processSignals,
): Promise<ExitCode> {
  const values = parseFlags(args, {
    ...COMMON_FLAGS,
    only: { type: 'string', multiple: true },
    // Hidden: tests and benchmarks need cycles every few seconds.
    'interval-seconds': { type: 'string' },
  });
  const only = parseOnly(values.only);
  const config = await loadConfig(ctx, {
    ...configFlags(values),
    ...(only ? { checks: only } : {}),
    ...(values['interval-seconds']
      ? { intervalSeconds: positiveInt(values['interval-seconds'], '--interval-seconds') }
      : {}),
  });
  const log = commandLogger(config, true);
  await ensurePrivateDir(config.stateDir);
  const daemon = await composeDaemon(composeRuntime(config, log));
  await daemon.start();
  log.info(
    {
      state_dir: config.stateDir,
      socket: config.socketPath,
      interval_seconds: daemon.scheduler.intervalSeconds(),
      managed: config.managedKeys,
      ownership: config.ownership,
      user_mode: config.runAs.userMode,
      consent: daemon.consent.current().state,
    },
    'agent started',
  );
  // A signal, or the daemon ending itself (`vigil unenroll` removed its identity).
  const signal = await Promise.race([signals.next(), daemon.ended]);
  log.info({ signal }, 'agent stopping');
  await daemon.stop();
  log.info('agent stopped');
  return EXIT.OK;
}

export interface SignalSource {
  next(): Promise<string>;
}

const processSignals: SignalSource = {
  next: () =>
    new Promise((resolve) => {
      const on = (signal: NodeJS.Signals) => {
        process.off('SIGTERM', on);
        process.off('SIGINT', on);
        resolve(signal);
      };
      process.on('SIGTERM', on);
      process.on('SIGINT', on);
    }),
};
