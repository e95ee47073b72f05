/** Flag parsing shared by the commands: typed `parseArgs` and the flags every command takes. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CHECK_IDS, isCheckId, type CheckId } from '@vigil/shared/core';
import type { ConfigFlags } from '../config/index.js';
import { UsageError } from './exit-codes.js';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** Taken by every daemon-related command. */
export const COMMON_FLAGS = {
  'state-dir': { type: 'string' },
  config: { type: 'string' },
  json: { type: 'boolean', default: false },
  'log-level': { type: 'string' },
  socket: { type: 'string' },
} as const satisfies ParseArgsOptionsConfig;

export function parseFlags<const T extends ParseArgsOptionsConfig>(
  args: readonly string[],
  options: T,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: false }>>['values'] {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function positiveInt(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new UsageError(`${flag} must be a positive whole number, got "${text}"`);
  return value;
}

export function parseOnly(values: readonly string[] | undefined): CheckId[] | undefined {
  const ids = (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  if (ids.length === 0) return undefined;
  const unknown = ids.filter((id) => !isCheckId(id));
  if (unknown.length > 0)
    throw new UsageError(`unknown check id: ${unknown.join(', ')}`, [`valid checks: ${CHECK_IDS.join(', ')}`]);
  return ids as CheckId[];
}

/** The common flags as a config layer (flags are the highest-precedence layer). */
export function configFlags(values: {
  'state-dir'?: string | undefined;
  config?: string | undefined;
  'log-level'?: string | undefined;
  socket?: string | undefined;
}): ConfigFlags {
  return {
    ...(values['state-dir'] ? { stateDir: values['state-dir'] } : {}),
    ...(values.config ? { configFile: values.config } : {}),
    ...(values['log-level'] ? { logLevel: values['log-level'] as ConfigFlags['logLevel'] } : {}),
    ...(values.socket ? { socketPath: values.socket } : {}),
  };
}
