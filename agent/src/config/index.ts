export { resolveConfig, type ConfigFlags, type ResolveOptions } from './resolve.js';
export { ConfigError } from './errors.js';
export type { AgentConfig, ConfigLayer, ConfigOrigin } from './schema.js';
export { jsonFileSource, type ManagedConfigSource } from './managed.js';
