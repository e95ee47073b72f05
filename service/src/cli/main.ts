/**
 * CLI entry: parses argv with node:util parseArgs, resolves options (defaults < environment <
 * flags), runs one command, returns the exit code. Only this file and the bin script touch
 * process-level state.
 */
import { parseArgs } from 'node:util';
import { SERVICE_VERSION } from '../app.js';
import { startCommand } from './start.js';
import { createTokenCommand, defaultDataDir } from './token.js';
import { EXIT, USAGE, UsageError } from './usage.js';

const OPTIONS = {
  'data-dir': { type: 'string' },
  db: { type: 'string' },
  'db-pool-size': { type: 'string' },
  'drain-seconds': { type: 'string' },
  'key-publish-ahead': { type: 'string' },
  'max-in-flight': { type: 'string' },
  'max-event-loop-delay': { type: 'string' },
  'tls-session-timeout': { type: 'string' },
  'appraisal-threads': { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  json: { type: 'boolean', default: false },
  'server-name': { type: 'string', multiple: true },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'tls-ca': { type: 'string' },
  issuer: { type: 'string' },
  audience: { type: 'string' },
  'log-level': { type: 'string' },
  'caep-receiver': { type: 'string', multiple: true },
  'caep-receiver-ca': { type: 'string' },
  enroll: { type: 'boolean', default: false },
  admin: { type: 'boolean', default: false },
  gateway: { type: 'boolean', default: false },
  ttl: { type: 'string', default: '1h' },
  uses: { type: 'string', default: '1' },
  'device-id': { type: 'string' },
  code: { type: 'boolean', default: false },
  personal: { type: 'boolean', default: false },
  'server-url': { type: 'string' },
  label: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', default: false },
} as const;

export async function main(
  argv: readonly string[],
  io: {
    out?: (line: string) => void;
    err?: (line: string) => void;
    env?: NodeJS.ProcessEnv;
    signals?: NodeJS.EventEmitter;
  } = {},
): Promise<number> {
  const out = io.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = io.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  const env = io.env ?? process.env;
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      out(USAGE);
      return EXIT.ok;
    }
    if (values.version) {
      out(SERVICE_VERSION);
      return EXIT.ok;
    }
    const dataDir = values['data-dir'] ?? defaultDataDir(env);
    const database = {
      db: values.db ?? env.VIGIL_DB,
      poolSize: values['db-pool-size'] ?? env.VIGIL_DB_POOL_SIZE,
    };
    const command = positionals.join(' ');
    if (command === 'start') {
      await startCommand(
        {
          dataDir,
          ...database,
          drainSeconds: values['drain-seconds'] ?? env.VIGIL_SERVICE_DRAIN_SECONDS ?? '0',
          keyPublishAhead: values['key-publish-ahead'],
          maxInFlight: values['max-in-flight'] ?? env.VIGIL_SERVICE_MAX_IN_FLIGHT,
          maxEventLoopDelay: values['max-event-loop-delay'] ?? env.VIGIL_SERVICE_MAX_EVENT_LOOP_DELAY_MS,
          tlsSessionTimeout: values['tls-session-timeout'] ?? env.VIGIL_SERVICE_TLS_SESSION_TIMEOUT,
          appraisalThreads: values['appraisal-threads'] ?? env.VIGIL_SERVICE_APPRAISAL_THREADS,
          host: values.host ?? env.VIGIL_SERVICE_HOST ?? '127.0.0.1',
          port: values.port ?? env.VIGIL_SERVICE_PORT ?? '8443',
          json: values.json,
          serverNames: values['server-name'] ?? [],
          tlsCert: values['tls-cert'],
          tlsKey: values['tls-key'],
          tlsCa: values['tls-ca'],
          issuer: values.issuer,
          audience: values.audience,
          caepReceivers: values['caep-receiver'] ?? [],
          caepReceiverCa: values['caep-receiver-ca'],
          logLevel: values['log-level'] ?? env.VIGIL_SERVICE_LOG_LEVEL ?? 'info',
        },
        out,
        io.signals ?? process,
      );
      return EXIT.ok;
    }
    if (command === 'token create') {
      await createTokenCommand(
        {
          dataDir,
          ...database,
          enroll: values.enroll,
          admin: values.admin,
          gateway: values.gateway,
          ttl: values.ttl,
          uses: values.uses,
          deviceId: values['device-id'],
          label: values.label,
          json: values.json,
          code: values.code,
          personal: values.personal,
          serverUrl: values['server-url'],
          envServerUrl: env.VIGIL_SERVICE_URL,
          tlsCa: values['tls-ca'],
        },
        out,
      );
      return EXIT.ok;
    }
    throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (
      error instanceof UsageError ||
      code === 'VIGIL_STORE_LOCATION_INVALID' ||
      (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))
    ) {
      err(`vigil-service: ${(error as Error).message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    // Start-up errors with a catalogued code (docs/errors.md) name it.
    const prefix = typeof code === 'string' && code.startsWith('VIGIL_') ? `${code}: ` : '';
    err(`vigil-service: ${prefix}${(error as Error).message}`);
    return EXIT.internal;
  }
}
