/**
 * The few Electron APIs the tray uses, typed here so tray-ui compiles and its tests run where the
 * optional `electron` package (and its types) is absent. electron-api.conformance.test.ts checks
 * this against the real `electron.d.ts` whenever it is installed.
 */
import type { GuardableContents, IpcMainLike, secureWebPreferences } from './window-security.js';

export interface NativeImageLike {
  addRepresentation(options: { scaleFactor: number; buffer: Buffer }): void;
}

export interface MenuTemplateItem {
  label?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox';
  enabled?: boolean;
  checked?: boolean;
  click?: () => void;
  submenu?: MenuTemplateItem[];
}

export interface WebContentsLike extends GuardableContents {
  send(channel: string, ...args: unknown[]): void;
}

export interface BrowserWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  autoHideMenuBar: boolean;
  backgroundColor: string;
  webPreferences: ReturnType<typeof secureWebPreferences>;
}

export interface BrowserWindowLike {
  readonly webContents: WebContentsLike;
  loadFile(filePath: string, options?: { hash?: string }): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
  once(event: 'ready-to-show', listener: () => void): this;
  on(event: 'closed', listener: () => void): this;
}

export interface TrayLike<Image extends NativeImageLike = NativeImageLike> {
  setImage(image: Image): void;
  setToolTip(toolTip: string): void;
  setContextMenu(menu: MenuLike | null): void;
  on(event: 'click', listener: () => void): this;
  destroy(): void;
}

export type MenuLike = object;

export interface NotificationLike {
  show(): void;
  on(event: 'click' | 'close', listener: () => void): this;
}

/**
 * `Image` is Electron's NativeImage in the conformance probe; the app only passes around images
 * made by `nativeImage.createEmpty()`, so the structural default is enough for its own code.
 */
export interface ElectronApi<Image extends NativeImageLike = NativeImageLike> {
  app: {
    requestSingleInstanceLock(): boolean;
    quit(): void;
    whenReady(): Promise<void>;
    getPath(name: 'userData'): string;
    setAppUserModelId(id: string): void;
    on(event: 'second-instance', listener: () => void): unknown;
    on(event: 'window-all-closed', listener: () => void): unknown;
    on(event: 'before-quit', listener: () => void): unknown;
    on(event: 'web-contents-created', listener: (event: unknown, contents: GuardableContents) => void): unknown;
    dock?: { hide(): void };
  };
  BrowserWindow: new (options: BrowserWindowOptions) => BrowserWindowLike;
  Tray: new (image: Image) => TrayLike<Image>;
  Menu: { buildFromTemplate(template: MenuTemplateItem[]): MenuLike };
  nativeImage: { createEmpty(): Image };
  Notification: { new (options: { title: string; body: string }): NotificationLike; isSupported(): boolean };
  ipcMain: IpcMainLike;
  shell: { openExternal(url: string): Promise<void> };
  session: {
    defaultSession: {
      setPermissionRequestHandler(
        handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
      ): void;
      setPermissionCheckHandler(handler: () => boolean): void;
      webRequest: {
        onHeadersReceived(
          listener: (
            details: { responseHeaders?: Record<string, string[]> },
            callback: (response: { responseHeaders: Record<string, string[]> }) => void,
          ) => void,
        ): void;
      };
    };
  };
}
