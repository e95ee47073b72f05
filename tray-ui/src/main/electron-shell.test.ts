import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC } from '../ipc-contract.js';
import { createFakeElectron } from '../test-support/fake-electron.js';
import { createElectronPort } from './electron-port.js';
import { runTray } from './electron-shell.js';
import { RENDERER_CSP, secureWebPreferences } from './window-security.js';

const paths = { preload: '/opt/vigil/dist/preload/preload.cjs', indexHtml: '/opt/vigil/dist/renderer/index.html' };
const rendererUrl = pathToFileURL(paths.indexHtml).href;
let dir: string;

beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'vigil-shell-'))));
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function started() {
  const fake = createFakeElectron();
  const config = {
    platform: 'linux' as const,
    socketPath: join(dir, 'absent.sock'),
    pollIntervalMs: 3_600_000,
    helpHosts: [],
  };
  await runTray(fake.electron, config, paths, () => {});
  await vi.waitFor(() => expect(fake.record.tooltips.length).toBeGreaterThan(0));
  return fake;
}

describe('electron shell: every window is locked down', () => {
  it('creates windows only with the secure webPreferences', async () => {
    const { record, electron } = await started();
    const port = createElectronPort(electron, paths, 'linux', () => {});
    port.openWindow();
    port.openWindow('privacy'); // reuses the window
    (record.appListeners.get('second-instance') as () => void)();
    expect(record.windows.length).toBeGreaterThan(0);
    for (const window of record.windows)
      expect(window.options.webPreferences).toEqual(secureWebPreferences(paths.preload));
    expect(record.windows[0]!.loaded).toEqual([
      [paths.indexHtml, { hash: '' }],
      [paths.indexHtml, { hash: 'privacy' }],
    ]);
    (record.appListeners.get('before-quit') as () => void)();
  });

  it('guards every webContents: navigation, redirects, webviews and window.open', async () => {
    const { record, electron } = await started();
    createElectronPort(electron, paths, 'linux', () => {}).openWindow();
    const contents = record.windows[0]!.contents;
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      (contents.listeners.get(event) as (e: { preventDefault(): void }) => void)({ preventDefault });
      expect(preventDefault, event).toHaveBeenCalled();
    }
    expect(contents.openHandler?.({ url: 'https://evil.example.net/' })).toEqual({ action: 'deny' });
    (record.appListeners.get('before-quit') as () => void)();
  });

  it('denies permissions and sends the CSP header', async () => {
    const { record } = await started();
    const granted = vi.fn();
    record.permissionHandler!({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(record.permissionCheck!()).toBe(false);
    const callback = vi.fn();
    (record.headersListener as (d: unknown, cb: unknown) => void)({ responseHeaders: {} }, callback);
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [RENDERER_CSP] } });
    (record.appListeners.get('before-quit') as () => void)();
  });

  it('registers exactly the contract channels, each checking its sender', async () => {
    const { record } = await started();
    expect([...record.ipcHandlers.keys()].sort()).toEqual(
      [IPC.checkNow, IPC.linkOpen, IPC.statusGet, IPC.privacyGet, IPC.consentDecide].sort(),
    );
    const foreign = { senderFrame: { url: 'https://evil.example.net/', parent: null } };
    for (const handler of record.ipcHandlers.values())
      await expect(handler(foreign, 'https://x')).resolves.toMatchObject({
        ok: false,
        error: { code: 'VIGIL_TRAY_IPC_FORBIDDEN' },
      });
    const ours = { senderFrame: { url: rendererUrl, parent: null } };
    await expect(record.ipcHandlers.get(IPC.statusGet)!(ours)).resolves.toMatchObject({
      ok: true,
      value: { state: 'unknown', unknownReason: 'agent-unreachable' },
    });
    await expect(record.ipcHandlers.get(IPC.linkOpen)!(ours, 'javascript:alert(1)')).resolves.toEqual({
      ok: true,
      value: { opened: false },
    });
    await expect(record.ipcHandlers.get(IPC.linkOpen)!(ours, 42)).resolves.toMatchObject({
      ok: false,
      error: { code: 'VIGIL_TRAY_IPC_INVALID_ARGS' },
    });
    expect(record.opened).toEqual([]);
    (record.appListeners.get('before-quit') as () => void)();
  });

  it('validates consent decisions and answers the privacy report, from our window only', async () => {
    const { record } = await started();
    const decide = record.ipcHandlers.get(IPC.consentDecide)!;
    const ours = { senderFrame: { url: rendererUrl, parent: null } };
    const child = { senderFrame: { url: rendererUrl, parent: {} } };
    await expect(decide(child, 'accept', '1')).resolves.toMatchObject({ error: { code: 'VIGIL_TRAY_IPC_FORBIDDEN' } });
    for (const args of [
      [],
      ['accept'],
      ['agree', '1'],
      ['accept', ''],
      ['accept', 'v 1'],
      ['accept', 1],
      ['accept', '1', 'x'],
    ])
      await expect(decide(ours, ...args), JSON.stringify(args)).resolves.toMatchObject({
        ok: false,
        error: { code: 'VIGIL_TRAY_IPC_INVALID_ARGS' },
      });
    // Well-formed, but no agent listens: nothing recorded, and a sentence that says why.
    await expect(decide(ours, 'withdraw', '1')).resolves.toEqual({
      ok: true,
      value: { recorded: false, message: 'The Vigil agent is not running, so nothing was changed.' },
    });
    await expect(record.ipcHandlers.get(IPC.privacyGet)!(ours)).resolves.toMatchObject({
      ok: true,
      value: { problem: expect.stringContaining('not running'), lastReport: null, activity: [] },
    });
    await expect(record.ipcHandlers.get(IPC.privacyGet)!(ours, 'extra')).resolves.toMatchObject({
      error: { code: 'VIGIL_TRAY_IPC_INVALID_ARGS' },
    });
    (record.appListeners.get('before-quit') as () => void)();
  });

  it('shows the tray with the agent-not-running state when nothing listens', async () => {
    const { record } = await started();
    expect(record.trays).toBe(1);
    expect(record.tooltips.at(-1)).toBe('Vigil: Agent not running');
    expect(record.menus.at(-1)![1]).toEqual({
      label: 'Start it with: sudo systemctl start vigil-agent',
      enabled: false,
    });
    (record.appListeners.get('before-quit') as () => void)();
  });

  it('leaves when another instance already runs', async () => {
    const fake = createFakeElectron();
    fake.electron.app.requestSingleInstanceLock = () => false;
    await runTray(
      fake.electron,
      { platform: 'linux', socketPath: join(dir, 'x.sock'), pollIntervalMs: 60_000, helpHosts: [] },
      paths,
      () => {},
    );
    expect(fake.record.quit).toBe(1);
    expect(fake.record.trays).toBe(0);
  });
});
