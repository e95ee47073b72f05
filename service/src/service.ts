/**
 * Opens a service over a data directory: CA, server certificate, result keys, database, app.
 * The composition root for the CLI and the benchmark; `buildApp` stays usable on its own.
 */
import { hostname } from 'node:os';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { ResultKeyRing } from './appraisal/result-keys.js';
import { buildApp } from './app.js';
import type { CertificateAuthority } from './ca/authority.js';
import { loadOrCreateAuthority, loadOrCreateServerTls, type ServerTls } from './ca/load.js';
import type { ServiceSettings } from './config.js';
import { dataPaths, ensurePrivateDir } from './data-dir.js';
import { openSqliteStore } from './store/sqlite/sqlite-store.js';
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
}

export interface OpenedService {
  app: FastifyInstance;
  store: Store;
  authority: CertificateAuthority;
  tls: ServerTls;
  close(): Promise<void>;
}

export const DEFAULT_SERVER_NAMES = ['localhost', '127.0.0.1', '::1'];

export async function openService(options: OpenServiceOptions): Promise<OpenedService> {
  ensurePrivateDir(options.dataDir);
  const paths = dataPaths(options.dataDir);
  const authority = await loadOrCreateAuthority(
    options.dataDir,
    options.caKeyBits ? { keyBits: options.caKeyBits } : {},
  );
  const names = options.serverNames ?? [...DEFAULT_SERVER_NAMES, hostname()];
  const tls = await loadOrCreateServerTls(options.dataDir, authority, {
    names,
    ...(options.operatorTls ? { operator: options.operatorTls } : {}),
  });
  const keys = await ResultKeyRing.open(paths.resultKeys);
  const store = openSqliteStore(paths.database);
  const app = await buildApp({
    settings: options.settings ?? {},
    store,
    authority,
    keys,
    tls,
    serverTrustAnchors: tls.trustAnchors,
    logger: options.logger ?? false,
  });
  return {
    app,
    store,
    authority,
    tls,
    async close() {
      await app.close();
      await store.close();
    },
  };
}
