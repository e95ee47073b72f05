// Everything. Light entry points for code that must stay small: `@vigil/shared/core` (contracts,
// ids, errors: zod only) and `@vigil/shared/policy` (adds the policy loader and evaluator).
export * from './core.js';
export * from './policy/index.js';
export * from './schemas.js';
export * from './attestation/index.js';
