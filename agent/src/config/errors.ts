import { VigilError } from '@vigil/shared/core';

export const CONFIG_ERROR_CODES = ['VIGIL_AGENT_CONFIG_INVALID'] as const;
export type ConfigErrorCode = (typeof CONFIG_ERROR_CODES)[number];

/** Every problem found in every configuration layer, so one run shows them all. */
export class ConfigError extends VigilError {
  declare readonly code: ConfigErrorCode;
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super('VIGIL_AGENT_CONFIG_INVALID', `invalid configuration (${problems.length} problem(s))`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
