/** Parses the command line and dispatches; returns the exit code instead of exiting (testable). */
import { AGENT_VERSION } from '../version.js';
import { parseFlags, parseOnly, positiveInt } from './args.js';
import type { CliContext } from './context.js';
import { EXIT, UsageError, type ExitCode } from './exit-codes.js';
import type { CliOutput } from './output.js';

const USAGE = `Usage: vigil <command> [options]

Commands:
  check        Collect this device's posture now and judge it against a policy (no service needed)
                 --policy FILE   policy file (YAML or JSON); default: the built-in policy
                 --only CHECK    only these checks (repeat or comma-separate)
                 --timeout MS    per-check time limit (default 10000)
  enroll       Enroll this device with a compliance service
                 --code CODE|--code-file FILE (from your administrator), or
                 --server URL --token TOKEN|--token-file FILE --ca FILE [--key-size 2048|3072] [--force]
  run          Run the agent in the foreground (collect, sign, cache, push on a schedule; status API)
                 --only CHECK    limit what is collected
  status       Show the device status (from the running agent, else from the cache)
  push         Collect, sign and push a report now; deliver anything queued first
  report       Show the last signed report:  --last
  doctor       Find what is wrong and say how to fix it (--only CHECK limits the collector probe)
  consent      Personal device: show the privacy statement; --accept or --withdraw your consent
  privacy      The last report exactly as sent, and a log of every push and check request
  autostart    install | remove: start the agent at every login of this user (user mode)
  unenroll     Retire this device at the service and delete every Vigil file here  [--force]
  record-fixtures  Record this machine's collector outputs, redacted, as test fixtures
                 --out DIR       output directory (see docs/contributing-fixtures.md)
  help         Show this help

Options for every command: --state-dir DIR, --config FILE, --socket PATH, --log-level LEVEL, --json
Global options: --version, --help
Exit codes: 0 ok/compliant, 1 noncompliant/unknown (doctor: problems found), 2 usage or configuration
error, 3 internal error, 4 not enrolled, 5 service unreachable or refused, 6 cache unusable,
7 consent not given (personal device).
See docs/cli.md.`;

type Handler = (args: readonly string[], ctx: CliContext) => Promise<ExitCode>;

// Each command is imported when used so `vigil status` does not load the collectors or got.
const COMMANDS: Record<string, Handler> = {
  check: async (args, ctx) => {
    const values = parseFlags(args, {
      json: { type: 'boolean', default: false },
      policy: { type: 'string' },
      only: { type: 'string', multiple: true, default: [] },
      timeout: { type: 'string' },
    });
    const { runCheck } = await import('./commands/check.js');
    return runCheck(
      {
        json: values.json === true,
        only: parseOnly(values.only) ?? [],
        ...(values.policy ? { policyFile: values.policy } : {}),
        ...(values.timeout ? { timeoutMs: positiveInt(values.timeout, '--timeout') } : {}),
      },
      ctx.output,
    );
  },
  enroll: async (args, ctx) => (await import('./commands/enroll.js')).runEnroll(args, ctx),
  run: async (args, ctx) => (await import('./commands/run.js')).runDaemon(args, ctx),
  status: async (args, ctx) => (await import('./commands/status.js')).runStatus(args, ctx),
  push: async (args, ctx) => (await import('./commands/push.js')).runPush(args, ctx),
  report: async (args, ctx) => (await import('./commands/report.js')).runReport(args, ctx),
  doctor: async (args, ctx) => (await import('./commands/doctor.js')).runDoctor(args, ctx),
  consent: async (args, ctx) => (await import('./commands/consent.js')).runConsent(args, ctx),
  privacy: async (args, ctx) => (await import('./commands/privacy.js')).runPrivacy(args, ctx),
  autostart: async (args, ctx) => (await import('./commands/autostart.js')).runAutostart(args, ctx),
  unenroll: async (args, ctx) => (await import('./commands/unenroll.js')).runUnenroll(args, ctx),
  'record-fixtures': async (args, ctx) =>
    (await import('../collectors/record-fixtures-cli.js')).runRecordFixtures(args, ctx),
  help: async (_args, ctx) => {
    ctx.output.out(USAGE);
    return EXIT.OK;
  },
};

export async function runCli(
  argv: readonly string[],
  output: CliOutput,
  debug = false,
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<ExitCode> {
  const [command, ...rest] = argv;
  const ctx: CliContext = { env, output };
  try {
    if (command === '--version' || command === '-v') {
      output.out(AGENT_VERSION);
      return EXIT.OK;
    }
    if (command === undefined || command === '--help' || command === '-h') return await COMMANDS.help!(rest, ctx);
    const handler = COMMANDS[command];
    if (!handler) throw new UsageError(`unknown command "${command}"`);
    if (rest.includes('--help') || rest.includes('-h')) return await COMMANDS.help!(rest, ctx);
    return await handler(rest, ctx);
  } catch (error) {
    return reportError(error, output, debug);
  }
}

function reportError(error: unknown, output: CliOutput, debug: boolean): ExitCode {
  if (error instanceof UsageError) {
    output.err(`vigil: ${error.message}`);
    for (const detail of error.details) output.err(`  ${detail}`);
    output.err('Run "vigil --help" for usage.');
    return EXIT.USAGE;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  const code = (err as { code?: unknown }).code;
  const known = typeof code === 'string' ? code : '';
  output.err(
    `vigil: ${known.startsWith('VIGIL_') ? 'error' : 'internal error'}${known ? ` ${known}` : ''}: ${err.message}`,
  );
  if (known.startsWith('VIGIL_IDENTITY_')) return EXIT.NOT_ENROLLED;
  if (known.startsWith('VIGIL_PUSH_')) return EXIT.SERVICE;
  if (known.startsWith('VIGIL_CACHE_')) return EXIT.CACHE;
  if (known === 'VIGIL_CONSENT_REQUIRED' || known === 'VIGIL_CONSENT_WITHDRAWN') return EXIT.CONSENT;
  output.err(
    debug ? (err.stack ?? '') : 'Set VIGIL_DEBUG=1 for details, and report this at the project issue tracker.',
  );
  return EXIT.INTERNAL;
}
