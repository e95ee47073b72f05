import { describe, expect, it } from 'vitest';
import { createReplayIO } from '../__fixtures__/replay-io.js';
import { definePowerShellScript, POWERSHELL_ARGS, powershellArgs, runPowerShell } from './powershell.js';
import { scriptNameOf, WINDOWS_SCRIPTS } from './scripts.js';

const NOW = '2024-11-07T09:00:00.000Z';
const io = (stdout: string, exitCode = 0) =>
  createReplayIO({
    name: 'ps',
    platform: 'win32',
    now: NOW,
    commands: { 'powershell os-version': { stdout, exitCode } },
    missingTools: [],
    files: {},
    dirs: {},
    stats: {},
  });

describe('PowerShell scripts', () => {
  it('are fixed one-line texts without double quotes, each with a unique name', () => {
    expect(new Set(WINDOWS_SCRIPTS.map((s) => s.name)).size).toBe(WINDOWS_SCRIPTS.length);
    for (const script of WINDOWS_SCRIPTS) {
      expect(script.text).not.toMatch(/["\r\n]/);
      expect(script.text).toMatch(/^\$ErrorActionPreference = 'Stop'; /);
      expect(script.text).toContain('ConvertTo-Json');
      expect(script.text).not.toMatch(/Invoke-Expression|iex |DownloadString|Start-Process/i);
    }
    expect(() => definePowerShellScript('bad', ['Write-Output "x"'])).toThrow(TypeError);
  });

  it('are recognised only with the fixed arguments', () => {
    const script = WINDOWS_SCRIPTS[0]!;
    expect(scriptNameOf(powershellArgs(script))).toBe(script.name);
    expect(scriptNameOf([...POWERSHELL_ARGS, `${script.text}; Remove-Item C:\\`])).toBeNull();
    expect(scriptNameOf(['-Command', script.text])).toBeNull();
  });
});

describe('runPowerShell', () => {
  const script = WINDOWS_SCRIPTS.find((s) => s.name === 'os-version')!;
  it('parses JSON output (with a BOM)', async () => {
    expect(await runPowerShell(io('\uFEFF{"a":1}\r\n').io, script)).toMatchObject({ ok: true, json: { a: 1 } });
  });
  it('classifies script errors by exception type and HRESULT, not by message', async () => {
    const denied = await runPowerShell(
      io(
        '{"vigilError":"System.Runtime.InteropServices.COMException","hresult":-2147024891,"message":"Zugriff verweigert"}',
      ).io,
      script,
    );
    expect(denied).toMatchObject({ ok: false, kind: 'script-error', code: 'VIGIL_COLLECT_PERMISSION_DENIED' });
    const other = await runPowerShell(
      io('{"vigilError":"System.Management.Automation.CommandNotFoundException","hresult":-2146233087,"message":"x"}')
        .io,
      script,
    );
    expect(other).toMatchObject({
      ok: false,
      code: 'VIGIL_COLLECT_SCRIPT_FAILED',
      exception: 'System.Management.Automation.CommandNotFoundException',
    });
  });
  it('reports output that is not JSON, and a missing powershell.exe', async () => {
    expect(await runPowerShell(io('Get-CimInstance : Invalid class', 1).io, script)).toMatchObject({
      ok: false,
      kind: 'not-json',
    });
    const missing = createReplayIO({
      name: 'm',
      platform: 'win32',
      now: NOW,
      commands: {},
      missingTools: ['powershell'],
      files: {},
      dirs: {},
      stats: {},
    });
    expect(await runPowerShell(missing.io, script)).toMatchObject({
      ok: false,
      kind: 'not-installed',
      code: 'VIGIL_EXEC_NOT_FOUND',
    });
  });
});
