/**
 * `vigil enroll --server URL --token TOKEN --ca FILE [--key-size 2048|3072] [--force [--device-id ID]]`.
 * `--token-file` keeps the token out of the process list and shell history.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CACHE_FILE, openCache } from '../../cache/index.js';
import { ensurePrivateDir } from '../../identity/files.js';
import { enroll, IdentityError, renewalTime, type KeySize } from '../../identity/index.js';
import { enrollDevice, PushError } from '../../push/api.js';
import { COMMON_FLAGS, configFlags, parseFlags } from '../args.js';
import { commandLogger, loadConfig, type CliContext } from '../context.js';
import { EXIT, UsageError, type ExitCode } from '../exit-codes.js';

export async function runEnroll(args: readonly string[], ctx: CliContext): Promise<ExitCode> {
  const values = parseFlags(args, {
    ...COMMON_FLAGS,
    server: { type: 'string' },
    token: { type: 'string' },
    'token-file': { type: 'string' },
    ca: { type: 'string' },
    'key-size': { type: 'string', default: '2048' },
    force: { type: 'boolean', default: false },
    'device-id': { type: 'string' },
  });
  const config = await loadConfig(ctx, {
    ...configFlags(values),
    ...(values.server ? { serverUrl: values.server } : {}),
  });
  const serverUrl = config.serverUrl;
  if (!serverUrl) throw new UsageError('--server URL is required (or serverUrl in the configuration)');
  const token =
    values.token ?? (values['token-file'] ? (await readFile(values['token-file'], 'utf8')).trim() : undefined);
  if (!token)
    throw new UsageError(
      '--token TOKEN (or --token-file FILE) is required: ask your administrator for an enrollment token',
    );
  if (!values.ca) {
    throw new UsageError(
      "--ca FILE is required: the service CA certificate (PEM) that signs the service's TLS certificate",
      [
        'Vigil never trusts a server certificate on first use. Get the CA file from your administrator',
        '(vigil-service writes it to <data-dir>/ca-cert.pem).',
      ],
    );
  }
  const keySize = Number(values['key-size']);
  if (keySize !== 2048 && keySize !== 3072) throw new UsageError('--key-size must be 2048 or 3072');
  const log = commandLogger(config);
  await ensurePrivateDir(config.stateDir);

  let identity;
  try {
    identity = await enroll(
      {
        stateDir: config.stateDir,
        serverUrl,
        token,
        caFile: values.ca,
        keySize: keySize as KeySize,
        force: values.force === true,
        ...(values['device-id'] ? { deviceId: values['device-id'] } : {}),
      },
      async ({ serverUrl: url, caPem, ...request }) =>
        (await enrollDevice({ serverUrl: url, caPem }, config.push, request)).body,
    );
  } catch (error) {
    if (
      error instanceof IdentityError &&
      (error.code === 'VIGIL_IDENTITY_ALREADY_ENROLLED' || error.code === 'VIGIL_IDENTITY_CA_REQUIRED')
    ) {
      throw new UsageError(error.message);
    }
    if (error instanceof PushError) {
      ctx.output.err(
        `vigil: enrollment failed ${error.code}${error.serviceCode ? ` (${error.serviceCode})` : ''}: ${error.message}`,
      );
      return EXIT.SERVICE;
    }
    throw error;
  }
  // A new identity starts a new report chain; reports queued for an old identity are abandoned.
  const cache = openCache({ file: join(config.stateDir, CACHE_FILE), log });
  try {
    cache.reports.bindDevice(identity.deviceId);
    cache.results.clear();
  } finally {
    cache.close();
  }
  const summary = {
    deviceId: identity.deviceId,
    serverUrl: identity.serverUrl,
    certificate: {
      expiresAt: identity.certificate.notAfter.toISOString(),
      renewAt: renewalTime(identity.certificate).toISOString(),
    },
  };
  if (values.json) ctx.output.out(JSON.stringify(summary, null, 2));
  else {
    ctx.output.out(`Enrolled: device ${summary.deviceId} at ${summary.serverUrl}`);
    ctx.output.out(
      `Certificate valid until ${summary.certificate.expiresAt}; renewed automatically from ${summary.certificate.renewAt}.`,
    );
    ctx.output.out(
      'Start the agent with "vigil run" (or the installed service) and see the result with "vigil status".',
    );
  }
  return EXIT.OK;
}
