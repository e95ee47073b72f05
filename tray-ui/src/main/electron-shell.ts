/**
 * The only module that loads `electron` (besides the preload). It wires the app lifecycle, the
 * session hardening, the IPC handlers and the TrayPort to the plain-TypeScript controller.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IPC } from '../ipc-contract.js';
import { createAgentClient } from './agent-client.js';
import type { ElectronApi } from './electron-api.js';
import { createElectronPort, type RendererPaths } from './electron-port.js';
import { createPrefsStore } from './prefs-store.js';
import { createTrayController, type TrayController } from './tray-controller.js';
import type { TrayConfig } from './tray-config.js';
import { denyPermission, guardWebContents, secureHandle, withCspHeader } from './window-security.js';

const APP_ID = 'dev.vigil.tray';

/** Loads Electron's API; a clear error when this runs under plain Node or the package is absent. */
export async function loadElectron(): Promise<ElectronApi> {
  // A non-literal specifier keeps TypeScript from needing electron's types (optional dependency).
  const specifier = 'electron';
  const loaded = (await import(specifier)) as { default?: unknown };
  const api = (
    typeof loaded.default === 'object' && loaded.default !== null ? loaded.default : loaded
  ) as Partial<ElectronApi>;
  if (typeof api.app !== 'object') throw new Error('the Vigil tray must run inside Electron: npm run tray');
  return api as ElectronApi;
}

export async function runTray(
  electron: ElectronApi,
  config: TrayConfig,
  paths: RendererPaths,
  log: (message: string, error?: unknown) => void,
): Promise<void> {
  const { app, ipcMain, session } = electron;
  if (!app.requestSingleInstanceLock()) {
    app.quit(); // the running instance gets 'second-instance' and opens its window
    return;
  }
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, (what) => log(`blocked ${what}`)));
  app.on('window-all-closed', () => {}); // closing the window keeps the tray running
  await app.whenReady();
  app.dock?.hide();
  if (config.platform === 'win32') app.setAppUserModelId(APP_ID);

  session.defaultSession.setPermissionRequestHandler(denyPermission);
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: withCspHeader(details.responseHeaders) }),
  );

  // Menu clicks reach the controller declared below; none can happen before it exists.
  const port = createElectronPort(
    electron,
    paths,
    config.platform,
    (action) => void tray.handleMenuAction(action).catch((e: unknown) => log('menu action failed', e)),
  );
  const tray: TrayController = createTrayController({
    client: createAgentClient(config.socketPath, { pid: process.pid }),
    port,
    prefs: createPrefsStore(join(app.getPath('userData'), 'preferences.json')),
    config,
    onError: (error) => log('tray refresh failed', error),
  });

  const rendererUrl = pathToFileURL(paths.indexHtml).href;
  secureHandle(ipcMain, IPC.statusGet, rendererUrl, () => tray.currentView());
  secureHandle(ipcMain, IPC.checkNow, rendererUrl, () => tray.checkNow());
  secureHandle(ipcMain, IPC.linkOpen, rendererUrl, async (url) => ({ opened: await tray.openLink(url) }));
  secureHandle(ipcMain, IPC.privacyGet, rendererUrl, () => tray.privacyReport());
  secureHandle(ipcMain, IPC.consentDecide, rendererUrl, (decision, version) => tray.decideConsent(decision, version));

  app.on('second-instance', () => port.openWindow());
  app.on('before-quit', () => void tray.stop());
  await tray.start();
}
