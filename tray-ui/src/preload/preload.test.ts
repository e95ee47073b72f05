import { readFile } from 'node:fs/promises';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { describe, expect, it, vi } from 'vitest';
import { IPC, type VigilTrayApi } from '../ipc-contract.js';

/** Runs the preload as Electron's sandbox does: a CommonJS script whose only module is `electron`. */
async function loadPreload() {
  const source = await readFile(new URL('./preload.cts', import.meta.url), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const exposed = new Map<string, unknown>();
  const listeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  const ipcRenderer = {
    invoke: vi.fn(async (channel: string, ...args: unknown[]) => ({ ok: true, value: { channel, args } })),
    on: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => void) =>
      listeners.set(channel, listener),
    ),
    removeListener: vi.fn((channel: string) => listeners.delete(channel)),
  };
  const required: string[] = [];
  const require = (name: string) => {
    required.push(name);
    if (name !== 'electron') throw new Error(`sandboxed preloads cannot require ${name}`);
    return { contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) }, ipcRenderer };
  };
  runInNewContext(outputText, { require, exports: {}, module: { exports: {} } });
  return { exposed, ipcRenderer, listeners, required };
}

describe('preload', () => {
  it('requires only electron and exposes six named functions as window.vigil', async () => {
    const { exposed, required } = await loadPreload();
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['vigil']);
    const api = exposed.get('vigil') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([
      'checkNow',
      'decideConsent',
      'getHealth',
      'getPrivacy',
      'onHealthChanged',
      'openLink',
    ]);
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
  });

  it('maps each function to its contract channel', async () => {
    const { exposed, ipcRenderer } = await loadPreload();
    const api = exposed.get('vigil') as VigilTrayApi;
    await api.getHealth();
    await api.checkNow();
    await api.openLink('ms-settings:windowsupdate');
    await api.getPrivacy();
    await api.decideConsent('withdraw', '1');
    expect(ipcRenderer.invoke.mock.calls).toEqual([
      [IPC.statusGet],
      [IPC.checkNow],
      [IPC.linkOpen, 'ms-settings:windowsupdate'],
      [IPC.privacyGet],
      [IPC.consentDecide, 'withdraw', '1'],
    ]);
  });

  it('hands listeners the view only, never the IPC event (it carries ipcRenderer)', async () => {
    const { exposed, listeners, ipcRenderer } = await loadPreload();
    const api = exposed.get('vigil') as VigilTrayApi;
    const received: unknown[][] = [];
    const stop = api.onHealthChanged((...args) => received.push(args));
    listeners.get(IPC.statusChanged)!({ sender: ipcRenderer }, { state: 'compliant' });
    expect(received).toEqual([[{ state: 'compliant' }]]);
    stop();
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith(IPC.statusChanged, expect.any(Function));
  });
});
