import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ExecError, type ExecOutcome } from '../platform/exec.js';
import { parseRegQuery, RegParseError } from './managed-reg.js';
import { registryLayer, registryPolicySource, WIN32_POLICY_KEY, type RegExec } from './managed-win32.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/managed/${name}`, import.meta.url), 'utf8');

/** Serves one recorded run of reg.exe and fails on any other command. */
function replay(stdout: string, exitCode = 0, stderr = ''): RegExec & { calls: string[][] } {
  const calls: string[][] = [];
  const exec = async (tool: 'reg', args: readonly string[]): Promise<ExecOutcome> => {
    calls.push([tool, ...args]);
    return { ok: true, command: `reg ${args.join(' ')}`, stdout, stderr, exitCode, durationMs: 1 };
  };
  return Object.assign(exec, { calls });
}

describe('parseRegQuery', () => {
  it('reads keys, value types, hex DWORDs and \\0-joined REG_MULTI_SZ', () => {
    expect(parseRegQuery(fixture('win32-reg-query.txt'), WIN32_POLICY_KEY)).toEqual([
      {
        subkey: '',
        values: [
          { name: 'ServerUrl', type: 'REG_SZ', data: 'https://vigil.example.com' },
          { name: 'intervalMinutes', type: 'REG_DWORD', data: 10 },
          { name: 'Ownership', type: 'REG_SZ', data: 'personal' },
          { name: 'checks', type: 'REG_MULTI_SZ', data: ['os.version', 'disk.encryption'] },
        ],
      },
      { subkey: 'Push', values: [{ name: 'timeoutMs', type: 'REG_DWORD', data: 20000 }] },
      { subkey: 'tray', values: [{ name: 'allowHideWhenHealthy', type: 'REG_DWORD', data: 1 }] },
    ]);
  });

  it('skips the localized default value, keeps empty strings and QWORDs', () => {
    const text =
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Vigil\n    (Standard)    REG_SZ    x\n    a    REG_SZ    \n    b    REG_QWORD    0x280000000\n';
    expect(parseRegQuery(text, WIN32_POLICY_KEY)[0]!.values).toEqual([
      { name: 'a', type: 'REG_SZ', data: '' },
      { name: 'b', type: 'REG_QWORD', data: 0x280000000 },
    ]);
  });

  it.each([
    ['HKEY_LOCAL_MACHINE\\SOFTWARE\\Other\n', 'key outside'],
    ['    a    REG_SZ    x\n', 'unrecognized line'],
    ['HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Vigil\n    a    REG_LINK    x\n', 'unsupported value type'],
    ['HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Vigil\n    a    REG_DWORD    12\n', 'bad REG_DWORD'],
    ['HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Vigil\n  garbage\n', 'unrecognized line'],
  ])('rejects %j', (text, message) => {
    expect(() => parseRegQuery(text, WIN32_POLICY_KEY)).toThrow(RegParseError);
    expect(() => parseRegQuery(text, WIN32_POLICY_KEY)).toThrow(message);
  });
});

describe('registryPolicySource', () => {
  it('runs exactly reg query <key> /s /reg:64 and maps values onto the schema spelling and types', async () => {
    const exec = replay(fixture('win32-reg-query.txt'));
    const result = await registryPolicySource(exec).read();
    expect(exec.calls).toEqual([['reg', 'query', 'HKLM\\SOFTWARE\\Policies\\Vigil', '/s', '/reg:64']]);
    expect(result).toEqual({
      origin: WIN32_POLICY_KEY,
      values: {
        serverUrl: 'https://vigil.example.com',
        intervalMinutes: 10,
        ownership: 'personal',
        checks: ['os.version', 'disk.encryption'],
        push: { timeoutMs: 20000 },
        tray: { allowHideWhenHealthy: true },
      },
    });
  });

  it('treats an absent policy key (exit 1, no output) as nothing managed', async () => {
    const result = await registryPolicySource(
      replay('', 1, 'ERROR: The system was unable to find the specified registry key or value.'),
    ).read();
    expect(result).toEqual({ origin: WIN32_POLICY_KEY, values: null });
  });

  it('reports a failed or unreadable query instead of ignoring it', async () => {
    const failed: RegExec = async () => ({
      ok: false,
      command: 'reg',
      error: new ExecError('VIGIL_EXEC_NOT_FOUND', 'reg not found'),
      durationMs: 0,
    });
    expect((await registryPolicySource(failed).read()).problem).toContain('cannot run reg.exe: reg not found');
    expect((await registryPolicySource(replay('', 5, 'denied')).read()).problem).toBe('reg.exe exited 5: denied');
    expect((await registryPolicySource(replay('nonsense\n')).read()).problem).toContain('unreadable reg.exe output');
  });

  it('passes typos and wrong types through so the schema names them', () => {
    const layer = registryLayer(parseRegQuery(fixture('win32-reg-query-typos.txt'), WIN32_POLICY_KEY));
    expect(layer).toEqual({
      serverUrl: 'https://vigil.example.com',
      intervalMinuts: 10,
      jitterSeconds: '30',
      'push\\extra': 'nested deeper than one group',
    });
  });

  it('keeps a boolean DWORD other than 0/1 as a number (the schema rejects it)', () => {
    const layer = registryLayer([
      { subkey: 'tray', values: [{ name: 'allowHideWhenHealthy', type: 'REG_DWORD', data: 2 }] },
    ]);
    expect(layer).toEqual({ tray: { allowHideWhenHealthy: 2 } });
  });
});
