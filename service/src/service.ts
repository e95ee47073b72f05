/**
 * Opens a service over a data directory and a store: CA, server certificate, result keys,
 * database, app. The composition root for the CLI and the benchmark; `buildApp` stays usable on
 * its own. With a PostgreSQL store several replicas share the database, and with it the CA, the
 * result key ring and the policy (see shared-keys.ts); each keeps its own server certificate.
 */
import { hostname } from 'node:os';
import type { Server as TlsServer } from 'node:tls';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { ResultKeyRing } from './appraisal/result-keys.js';
import { buildApp } from './app.js';
import type { CertificateAuthority } from './ca/authority.js';
import { loadOrCreateAuthority, loadOrCreateServerTls, type ServerTls } from './ca/load.js';
import type { ServiceSettings } from './config.js';
import { dataPaths, ensurePrivateDir } from './data-dir.js';
import { Readiness } from './readiness.js';
import { openSharedAuthority, openTicketSecret, sharedKeyRingStorage } from './shared-keys.js';
import { describeStoreLocation, type StoreLocation } from './store/location.js';
import { rollTicketKeys } from './tls-tickets.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/types.js';

export interface OpenServiceOptions {
  dataDir: string;
  settings?: Partial<ServiceSettings>;
  /** Host names and IPs the server certificate must cover. */
  serverNames?: readonly string[];
  /** Operator-provided TLS certificate instead of one from our CA. */
  operatorTls?: { keyPem: string; certPem: string; caPem?: string };
  logger?: FastifyServerOptions['logger'];
  caKeyBits?: number;
  /** Where the data lives (default: the SQLite file in `dataDir`). */
  store?: StoreLocation;
  /**
   * How long a rotated result key is published before it signs. Default: 0 on SQLite (one
   * process), SHARED_PUBLISH_AHEAD_SECONDS on PostgreSQL (every replica refreshes first).
   */
  keyPublishAheadSeconds?: number;
  /** Replicas: how often the shared key ring and policy are re-read (default SHARED_REFRESH_MS). */
  sharedRefreshMs?: number;
}

export interface OpenedService {
  app: FastifyInstance;
  store: Store;
  authority: CertificateAuthority;
  tls: ServerTls;
  keys: ResultKeyRing;
  readiness: Readiness;
  /** The store location for logs and output: never with its password. */
  storeDescription: string;
  close(): Promise<void>;
  /**
   * Graceful stop: not ready at once, `delayMs` later stop accepting connections and let
   * in-flight requests finish (connections still open after `timeoutMs` are cut), then close
   * the store (and its pool).
   */
  drain(options: { delayMs: number; timeoutMs: number }): Promise<void>;
}

export const DEFAULT_SERVER_NAMES = ['localhost', '127.0.0.1', '::1'];
/** Replicas re-read the shared result key ring and policy this often. */
export const SHARED_REFRESH_MS = 15_000;
/** Gateways cache the JWKS 300 s (routes/jwks); two refresh periods more for every replica. */
export const SHARED_PUBLISH_AHEAD_SECONDS = 300 + (2 * SHARED_REFRESH_MS) / 1000;

export async function openService(options: OpenServiceOptions): Promise<OpenedService> {
  ensurePrivateDir(options.dataDir);
  const paths = dataPaths(options.dataDir);
  const location = options.store ?? { kind: 'sqlite', path: paths.database };
  let reportIdleError: (error: Error) => void = () => undefined;
  const { store, keyMaterial } = await openStore(location, {
    applicationName: `vigil-service ${hostname()}`.slice(0, 63),
    onIdleError: (error) => reportIdleError(error),
  });
  try {
    const caOptions = options.caKeyBits ? { keyBits: options.caKeyBits } : {};
    const authority = keyMaterial
      ? await openSharedAuthority(keyMaterial, options.dataDir, caOptions)
      : await loadOrCreateAuthority(options.dataDir, caOptions);
    const names = options.serverNames ?? [...DEFAULT_SERVER_NAMES, hostname()];
    const tls = await loadOrCreateServerTls(options.dataDir, authority, {
      names,
      ...(options.operatorTls ? { operator: options.operatorTls } : {}),
    });
    const publishAhead = options.keyPublishAheadSeconds ?? (keyMaterial ? SHARED_PUBLISH_AHEAD_SECONDS : 0);
    const keys = await ResultKeyRing.open(
      keyMaterial ? sharedKeyRingStorage(keyMaterial, paths.resultKeys) : paths.resultKeys,
      { publishAheadMs: publishAhead * 1000 },
    );
    const readiness = new Readiness();
    const refreshMs = options.sharedRefreshMs ?? SHARED_REFRESH_MS;
    const app = await buildApp({
      settings: options.settings ?? {},
      store,
      authority,
      keys,
      tls,
      serverTrustAnchors: tls.trustAnchors,
      logger: options.logger ?? false,
      readiness,
      ...(keyMaterial ? { policyRefreshMs: refreshMs } : {}),
    });
    reportIdleError = (error) => app.log.warn({ err: error }, 'idle database connection failed');
    const watcher = keyMaterial
      ? keys.watch(refreshMs, (err) => app.log.warn({ err }, 'result key refresh failed'))
      : undefined;
    // One process (SQLite) keeps Node's own random ticket keys; replicas share theirs.
    const tickets = keyMaterial
      ? rollTicketKeys(app.server as unknown as TlsServer, await openTicketSecret(keyMaterial))
      : undefined;
    const close = async () => {
      watcher?.stop();
      tickets?.stop();
      try {
        await app.close();
      } finally {
        await store.close();
      }
    };
    return {
      app,
      store,
      authority,
      tls,
      keys,
      readiness,
      storeDescription: describeStoreLocation(location),
      close,
      async drain({ delayMs, timeoutMs }) {
        readiness.startDrain();
        app.log.info({ delay_ms: delayMs }, 'draining');
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        const timer = setTimeout(() => {
          app.log.error('drain timed out; closing open connections');
          app.server.closeAllConnections();
        }, timeoutMs);
        timer.unref();
        try {
          await close();
        } finally {
          clearTimeout(timer);
        }
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
