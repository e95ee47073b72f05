import { describe, expect, it } from 'vitest';
import type { Exec, ExecOutcome, ToolName } from './exec.js';
import { ExecError } from './exec.js';
import { createMemorySlowProbeStore, createSlowProbes } from './slow-probe.js';

const request = { tool: 'softwareupdate' as const, args: ['--list'], maxAgeMs: 60_000, waitMs: 50, timeoutMs: 1_000 };

function fakeExec(delayMs: number, outcome: Partial<ExecOutcome> = {}) {
  const calls: Array<{ args: readonly string[]; signal?: AbortSignal }> = [];
  const exec: Exec<ToolName> = (tool, args, options) => {
    calls.push({ args, ...(options?.signal ? { signal: options.signal } : {}) });
    return new Promise((resolve) =>
      setTimeout(
        () =>
          resolve({
            ok: true,
            command: `/usr/sbin/${tool} ${args.join(' ')}`,
            stdout: 'out',
            stderr: '',
            exitCode: 0,
            durationMs: delayMs,
            ...outcome,
          } as ExecOutcome),
        delayMs,
      ),
    );
  };
  return { exec, calls };
}

describe('slow probes', () => {
  it('answers from a fresh answer without running anything', async () => {
    const store = createMemorySlowProbeStore();
    await store.set('softwareupdate --list', {
      command: 'c',
      stdout: 'cached',
      stderr: '',
      exitCode: 0,
      durationMs: 1,
      finishedAt: '2024-11-07T08:59:30.000Z',
    });
    const { exec, calls } = fakeExec(0);
    const probes = createSlowProbes({ exec, store, now: () => new Date('2024-11-07T09:00:00.000Z') });
    expect(await probes.read(request)).toMatchObject({ answer: { stdout: 'cached' }, refreshing: false });
    expect(calls).toHaveLength(0);
  });

  it('waits a little for a refresh, then returns what it has while the refresh goes on', async () => {
    const { exec, calls } = fakeExec(200);
    const probes = createSlowProbes({ exec, store: createMemorySlowProbeStore() });
    const first = await probes.read(request);
    expect(first).toEqual({ answer: null, refreshing: true, lastError: null });
    // A second reader during the refresh does not start another command.
    await probes.read(request);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.signal).toBeUndefined(); // not bound to any check's budget
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await probes.read(request)).toMatchObject({ answer: { stdout: 'out' }, refreshing: false });
  });

  it('keeps the last good answer and reports why a refresh failed', async () => {
    const store = createMemorySlowProbeStore();
    await store.set('softwareupdate --list', {
      command: 'c',
      stdout: 'old',
      stderr: '',
      exitCode: 0,
      durationMs: 1,
      finishedAt: '2024-01-01T00:00:00.000Z',
    });
    const exec: Exec<ToolName> = async () => ({
      ok: false,
      command: 'softwareupdate',
      durationMs: 0,
      error: new ExecError('VIGIL_EXEC_TIMEOUT', 'no result'),
    });
    const read = await createSlowProbes({ exec, store }).read(request);
    expect(read).toMatchObject({
      answer: { stdout: 'old' },
      refreshing: false,
      lastError: { code: 'VIGIL_EXEC_TIMEOUT' },
    });
  });
});
