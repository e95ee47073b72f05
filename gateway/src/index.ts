/** @vigil/gateway: the relying-party kit. Public API; everything else is internal. */
export { REASONS, isReasonCode, type Reason, type ReasonCode } from './reasons.js';
export { GatewayError, GATEWAY_ERROR_CODES, type GatewayErrorCode } from './errors.js';
export type { Logger } from './log.js';

// Verification
export type { CheckOutcome, CheckResult, Decision, DeviceRef } from './verify/decision.js';
export {
  createAttestationVerifier,
  verifyAttestation,
  type AttestationVerifier,
  type RequestBinding,
  type VerifierOptions,
} from './verify/verifier.js';
export { JwksKeyStore, staticKeySet, type JwksSourceOptions, type KeySet } from './verify/key-store.js';
export { MemoryRevocationStore, type MemoryRevocationOptions, type RevocationStore } from './verify/revocation.js';

// Client certificates
export {
  CERT_HEADER_FORMATS,
  DEFAULT_CERT_HEADERS,
  thumbprintFromHeader,
  type CertHeaderFormat,
} from './cert/client-cert-header.js';
export { x5tS256 } from './cert/thumbprint.js';
export { requestReader, DEFAULT_COOKIE, type ClientCertOptions, type RequestReader } from './http/request-binding.js';
export { renderDecision, writeDecision, type RenderedDecision } from './http/respond.js';

// CAEP and background checks
export { createCaepReceiver, type CaepReceiver, type CaepReceiverOptions, type SetOutcome } from './caep/receiver.js';
export { DEVICE_COMPLIANCE_CHANGE, SET_TYP, type ComplianceChange, type ComplianceStatus } from './caep/set-claims.js';
export {
  cachedEarSource,
  serviceEarSource,
  type EarSource,
  type ServiceEarSourceOptions,
} from './background/ear-source.js';

// Servers and middleware
export {
  createForwardAuthServer,
  type ForwardAuthServer,
  type ForwardAuthServerOptions,
} from './server/forward-auth-server.js';
export { buildGateway, type GatewayConfig } from './server/build-gateway.js';
export { createVigilGuard, type VigilGuard, type VigilGuardOptions } from './middleware/guard.js';
export { vigilHttp, type GuardedListener } from './middleware/http.js';
export { vigilExpress, type ExpressLikeNext, type ExpressLikeRequest } from './middleware/express.js';
export {
  vigilFastify,
  vigilFastifyHook,
  type FastifyLikeInstance,
  type FastifyLikeReply,
  type FastifyLikeRequest,
} from './middleware/fastify.js';
