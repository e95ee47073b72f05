/**
 * `vigil-service start`: open the data directory and the store, serve HTTPS until SIGINT or
 * SIGTERM, then drain: not ready at once (`/readyz` 503), `--drain-seconds` later stop accepting,
 * let in-flight requests finish (bounded), close the database pool, return (exit 0).
 */
import { readFileSync } from 'node:fs';
import { resolveSettings, type CaepReceiverSetting, type ServiceSettings } from '../config.js';
import { loggerOptions } from '../plugins/logging.js';
import { DEFAULT_SERVER_NAMES, openService } from '../service.js';
import { resolveStoreLocation } from '../store/location.js';
import { parseDuration } from './duration.js';
import { poolSize } from './token.js';
import { UsageError } from './usage.js';

export interface StartOptions {
  dataDir: string;
  /** `--db` / VIGIL_DB and `--db-pool-size` (see store/location.ts). */
  db: string | undefined;
  poolSize: string | undefined;
  /** Seconds between "not ready" and closing the listener, for the load balancer to notice. */
  drainSeconds: string;
  /** `--key-publish-ahead`: a duration (default: 0 on SQLite, 330 s on PostgreSQL). */
  keyPublishAhead: string | undefined;
  /** Overload limits (plugins/overload.ts) and the TLS ticket lifetime; defaults in config.ts. */
  maxInFlight?: string | undefined;
  maxEventLoopDelay?: string | undefined;
  tlsSessionTimeout?: string | undefined;
  appraisalThreads?: string | undefined;
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

/** In-flight requests get this long after the listener closes; then connections are cut. */
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
  const drainSeconds = Number(options.drainSeconds);
  if (!Number.isInteger(drainSeconds) || drainSeconds < 0 || drainSeconds > 300)
    throw new UsageError('--drain-seconds must be 0..300');
  const keyPublishAhead = options.keyPublishAhead === undefined ? undefined : parseDuration(options.keyPublishAhead);
  if (keyPublishAhead !== undefined && keyPublishAhead > 7 * 86_400)
    throw new UsageError('--key-publish-ahead must be at most 7d');
  const tuning = tuningSettings(options);
  const store = resolveStoreLocation(options.db, options.dataDir, poolSize(options.poolSize));
  const service = await openService({
    dataDir: options.dataDir,
    store,
    ...(keyPublishAhead !== undefined ? { keyPublishAheadSeconds: keyPublishAhead } : {}),
    serverNames: [
      ...new Set(
        [...DEFAULT_SERVER_NAMES, options.host, ...options.serverNames].filter((n) => n !== '0.0.0.0' && n !== '::'),
      ),
    ],
    settings: {
      ...(options.issuer ? { issuer: options.issuer } : {}),
      ...(options.audience ? { audience: options.audience } : {}),
      ...tuning,
      caepReceivers,
    },
    logger: loggerOptions(options.logLevel),
    ...(operatorTls ? { operatorTls } : {}),
  });
  const address = await service.app.listen({ host: options.host, port });
  const info = {
    url: address,
    dataDir: options.dataDir,
    store: service.storeDescription,
    caFingerprintSha256: service.authority.certificate.fingerprint256,
  };
  out(
    options.json
      ? JSON.stringify(info)
      : `vigil-service listening on ${address}\nStore: ${info.store}\nCA SHA-256 fingerprint: ${info.caFingerprintSha256}`,
  );

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    signals.once('SIGINT', stop);
    signals.once('SIGTERM', stop);
  });
  await service.drain({ delayMs: drainSeconds * 1000, timeoutMs: SHUTDOWN_TIMEOUT_MS });
}

/**
 * `--max-in-flight N`, `--max-event-loop-delay MS`, `--tls-session-timeout DURATION`,
 * `--appraisal-threads N`, checked here so a bad value is a usage error.
 */
function tuningSettings(options: StartOptions): Partial<ServiceSettings> {
  const integer = (flag: string, text: string) => {
    if (!/^\d+$/.test(text.trim())) throw new UsageError(`--${flag} must be a whole number, got "${text}"`);
    return Number(text);
  };
  const tuning: Partial<ServiceSettings> = {
    ...(options.maxInFlight !== undefined
      ? { maxInFlightRequests: integer('max-in-flight', options.maxInFlight) }
      : {}),
    ...(options.maxEventLoopDelay !== undefined
      ? { maxEventLoopDelayMs: integer('max-event-loop-delay', options.maxEventLoopDelay) }
      : {}),
    ...(options.tlsSessionTimeout !== undefined
      ? { tlsSessionTimeoutSeconds: parseDuration(options.tlsSessionTimeout) }
      : {}),
    ...(options.appraisalThreads !== undefined
      ? { appraisalThreads: integer('appraisal-threads', options.appraisalThreads) }
      : {}),
  };
  try {
    resolveSettings(tuning);
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^invalid service settings: /, ''));
  }
  return tuning;
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
