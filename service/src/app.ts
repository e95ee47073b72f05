/**
 * `buildApp(config)`: the fastify application. One HTTPS server serves everything: the TLS
 * layer asks for a client certificate but does not require one (enrollment has none), and
 * mTLS routes then insist on an authorized, registered certificate.
 */
import { parseStrictJson, StrictJsonError } from '@vigil/shared';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type FastifyReply } from 'fastify';
import { createAppraiser, type Appraiser } from './appraisal/appraisal-pool.js';
import { PolicyHolder } from './appraisal/policy-holder.js';
import type { ResultKeyRing } from './appraisal/result-keys.js';
import type { CertificateAuthority } from './ca/authority.js';
import { createCaepTransmitter, type CaepTransmitter } from './caep/transmitter.js';
import { resolveSettings, type ServiceSettings } from './config.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { installErrorHandling, toServiceError } from './plugins/error-handler.js';
import { Metrics } from './plugins/metrics.js';
import { installOverloadProtection } from './plugins/overload.js';
import { timeStoreCalls } from './plugins/store-timing.js';
import { registerAdminRoutes } from './routes/admin/index.js';
import { registerChallengeRoutes } from './routes/challenges/index.js';
import { registerDeviceRoutes } from './routes/devices/index.js';
import { registerEnrollmentRoutes } from './routes/enroll/index.js';
import { registerEvidenceRoutes } from './routes/evidence/index.js';
import { registerHealthRoutes } from './routes/health/index.js';
import { registerJwksRoutes } from './routes/jwks/index.js';
import { collectRoute, type CollectedRoute } from './routes/openapi/document.js';
import { registerOpenApiRoute } from './routes/openapi/index.js';
import { Readiness } from './readiness.js';
import type { Store } from './store/types.js';

export const SERVICE_VERSION = '0.1.0';

export interface AppConfig {
  settings?: Partial<ServiceSettings>;
  store: Store;
  authority: CertificateAuthority;
  keys: ResultKeyRing;
  /** Server key and certificate (PEM). Without them the app is plain HTTP, for inject() tests. */
  tls?: { key: string; cert: string };
  /** Trust anchors for the server certificate handed to agents (default: the device CA). */
  serverTrustAnchors?: readonly string[];
  logger?: FastifyServerOptions['logger'];
  now?: () => Date;
  /** Replaces the CAEP transmitter built from `settings.caepReceivers` (tests record events). */
  caep?: CaepTransmitter;
  /** Replaces the appraiser built from `settings.appraisalThreads` (tests make it fail). */
  appraiser?: Appraiser;
  /** Drain state shared with whoever stops the service (default: a fresh, ready one). */
  readiness?: Readiness;
  /**
   * Replicas sharing a database: re-read the stored policy this often, so a policy an admin
   * stored through another replica takes effect here too (0 or absent: never).
   */
  policyRefreshMs?: number;
}

/** Queued SETs get this long to go out when the service stops. */
const CAEP_SHUTDOWN_FLUSH_MS = 2_000;

