/** `vigil-service start`: open the data directory, serve HTTPS until SIGINT/SIGTERM. */
import { readFileSync } from 'node:fs';
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
