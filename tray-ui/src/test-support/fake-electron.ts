/** An in-memory stand-in for the Electron APIs the tray uses, recording what the shell does with them. */
import type { BrowserWindowOptions, ElectronApi, MenuTemplateItem, WebContentsLike } from '../main/electron-api.js';
import type { IpcSenderEvent } from '../main/window-security.js';

type Listener = (...args: never[]) => unknown;

export class FakeWebContents implements WebContentsLike {
  readonly listeners = new Map<string, Listener>();
  readonly sent: Array<[string, unknown[]]> = [];
  openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  on(event: string, listener: Listener): this {
    this.listeners.set(event, listener);
    return this;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, args]);
  }
}

export function createFakeElectron() {
  const appListeners = new Map<string, Listener>();
  const windows: Array<{ options: BrowserWindowOptions; loaded: Array<[string, unknown]>; contents: FakeWebContents }> =
    [];
  const ipcHandlers = new Map<string, (event: IpcSenderEvent, ...args: unknown[]) => Promise<unknown>>();
  const record = {
    appListeners,
    windows,
    ipcHandlers,
    menus: [] as MenuTemplateItem[][],
    tooltips: [] as string[],
    trays: 0,
    notifications: [] as Array<{ title: string; body: string }>,
    permissionHandler: undefined as undefined | ((c: unknown, p: string, cb: (granted: boolean) => void) => void),
    permissionCheck: undefined as undefined | (() => boolean),
    headersListener: undefined as undefined | Listener,
    opened: [] as string[],
    quit: 0,
  };

  const electron: ElectronApi = {
    app: {
      requestSingleInstanceLock: () => true,
      quit: () => void record.quit++,
      whenReady: async () => {},
      getPath: () => '/nonexistent/vigil-tray-test',
      setAppUserModelId: () => {},
      on: (event: string, listener: Listener) => appListeners.set(event, listener),
    },
    BrowserWindow: class {
      readonly webContents = new FakeWebContents();
      private readonly loaded: Array<[string, unknown]> = [];
      constructor(options: BrowserWindowOptions) {
        windows.push({ options, loaded: this.loaded, contents: this.webContents });
        // Electron emits this for every webContents it creates.
        (appListeners.get('web-contents-created') as ((e: unknown, c: FakeWebContents) => void) | undefined)?.(
          {},
          this.webContents,
        );
      }
      async loadFile(file: string, options?: unknown) {
        this.loaded.push([file, options]);
      }
      show() {}
      focus() {}
      restore() {}
      isMinimized() {
        return false;
      }
      isDestroyed() {
        return false;
      }
      once() {
        return this;
      }
      on() {
        return this;
      }
    },
    Tray: class {
      constructor() {
        record.trays++;
      }
      setImage() {}
      setToolTip(text: string) {
        record.tooltips.push(text);
      }
      setContextMenu() {}
      on() {
        return this;
      }
      destroy() {}
    },
    Menu: { buildFromTemplate: (template) => (record.menus.push(template), {}) },
    nativeImage: { createEmpty: () => ({ addRepresentation: () => {} }) },
    Notification: Object.assign(
      class {
        constructor(readonly options: { title: string; body: string }) {}
        show() {
          record.notifications.push(this.options);
        }
        on() {
          return this;
        }
      },
      { isSupported: () => true },
    ),
    ipcMain: { handle: (channel, listener) => void ipcHandlers.set(channel, listener) },
    shell: { openExternal: async (url) => void record.opened.push(url) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler) => void (record.permissionHandler = handler),
        setPermissionCheckHandler: (handler) => void (record.permissionCheck = handler),
        webRequest: { onHeadersReceived: (listener) => void (record.headersListener = listener as Listener) },
      },
    },
  };
  return { electron, record };
}
