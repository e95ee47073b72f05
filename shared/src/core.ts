/**
 * The light half of @vigil/shared (`@vigil/shared/core`): ids, errors, the posture, verdict and
 * status contracts, and the attestation constants. It loads zod and nothing else: no jose, no
 * yaml, no parsed default policy. The agent daemon's main thread imports only this, so an idle
 * `vigil run` does not carry the signing and policy-loading code the cycle needs
 * (docs/benchmarks.md, idle RSS).
 */
export * from './checks.js';
export * from './errors.js';
export * from './posture.js';
export * from './policy/schema.js';
export * from './policy/verdict.js';
export * from './policy/version.js';
export * from './status.js';
export * from './attestation/base64url.js';
export * from './attestation/errors.js';
export * from './attestation/evidence-claims.js';
export * from './attestation/strict-json.js';
export * from './attestation/thumbprint.js';
export * from './privacy/statement.js';
export * from './enrollment-code.js';
