/**
 * Windows collectors run fixed PowerShell scripts that print JSON. Why: netsh and manage-bde print
 * localized text, while object properties and enum names are the same on every Windows. Scripts
 * are constants of this code base, never assembled from input, and written on one line without
 * double quotes so that Windows' command-line quoting cannot change them on the way to
 * powershell.exe.
 */
import type { ExecFailure, ExecResult } from '../../platform/exec.js';
import type { CollectorIO } from '../../platform/io.js';

export interface PowerShellScript {
  /** Stable name: the replay key and the fixture file name (`powershell os-version`). */
  readonly name: string;
  readonly text: string;
}

export const POWERSHELL_ARGS = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command'] as const;

// UTF-8 output (the console code page would mangle product names); errors as JSON, classified by
// exception type and HRESULT, which are not localized (the message is, and is only shown).
const PRELUDE =
  "$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue'; [Console]::OutputEncoding = [Text.Encoding]::UTF8";
const ON_ERROR =
  'catch { ConvertTo-Json -Compress -InputObject ([ordered]@{ vigilError = $_.Exception.GetType().FullName; hresult = $_.Exception.HResult; message = $_.Exception.Message }) }';

/** `body` statements must assign the result to `$r`. */
export function definePowerShellScript(name: string, body: readonly string[]): PowerShellScript {
  const text = `${PRELUDE}; try { ${body.join('; ')}; ConvertTo-Json -Compress -Depth 6 -InputObject $r } ${ON_ERROR}`;
  if (/["\r\n]/.test(text)) throw new TypeError(`PowerShell script ${name}: no double quotes or line breaks`);
  return { name, text };
}

export const powershellArgs = (script: PowerShellScript): readonly string[] => [...POWERSHELL_ARGS, script.text];

export interface ScriptFailure {
  ok: false;
  /** not-installed: no powershell.exe; failed: did not run to completion; script-error: threw. */
  kind: 'not-installed' | 'failed' | 'script-error' | 'not-json';
  code: `VIGIL_${string}`;
  message: string;
  /** The .NET exception type for script errors (UnauthorizedAccessException…). */
  exception?: string;
}
export type ScriptOutcome = { ok: true; json: unknown; run: ExecResult } | ScriptFailure;

const ACCESS_DENIED = new Set([-2147024891, 0x80041003 - 0x1_0000_0000]); // E_ACCESSDENIED, WBEM_E_ACCESS_DENIED

export async function runPowerShell(
  io: CollectorIO,
  script: PowerShellScript,
  timeoutMs = 20_000,
): Promise<ScriptOutcome> {
  const run: ExecResult | ExecFailure = await io.exec('powershell', powershellArgs(script), { timeoutMs });
  if (!run.ok) {
    const kind = run.error.code === 'VIGIL_EXEC_NOT_FOUND' ? 'not-installed' : 'failed';
    return { ok: false, kind, code: run.error.code, message: run.error.message };
  }
  let json: unknown;
  try {
    json = JSON.parse(run.stdout.replace(/^\uFEFF/, '').trim());
  } catch {
    const why = run.stderr.trim().split('\n')[0] ?? '';
    return {
      ok: false,
      kind: 'not-json',
      code: 'VIGIL_COLLECT_SCRIPT_OUTPUT',
      message: `${script.name}: exit ${run.exitCode}, no JSON output ${why}`.trim(),
    };
  }
  const error = scriptError(json);
  if (error) {
    const denied = ACCESS_DENIED.has(error.hresult) || /UnauthorizedAccess/.test(error.type);
    return {
      ok: false,
      kind: 'script-error',
      code: denied ? 'VIGIL_COLLECT_PERMISSION_DENIED' : 'VIGIL_COLLECT_SCRIPT_FAILED',
      message: `${script.name}: ${error.type}: ${error.message}`.slice(0, 900),
      exception: error.type,
    };
  }
  return { ok: true, json, run };
}

/** A `{vigilError, hresult, message}` object, as the wrapper or a script's own catch prints it. */
export function scriptError(json: unknown): { type: string; hresult: number; message: string } | null {
  if (typeof json !== 'object' || json === null || !('vigilError' in json)) return null;
  const record = json as Record<string, unknown>;
  return {
    type: String(record.vigilError),
    hresult: typeof record.hresult === 'number' ? record.hresult : 0,
    message: typeof record.message === 'string' ? record.message : '',
  };
}

/** The catch clause scripts use around optional parts, so one missing provider is not fatal. */
export const partError = (name: string) =>
  `catch { $${name} = [ordered]@{ vigilError = $_.Exception.GetType().FullName; hresult = $_.Exception.HResult; message = $_.Exception.Message } }`;
