/** Parses the command line and dispatches; returns the exit code instead of exiting (testable). */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { GatewayError } from '../errors.js';
import { streamLogger } from '../log.js';
import { buildGateway } from '../server/build-gateway.js';
import { JwksKeyStore } from '../verify/key-store.js';
import { createAttestationVerifier } from '../verify/verifier.js';
import { EXIT, UsageError, type ExitCode } from './exit-codes.js';
import { parseStartArgs } from './options.js';

export const USAGE = `Usage: vigil-gateway <command> [options]

Commands:
  start     Run the forward-auth server (nginx auth_request, Caddy forward_auth, Traefik,
            HAProxy, Envoy ext_authz) and the CAEP receiver
              --jwks SRC              the service's JWKS: a file, or an https URL (needs --jwks-ca)
              --jwks-ca FILE          CA certificate to pin for the JWKS URL
              --issuer ISS            the compliance service's issuer
              --audience AUD          this gateway's audience
              --port N                default 9180          --host ADDR   default 127.0.0.1
              --mandatory CHECK       a check that must pass on every request (repeatable)
              --max-age S             oldest accepted result, seconds (default 900)
              --clock-tolerance S     default 30            --deny-warning  refuse "warning" results
              --cert-format F         pem-urlencoded (nginx, default), der-base64 (Caddy, HAProxy),
                                      traefik, xfcc (Envoy), sha256-hex, x5t
              --cert-header NAME      header carrying the client certificate (default per format)
              --trusted-proxy ADDR    proxy allowed to send that header, IP or CIDR (repeatable;
                                      default loopback)
              --cookie NAME           cookie holding the EAR (default vigil_ear)
              --caep-audience AUD     audience of CAEP events for this gateway (default --audience)
              --no-caep               no CAEP receiver
              --service URL --service-ca FILE [--service-token-file FILE]
                                      background-check mode: ask the service when no EAR is sent
              --json                  JSON log lines
  verify    Decide one token: --jwks --issuer --audience --cert-thumbprint X5T [--token T]
            [--mandatory CHECK] [--json]; reads the token from stdin without --token
  help      Show this help

Exit codes: 0 ok/allowed, 1 refused (verify), 2 usage or configuration error, 3 internal error,
4 could not start (keys unreadable, port in use).`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
  stopRequested: Promise<void>;
  readStdin(): string;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [command, ...rest] = argv;
  try {
    if (command === '--version' || command === '-v') {
      io.out('0.1.0');
      return EXIT.OK;
    }
    if (
      command === undefined ||
      command === 'help' ||
      command === '--help' ||
      command === '-h' ||
      rest.includes('--help')
    ) {
      io.out(USAGE);
      return EXIT.OK;
    }
    if (command === 'start') return await start(rest, io);
    if (command === 'verify') return await verify(rest, io);
    throw new UsageError(`unknown command "${command}"`);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof GatewayError && error.code === 'VIGIL_GATEWAY_CONFIG')) {
      io.err(`vigil-gateway: ${error.message}`);
      io.err('Run "vigil-gateway --help" for usage.');
      return EXIT.USAGE;
    }
    if (error instanceof GatewayError && error.code === 'VIGIL_GATEWAY_JWKS_LOAD') {
      io.err(`vigil-gateway: ${error.message}`);
      return EXIT.CANNOT_START;
    }
    io.err(`vigil-gateway: internal error: ${(error as Error).message}`);
    return EXIT.INTERNAL;
  }
}

async function start(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { config, json } = parseStartArgs(args);
  const logger = streamLogger(io.err, json);
  const gateway = await buildGateway(config, logger);
  try {
    const address = await gateway.start();
    logger.info(
      {
        host: address.address,
        port: address.port,
        caep: config.caepAudience !== null,
        background_check: !!config.service,
      },
      'listening',
    );
  } catch (error) {
    logger.error({ error: (error as Error).message }, 'cannot listen');
    return EXIT.CANNOT_START;
  }
  await io.stopRequested;
  await gateway.stop();
  logger.info({}, 'stopped');
  return EXIT.OK;
}

async function verify(args: readonly string[], io: CliIo): Promise<ExitCode> {
  let values;
  try {
    values = parseArgs({
      args: [...args],
      strict: true,
      options: {
        jwks: { type: 'string' },
        'jwks-ca': { type: 'string' },
        issuer: { type: 'string' },
        audience: { type: 'string' },
        'cert-thumbprint': { type: 'string' },
        token: { type: 'string' },
        mandatory: { type: 'string', multiple: true, default: [] },
        json: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { jwks, issuer, audience } = values;
  if (!jwks || !issuer || !audience || !values['cert-thumbprint']) {
    throw new UsageError('verify needs --jwks, --issuer, --audience and --cert-thumbprint');
  }
  const ca = values['jwks-ca'] ? readFileSync(values['jwks-ca'], 'utf8') : undefined;
  const keys = await JwksKeyStore.open({ source: jwks, ...(ca ? { ca } : {}) });
  const verifier = createAttestationVerifier({
    keys,
    issuer,
    audience,
    mandatoryChecks: values.mandatory,
    cache: false,
  });
  const token = (values.token ?? io.readStdin()).trim();
  const decision = await verifier.verify(token, { certThumbprint: values['cert-thumbprint'] });
  if (values.json) io.out(JSON.stringify(decision));
  else if (decision.allow) io.out(`allowed: device ${decision.device?.id ?? '?'} (${decision.status ?? '?'})`);
  else for (const r of decision.reasons) io.out(`refused: ${r.code}: ${r.message}`);
  return decision.allow ? EXIT.OK : EXIT.DENIED;
}
