/**
 * Windows policies: Group Policy or Intune (installers/windows/policy/vigil.admx) write the
 * enforced settings under HKLM\SOFTWARE\Policies\Vigil, a key only administrators can change.
 * Value names are the setting names (`serverUrl`), nested groups are subkeys (`push\timeoutMs`).
 * Read with `reg.exe query /s` through the allowlisted runner: only platform/exec.ts starts
 * processes, and reg.exe is in every Windows installation.
 */
import type { ExecOptions, ExecOutcome } from '../platform/exec.js';
import type { ManagedConfigSource, ManagedReadResult } from './managed.js';
import { parseRegQuery, RegParseError, type RegKey, type RegValue } from './managed-reg.js';
import { settingSpecs, type SettingSpec } from './managed-settings.js';

export const WIN32_POLICY_KEY = 'HKLM\\SOFTWARE\\Policies\\Vigil';

/** The allowlisted runner, narrowed to the one tool this source needs. */
export type RegExec = (tool: 'reg', args: readonly string[], options?: ExecOptions) => Promise<ExecOutcome>;

export function registryPolicySource(exec: RegExec, key: string = WIN32_POLICY_KEY): ManagedConfigSource {
  return { name: 'Windows policy registry', read: () => readPolicyKey(exec, key) };
}

async function readPolicyKey(exec: RegExec, key: string): Promise<ManagedReadResult> {
  const origin = key;
  // /reg:64: read the 64-bit view whatever the bitness of node.exe, as GPO writes it.
  const outcome = await exec('reg', ['query', key, '/s', '/reg:64'], {
    timeoutMs: 10_000,
    maxOutputBytes: 1024 * 1024,
  });
  if (!outcome.ok) return { origin, values: null, problem: `cannot run reg.exe: ${outcome.error.message}` };
  // reg.exe exits 1 with nothing on stdout when the key does not exist (its stderr is localized,
  // so the exit code and the empty output are the only reliable signs): no policy configured.
  if (outcome.exitCode === 1 && outcome.stdout.trim() === '') return { origin, values: null };
  if (outcome.exitCode !== 0) {
    return { origin, values: null, problem: `reg.exe exited ${outcome.exitCode}: ${outcome.stderr.trim()}` };
  }
  try {
    return { origin, values: registryLayer(parseRegQuery(outcome.stdout, key)) };
  } catch (error) {
    if (error instanceof RegParseError)
      return { origin, values: null, problem: `unreadable reg.exe output: ${error.message}` };
    throw error;
  }
}

/**
 * Registry keys → one config layer. Names match case-insensitively (the registry ignores case)
 * and are rewritten to the schema's spelling; an unknown name is passed through unchanged so the
 * strict schema reports it, exactly like a typo in managed.json.
 */
export function registryLayer(
  keys: readonly RegKey[],
  specs: readonly SettingSpec[] = settingSpecs(),
): Record<string, unknown> {
  const layer: Record<string, unknown> = {};
  const groups = new Map(specs.filter((s) => s.group).map((s) => [s.group!.toLowerCase(), s.group!]));
  for (const key of keys) {
    if (key.subkey.includes('\\')) {
      setOwn(layer, key.subkey, 'nested deeper than one group'); // reported by the schema as an unknown key
      continue;
    }
    const group = key.subkey === '' ? null : (groups.get(key.subkey.toLowerCase()) ?? key.subkey);
    let target = layer;
    if (group !== null) {
      if (!Object.hasOwn(layer, group)) setOwn(layer, group, {});
      const existing = layer[group];
      if (typeof existing !== 'object' || existing === null || Array.isArray(existing)) {
        // A value and a subkey of the same name (a TypeError before, found by fuzzing).
        setOwn(layer, group, 'both a value and a subkey of this name'); // reported by the schema
        continue;
      }
      target = existing as Record<string, unknown>;
    }
    for (const value of key.values) {
      const spec = specs.find((s) => s.group === group && s.name.toLowerCase() === value.name.toLowerCase());
      setOwn(target, spec?.name ?? value.name, spec ? typed(spec, value) : value.data);
    }
  }
  return layer;
}

/**
 * An own property whatever the name: with plain assignment a `__proto__` key (or subkey) set the
 * layer's prototype, or wrote its values onto Object.prototype for the whole process (found by
 * fuzzing). As an own key the strict schema reports it as unknown, like any other typo.
 */
function setOwn(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * ADMX stores booleans as DWORD 0/1 and lists as REG_MULTI_SZ. Anything that does not fit the
 * setting is passed on as read, so schema validation names the setting and the problem.
 */
function typed(spec: SettingSpec, value: RegValue): unknown {
  if (spec.kind === 'boolean' && value.type === 'REG_DWORD' && (value.data === 0 || value.data === 1)) {
    return value.data === 1;
  }
  return value.data;
}
