/** `vigil-service start`: open the data directory, serve HTTPS until SIGINT/SIGTERM. */
import { readFileSync } from 'node:fs';
import { resolveSettings, type CaepReceiverSetting } from '../config.js';
import { loggerOptions } from '../plugins/logging.js';
import { DEFAULT_SERVER_NAMES, openService } from '../service.js';
import { UsageError } from './usage.js';

export interface StartOptions {
  dataDir: string;
  host: string;
  port: string;
  json: boolean;
  serverNames: string[];
  tlsCert: string | undefined;
  tlsKey: string | undefined;
  tlsCa: string | undefined;
  issuer: string | undefined;
  audience: string | undefined;
  /** `URL=AUDIENCE`, one per CAEP receiver. */
  caepReceivers: string[];
  caepReceiverCa: string | undefined;
  logLevel: string;
}

const SHUTDOWN_TIMEOUT_MS = 10_000;

export async function startCommand(
  options: StartOptions,
  out: (line: string) => void,
  signals: NodeJS.EventEmitter,
): Promise<void> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError('--port must be 0..65535');
  if ((options.tlsCert === undefined) !== (options.tlsKey === undefined))
    throw new UsageError('--tls-cert and --tls-key go together');
  const operatorTls =
    options.tlsCert && options.tlsKey
      ? {
          certPem: readFileSync(options.tlsCert, 'utf8'),
          keyPem: readFileSync(options.tlsKey, 'utf8'),
          ...(options.tlsCa ? { caPem: readFileSync(options.tlsCa, 'utf8') } : {}),
        }
      : undefined;
  const caepReceivers = parseCaepReceivers(options.caepReceivers, options.caepReceiverCa);
  const service = await openService({
    dataDir: options.dataDir,
    serverNames: [
      ...new Set(
        [...DEFAULT_SERVER_NAMES, options.host, ...options.serverNames].filter((n) => n !== '0.0.0.0' && n !== '::'),
      ),
    ],
    settings: {
      ...(options.issuer ? { issuer: options.issuer } : {}),
      ...(options.audience ? { audience: options.audience } : {}),
      caepReceivers,
    },
    logger: loggerOptions(options.logLevel),
    ...(operatorTls ? { operatorTls } : {}),
  });
  const address = await service.app.listen({ host: options.host, port });
  const info = {
    url: address,
    dataDir: options.dataDir,
    caFingerprintSha256: service.authority.certificate.fingerprint256,
  };
  out(
    options.json
      ? JSON.stringify(info)
      : `vigil-service listening on ${address}\nCA SHA-256 fingerprint: ${info.caFingerprintSha256}`,
  );

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    signals.once('SIGINT', stop);
    signals.once('SIGTERM', stop);
  });
  const timeout = setTimeout(() => {
    service.app.log.error('shutdown timed out');
    service.app.server.closeAllConnections();
  }, SHUTDOWN_TIMEOUT_MS);
  timeout.unref();
  await service.close();
  clearTimeout(timeout);
}

/** `--caep-receiver URL=AUDIENCE`, split at the last `=` (a URL's query may hold one; audiences do not). */
export function parseCaepReceivers(values: readonly string[], caFile: string | undefined): CaepReceiverSetting[] {
  if (caFile !== undefined && values.length === 0)
    throw new UsageError('--caep-receiver-ca needs at least one --caep-receiver');
  const ca = caFile === undefined ? undefined : readFileSync(caFile, 'utf8');
  const receivers = values.map((value) => {
    const at = value.lastIndexOf('=');
    const url = at > 0 ? value.slice(0, at) : '';
    const audience = at > 0 ? value.slice(at + 1) : '';
    if (!url || !audience) throw new UsageError(`--caep-receiver must be URL=AUDIENCE, got "${value}"`);
    try {
      new URL(url);
    } catch {
      throw new UsageError(`--caep-receiver: "${url}" is not a URL`);
    }
    return { url, audience, ...(ca !== undefined ? { ca } : {}) };
  });
  try {
    resolveSettings({ caepReceivers: receivers });
  } catch (error) {
    throw new UsageError(`--caep-receiver: ${(error as Error).message}`);
  }
  return receivers;
}