export async function buildApp(config: AppConfig): Promise<FastifyInstance> {
  const settings = resolveSettings(config.settings);
  if (settings.testClientCertHeader && config.tls) {
    // The header hook stands in for TLS in inject() tests; next to real TLS it would be a bypass.
    throw new Error('testClientCertHeader cannot be combined with a TLS server');
  }
  const app = Fastify({
    logger: config.logger ?? false,
    bodyLimit: settings.bodyLimitBytes,
    trustProxy: false,
    return503OnClosing: true,
    // Strict: unknown body members are an error, not silently dropped.
    ajv: { customOptions: { removeAdditional: false } },
    // A malformed %-escape or an over-long path parameter fails in the router, before the error
    // handler; without this fastify answered its own {code: "FST_ERR_…"} (found by fuzzing).
    frameworkErrors: (error, _request, reply) => {
      const { statusCode, code, message } = toServiceError(error);
      void (reply as FastifyReply).status(statusCode).type('application/json; charset=utf-8').send({ code, message });
    },
    ...(config.tls
      ? {
          https: {
            key: config.tls.key,
            cert: config.tls.cert,
            ca: [config.authority.certPem],
            requestCert: true,
            // Server side only: enrollment has no client certificate. Routes enforce mTLS.
            rejectUnauthorized: false,
            minVersion: 'TLSv1.2' as const,
            // A resumed session keeps the client certificate and its verification result from
            // the full handshake, and every request still checks the registry (device-auth.ts),
            // so a ban or a renewal applies to resumed connections too.
            sessionTimeout: settings.tlsSessionTimeoutSeconds,
            // Node derives the default from the process's argv, which differs between replicas
            // (and restarts with other flags); OpenSSL resumes a client-certificate session only
            // under the context that made it.
            sessionIdContext: 'vigil-service',
          },
        }
      : {}),
  });

  const metrics = new Metrics();
  const ctx: ServiceContext = {
    settings,
    store: timeStoreCalls(config.store, metrics),
    authority: config.authority,
    keys: config.keys,
    policy: await PolicyHolder.load(config.store),
    appraiser:
      config.appraiser ??
      createAppraiser({
        threads: settings.appraisalThreads,
        settings,
        onProblem: (message, err) => app.log.error({ err }, message),
      }),
    metrics,
    now: config.now ?? (() => new Date()),
    readiness: config.readiness ?? new Readiness(),
    caCertificates: [...new Set([config.authority.certPem, ...(config.serverTrustAnchors ?? [])])],
    enrollmentTrustAnchor: config.serverTrustAnchors?.[0] ?? config.authority.certPem,
    caep:
      config.caep ??
      createCaepTransmitter({
        issuer: settings.issuer,
        signingKey: () => config.keys.current(),
        receivers: settings.caepReceivers,
        onProblem: (problem) => {
          const url = new URL(problem.url);
          app.log.warn(
            {
              receiver: `${url.origin}${url.pathname}`,
              jti: problem.jti,
              attempt: problem.attempt,
              final: problem.final,
              error: problem.error,
            },
            problem.final ? 'caep event not delivered; giving up' : 'caep event delivery failed; will retry',
          );
        },
      }),
  };
  metrics.addCollector(() =>
    [
      '# HELP vigil_appraisal_threads Worker threads appraising reports (0: on the event loop).',
      '# TYPE vigil_appraisal_threads gauge',
      `vigil_appraisal_threads ${ctx.appraiser.threads}`,
    ].join('\n'),
  );
  app.log.info({ appraisal_threads: ctx.appraiser.threads }, 'appraisal ready');
  app.addHook('onClose', async () => {
    await ctx.caep.flush(CAEP_SHUTDOWN_FLUSH_MS);
    ctx.caep.stop();
    await ctx.appraiser.close();
  });

  app.decorateRequest('device', null);
  installErrorHandling(app, metrics);
  // First onRequest hook: a request turned away for overload costs nothing more.
  installOverloadProtection(app, settings, metrics);
  installStrictJson(app);
  app.addHook('onResponse', async (request, reply) => {
    metrics.countRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode);
  });
  const routes: CollectedRoute[] = [];
  app.addHook('onRoute', (options) => collectRoute(routes, options));

  registerEnrollmentRoutes(app, ctx);
  registerChallengeRoutes(app, ctx);
  registerEvidenceRoutes(app, ctx);
  registerDeviceRoutes(app, ctx);
  registerJwksRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerHealthRoutes(app, ctx);
  registerOpenApiRoute(app, routes, SERVICE_VERSION);

  if (config.policyRefreshMs) {
    const timer = setInterval(() => {
      ctx.policy
        .refresh(ctx.store)
        .then((changed) => {
          if (changed) app.log.info({ policy_hash: ctx.policy.get().hash }, 'policy changed by another replica');
        })
        .catch((err: unknown) => app.log.warn({ err }, 'policy refresh failed'));
    }, config.policyRefreshMs);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  }
  if (settings.purgeIntervalSeconds > 0) {
    const keep = settings.idempotencyRetentionHours * 3_600_000;
    const timer = setInterval(() => {
      ctx.store.purge(ctx.now(), keep).catch((err: unknown) => app.log.error({ err }, 'purge failed'));
    }, settings.purgeIntervalSeconds * 1000);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  }
  return app;
}

/** JSON bodies go through the strict scanner: duplicate members and deep nesting are refused. */
function installStrictJson(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, parseStrictJson(text, { maxDepth: 16 }));
    } catch (error) {
      if (!(error instanceof StrictJsonError)) return done(error as Error, undefined);
      const code =
        error.reason === 'duplicate-key'
          ? 'VIGIL_HTTP_DUPLICATE_KEY'
          : error.reason === 'too-deep'
            ? 'VIGIL_HTTP_TOO_DEEP'
            : 'VIGIL_HTTP_MALFORMED_JSON';
      done(new ServiceError(400, code, `JSON body rejected: ${error.message}`), undefined);
    }
  });
}
