/** Composition root of `vigil-gateway start`: wires keys, verifier, CAEP and the server. Holds no logic. */
import { cachedEarSource, serviceEarSource, type EarSource } from '../background/ear-source.js';
import { createCaepReceiver } from '../caep/receiver.js';
import type { CertHeaderFormat } from '../cert/client-cert-header.js';
import { requestReader } from '../http/request-binding.js';
import { silentLogger, type Logger } from '../log.js';
import { JwksKeyStore } from '../verify/key-store.js';
import { MemoryRevocationStore } from '../verify/revocation.js';
import { createAttestationVerifier } from '../verify/verifier.js';
import { createForwardAuthServer, type ForwardAuthServer } from './forward-auth-server.js';

export interface GatewayConfig {
  /** JWKS file path or https URL. */
  jwks: string;
  /** PEM of the CA pinned for an https JWKS URL. */
  jwksCa?: string;
  issuer: string;
  audience: string;
  host: string;
  port: number;
  mandatoryChecks: readonly string[];
  maxAgeSeconds: number;
  clockToleranceSeconds: number;
  allowWarning: boolean;
  certFormat: CertHeaderFormat;
  certHeader?: string;
  trustedProxies: readonly string[];
  cookie: string;
  /** Audience of CAEP SETs addressed to this gateway; null disables the receiver. */
  caepAudience: string | null;
  service?: { url: string; ca: string; token?: string };
}

export async function buildGateway(config: GatewayConfig, logger: Logger = silentLogger): Promise<ForwardAuthServer> {
  const keys = await JwksKeyStore.open({
    source: config.jwks,
    ...(config.jwksCa ? { ca: config.jwksCa } : {}),
    onError: (error) => logger.warn({ code: error.code, error: error.message }, 'jwks reload failed'),
  });
  // Keep each revocation as long as an EAR it refuses could still be accepted otherwise.
  const revocations = new MemoryRevocationStore({
    retainSeconds: config.maxAgeSeconds + 2 * config.clockToleranceSeconds,
  });
  const verifier = createAttestationVerifier({
    keys,
    issuer: config.issuer,
    audience: config.audience,
    maxAgeSeconds: config.maxAgeSeconds,
    clockToleranceSeconds: config.clockToleranceSeconds,
    mandatoryChecks: config.mandatoryChecks,
    allowWarning: config.allowWarning,
    revocations,
  });
  let earSource: (EarSource & { clear(): void }) | undefined;
  if (config.service) {
    const service = serviceEarSource({
      serviceUrl: config.service.url,
      ca: config.service.ca,
      audience: config.audience,
      ...(config.service.token ? { bearerToken: config.service.token } : {}),
    });
    earSource = cachedEarSource(service);
  }
  const caep = config.caepAudience
    ? createCaepReceiver({
        keys,
        issuer: config.issuer,
        audience: config.caepAudience,
        revocations,
        clockToleranceSeconds: config.clockToleranceSeconds,
        onEvent: (event, jti) => {
          earSource?.clear();
          logger.info(
            { device: event.deviceId, status: event.status, event_timestamp: event.eventTimestamp, jti },
            'caep event applied',
          );
        },
      })
    : undefined;
  return createForwardAuthServer({
    host: config.host,
    port: config.port,
    verifier,
    reader: requestReader({
      format: config.certFormat,
      ...(config.certHeader ? { header: config.certHeader } : {}),
      trustedProxies: config.trustedProxies,
      cookie: config.cookie,
    }),
    ...(caep ? { caep } : {}),
    ...(earSource ? { earSource } : {}),
    logger,
  });
}
