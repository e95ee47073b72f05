/**
 * Resolves the agent configuration once: defaults < config file < `VIGIL_*` environment <
 * command-line flags < managed (MDM), which a user cannot override. Every layer is validated on its own so a problem names the
 * place to fix it; all problems are reported together; the result is frozen.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { resolve as resolvePath } from 'node:path';
import type { z } from 'zod';
import { ConfigError } from './errors.js';
import { ENV_PATHS, envLayer } from './env.js';
import { defaultManagedSources, type ManagedConfigSource } from './managed.js';
import { userSessionFromEnv } from '../platform/session.js';
import {
  defaultConfigFile,
  defaultSocketPath,
  defaultStateDir,
  isUserMode,
  stateDirSocket,
  type HostFacts,
} from './paths.js';
import {
  ConfigLayerSchema,
  DEFAULTS,
  SETTINGS_SCHEMA,
  type AgentConfig,
  type ConfigLayer,
  type ConfigOrigin,
} from './schema.js';

export interface ConfigFlags extends ConfigLayer {
  stateDir?: string;
  configFile?: string;
}

export interface ResolveOptions {
  env: Readonly<Record<string, string | undefined>>;
  flags?: ConfigFlags;
  /** Injected by tests; defaults to this process's platform, uid and home directory. */
  host?: Partial<Omit<HostFacts, 'env'>>;
  managedSources?: readonly ManagedConfigSource[];
}

interface Layer {
  origin: ConfigOrigin;
  label: string;
  values: unknown;
}

export async function resolveConfig(options: ResolveOptions): Promise<AgentConfig> {
  const { env } = options;
  const { stateDir: stateFlag, configFile: configFlag, ...flagValues } = options.flags ?? {};
  const host: HostFacts = {
    platform: options.host?.platform ?? process.platform,
    uid: options.host?.uid !== undefined ? options.host.uid : (process.getuid?.() ?? null),
    homeDir: options.host?.homeDir ?? homedir(),
    env,
  };
  const userMode = isUserMode(host, flagValues.ownership ?? nonEmpty(env.VIGIL_OWNERSHIP));
  const explicitStateDir = stateFlag ?? nonEmpty(env[ENV_PATHS.stateDir]);
  const stateDir = resolvePath(explicitStateDir ?? defaultStateDir(host, userMode));
  const explicitFile = configFlag ?? nonEmpty(env[ENV_PATHS.configFile]);
  const configFile = resolvePath(explicitFile ?? defaultConfigFile(stateDir));

  const problems: string[] = [];
  const layers: Layer[] = [];
  const file = await readConfigFile(configFile, explicitFile !== undefined);
  if (file.problem) problems.push(`${configFile}: ${file.problem}`);
  if (file.values !== null) layers.push({ origin: 'file', label: configFile, values: file.values });
  layers.push({ origin: 'env', label: 'environment', values: envLayer(env) });
  layers.push({ origin: 'flag', label: 'command line', values: dropUndefined(flagValues) });
  // Managed (MDM) settings are applied last: IT's word must not be overridable by a user's
  // environment variables or flags, so they win over every other layer.
  for (const source of options.managedSources ?? defaultManagedSources(host.platform)) {
    const result = await source.read();
    if (result.problem) problems.push(`${result.origin}: ${result.problem}`);
    if (result.values !== null) layers.push({ origin: 'managed', label: result.origin, values: result.values });
  }

  const merged: Record<string, unknown> = {};
  const origins: Record<string, ConfigOrigin> = {};
  const managedKeys = new Set<string>();
  for (const layer of layers) {
    const parsed = ConfigLayerSchema.safeParse(layer.values);
    if (!parsed.success) {
      problems.push(...describeIssues(layer.label, parsed.error.issues));
      continue;
    }
    for (const [key, value] of leaves(parsed.data)) {
      setLeaf(merged, key, value);
      origins[key] = layer.origin;
      if (layer.origin === 'managed') managedKeys.add(key);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const withDefaults = {
    ...DEFAULTS,
    ...merged,
    // An explicit state dir is a separate agent instance (npm start, tests): its socket lives
    // beside its state so `vigil status --state-dir DIR` finds it and never the system agent's.
    socketPath:
      (merged.socketPath as string | undefined) ??
      (explicitStateDir !== undefined ? stateDirSocket(stateDir) : defaultSocketPath(host, stateDir, userMode)),
    retention: { ...DEFAULTS.retention, ...(merged.retention as object | undefined) },
    push: { ...DEFAULTS.push, ...(merged.push as object | undefined) },
    tray: { ...DEFAULTS.tray, ...(merged.tray as object | undefined) },
  };
  const settings = SETTINGS_SCHEMA.safeParse(withDefaults);
  if (!settings.success) throw new ConfigError(describeIssues('configuration', settings.error.issues));
  const config: AgentConfig = {
    ...settings.data,
    stateDir,
    configFile: file.values !== null ? configFile : null,
    origins,
    managedKeys: [...managedKeys].sort(),
    runAs: {
      userMode,
      privileged: !userMode,
      // A user-mode agent runs inside the user's session, so per-user checks (screen lock) can
      // read it; the system daemon has no session and its collectors say so.
      session: userMode ? userSessionFromEnv(env, host.uid ?? undefined) : null,
    },
  };
  return deepFreeze(config);
}

async function readConfigFile(path: string, explicit: boolean): Promise<{ values: unknown; problem?: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit) return { values: null };
    return { values: null, problem: code === 'ENOENT' ? 'file not found' : `cannot read: ${(error as Error).message}` };
  }
  try {
    return { values: JSON.parse(text) as unknown };
  } catch (error) {
    return { values: null, problem: `not valid JSON: ${(error as Error).message}` };
  }
}

function describeIssues(label: string, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    return `${label}: ${path || '(root)'}: ${issue.message}${keys}`;
  });
}

/** Dotted leaf keys of a layer; arrays are leaves (a list replaces, never merges). */
function leaves(value: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (child === undefined) return [];
    if (child !== null && typeof child === 'object' && !Array.isArray(child)) {
      return leaves(child as Record<string, unknown>, path);
    }
    return [[path, child] as [string, unknown]];
  });
}

function setLeaf(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  const last = parts.pop()!;
  let node = target;
  for (const part of parts) node = (node[part] ??= {}) as Record<string, unknown>;
  node[last] = value;
}

function dropUndefined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
