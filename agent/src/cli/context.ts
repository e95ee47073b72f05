/**
 * What every daemon-related command starts from: the environment (passed in from the entry,
 * never read here), the resolved configuration and a logger.
 */
import { resolveConfig, ConfigError, type AgentConfig, type ConfigFlags } from '../config/index.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { UsageError } from './exit-codes.js';
import type { CliOutput } from './output.js';

export interface CliContext {
  env: Readonly<Record<string, string | undefined>>;
  output: CliOutput;
}

export async function loadConfig(ctx: CliContext, flags: ConfigFlags): Promise<AgentConfig> {
  try {
    return await resolveConfig({ env: ctx.env, flags });
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`${error.message}:`, error.problems);
    throw error;
  }
}

/** Commands log warnings and errors only, unless asked; the daemon logs at the configured level. */
export function commandLogger(config: AgentConfig, daemon = false): Logger {
  const explicit = config.origins.logLevel !== undefined;
  return createLogger({ level: daemon || explicit ? config.logLevel : 'warn' });
}
