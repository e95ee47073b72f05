/**
 * `vigil enroll --code CODE` (self-service, from a code IT hands out), or
 * `vigil enroll --server URL --token TOKEN --ca FILE [--key-size 2048|3072] [--force [--device-id ID]]`.
 * `--token-file` / `--code-file` keep the secret out of the process list and shell history.
 * A personal device enrolls only after its owner accepted the privacy statement, and sends that
 * consent with the request; before that, nothing goes on the network.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CACHE_FILE, openCache } from '../../cache/index.js';
import { collectionAllowed, consentRefusal, consentStatus } from '../../consent/state.js';
import { readConsentRecord } from '../../consent/store.js';
import { ensurePrivateDir } from '../../identity/files.js';
import { enroll, IdentityError, renewalTime, type KeySize } from '../../identity/index.js';
import { recordActivity } from '../../privacy/activity.js';
import { enrollDevice, PushError } from '../../push/api.js';
import { CaFingerprintMismatch, fetchPinnedCa } from '../../push/enroll-ca.js';
import { COMMON_FLAGS, configFlags, parseFlags } from '../args.js';
import { commandLogger, loadConfig, type CliContext } from '../context.js';
import { EXIT, UsageError, type ExitCode } from '../exit-codes.js';
import { enrollOwnership, persistOwnership, readCode } from './enroll-inputs.js';

const CA_HELP = [
  'Vigil never trusts a server certificate on first use. Get the CA file from your administrator',
  '(vigil-service writes it to <data-dir>/ca-cert.pem), or an enrollment code (--code).',
];

export async function runEnroll(args: readonly string[], ctx: CliContext): Promise<ExitCode> {
  const values = parseFlags(args, {
    ...COMMON_FLAGS,
    code: { type: 'string' },
    'code-file': { type: 'string' },
    server: { type: 'string' },
    token: { type: 'string' },
    'token-file': { type: 'string' },
    ca: { type: 'string' },
    'key-size': { type: 'string', default: '2048' },
    force: { type: 'boolean', default: false },
    'device-id': { type: 'string' },
  });
  const code = await readCode(values.code, values['code-file']);
  if (code && (values.server || values.token || values['token-file'] || values.ca))
    throw new UsageError('--code already holds the server, the token and the CA: do not combine it with them');
  const config = await loadConfig(ctx, {
    ...configFlags(values),
    ...((code?.serverUrl ?? values.server) ? { serverUrl: code?.serverUrl ?? values.server } : {}),
  });
  const serverUrl = config.serverUrl;
  if (!serverUrl) throw new UsageError('--server URL is required (or serverUrl in the configuration)');
  const token =
    code?.token ??
    values.token ??
    (values['token-file'] ? (await readFile(values['token-file'], 'utf8')).trim() : undefined);
  if (!token)
    throw new UsageError(
      '--token TOKEN (or --token-file FILE, or --code) is required: ask your administrator for an enrollment token',
    );
  if (!code && !values.ca)
    throw new UsageError(
      "--ca FILE is required: the service CA certificate (PEM) that signs the service's TLS certificate",
      CA_HELP,
    );
  const keySize = Number(values['key-size']);
  if (keySize !== 2048 && keySize !== 3072) throw new UsageError('--key-size must be 2048 or 3072');
  const ownership = enrollOwnership(config, code?.ownership);
  const log = commandLogger(config);
  await ensurePrivateDir(config.stateDir);
  await persistOwnership(config, ownership);

  // Personal: nothing leaves the device (not even the CA download) before the owner consented.
  const consent = consentStatus(ownership, (await readConsentRecord(config.stateDir)).record);
  if (!collectionAllowed(consent)) {
    const refusal = consentRefusal(consent);
    ctx.output.err(`vigil: ${refusal.code}: ${refusal.message}`);
    ctx.output.err('Then run this "vigil enroll" command again; nothing was sent.');
    return EXIT.CONSENT;
  }

  let identity;
  try {
    const caPem = code ? (await fetchPinnedCa(serverUrl, code.caFingerprint, config.push.timeoutMs)).pem : undefined;
    identity = await enroll(
      {
        stateDir: config.stateDir,
        serverUrl,
        token,
        ...(caPem !== undefined ? { caPem } : { caFile: values.ca! }),
        keySize: keySize as KeySize,
        force: values.force === true,
        ...(values['device-id'] ? { deviceId: values['device-id'] } : {}),
        // Only personal devices declare themselves: an older service rejects unknown fields.
        ...(ownership === 'personal' && consent.decidedAt
          ? {
              ownership,
              consent: { statementVersion: consent.statementVersion, acceptedAt: consent.decidedAt },
            }
          : {}),
      },
      async ({ serverUrl: url, caPem: anchor, ...request }) =>
        (await enrollDevice({ serverUrl: url, caPem: anchor }, config.push, request)).body,
    );
  } catch (error) {
    if (error instanceof CaFingerprintMismatch) {
      ctx.output.err(`vigil: VIGIL_IDENTITY_CA_FINGERPRINT: ${error.message}; nothing was enrolled`);
      return EXIT.NOT_ENROLLED;
    }
    if (
      error instanceof IdentityError &&
      (error.code === 'VIGIL_IDENTITY_ALREADY_ENROLLED' || error.code === 'VIGIL_IDENTITY_CA_REQUIRED')
    ) {
      throw new UsageError(error.message, error.code === 'VIGIL_IDENTITY_CA_REQUIRED' ? CA_HELP : []);
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
    cache.kv.delete('policy.scope');
    recordActivity(cache, {
      kind: 'enroll',
      requester: 'vigil enroll',
      outcome: `enrolled as device ${identity.deviceId} (${ownership}) at ${identity.serverUrl}`,
    });
  } finally {
    cache.close();
  }
  const summary = {
    deviceId: identity.deviceId,
    serverUrl: identity.serverUrl,
    ownership,
    certificate: {
      expiresAt: identity.certificate.notAfter.toISOString(),
      renewAt: renewalTime(identity.certificate).toISOString(),
    },
  };
  if (values.json) ctx.output.out(JSON.stringify(summary, null, 2));
  else {
    ctx.output.out(`Enrolled: device ${summary.deviceId} at ${summary.serverUrl} (${ownership})`);
    ctx.output.out(
      `Certificate valid until ${summary.certificate.expiresAt}; renewed automatically from ${summary.certificate.renewAt}.`,
    );
    ctx.output.out(
      ownership === 'personal'
        ? 'Start the agent with "vigil run", or at every login with "vigil autostart install"; see what it sends with "vigil privacy".'
        : 'Start the agent with "vigil run" (or the installed service) and see the result with "vigil status".',
    );
  }
  return EXIT.OK;
}
