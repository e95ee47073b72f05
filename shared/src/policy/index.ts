/**
 * `@vigil/shared/policy`: loading (YAML), evaluating and hashing policies, and the default
 * policy. Without the attestation code (jose): the agent daemon loads this on demand to show its
 * own reading before the service has answered.
 */
export * from './load.js';
export * from './evaluate.js';
export * from './hash.js';
export * from './default-policy.js';
