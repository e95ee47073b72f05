/**
 * The TrayPort on top of Electron: the tray icon and menu, the Device Health window, and
 * notifications. Receives the Electron API object (it does not import `electron` itself).
 */
import type { Platform } from '@vigil/shared';
import type { HealthView, TrayState } from '../health-view.js';
import { IPC } from '../ipc-contract.js';
import type { BrowserWindowLike, ElectronApi, NativeImageLike, NotificationLike, TrayLike } from './electron-api.js';
import { STATE_SYMBOL } from './icon-geometry.js';
import { symbolPng } from './icon-png.js';
import { toMenuTemplate } from './menu-template.js';
import type { MenuAction, TrayModel, WindowSection } from './menu-model.js';
import type { TrayPort } from './tray-controller.js';
import { secureWebPreferences } from './window-security.js';

export interface RendererPaths {
  preload: string;
  indexHtml: string;
}

export function createElectronPort(
  electron: ElectronApi,
  paths: RendererPaths,
  platform: Platform,
  onAction: (action: MenuAction) => void,
): TrayPort {
  let tray: TrayLike | undefined;
  let window: BrowserWindowLike | undefined;
  // Electron drops click handlers of garbage-collected notifications: keep them until closed.
  const live = new Set<NotificationLike>();
  // Linux indicators render larger than the 16 px macOS/Windows trays.
  const baseSize = platform === 'linux' ? 24 : 16;
  const icons = new Map<TrayState, NativeImageLike>();

  const icon = (state: TrayState): NativeImageLike => {
    let image = icons.get(state);
    if (!image) {
      image = electron.nativeImage.createEmpty();
      for (const scaleFactor of [1, 2])
        image.addRepresentation({ scaleFactor, buffer: symbolPng(STATE_SYMBOL[state], baseSize * scaleFactor) });
      icons.set(state, image);
    }
    return image;
  };

  const openWindow = (section?: WindowSection): void => {
    const hash = section ?? '';
    if (window && !window.isDestroyed()) {
      if (section) void window.loadFile(paths.indexHtml, { hash });
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
      return;
    }
    const created = new electron.BrowserWindow({
      width: 760,
      height: 820,
      minWidth: 420,
      minHeight: 480,
      show: false,
      title: 'Vigil: Device Health',
      autoHideMenuBar: true,
      backgroundColor: '#f6f8fa',
      webPreferences: secureWebPreferences(paths.preload),
    });
    created.once('ready-to-show', () => created.show());
    created.on('closed', () => {
      if (window === created) window = undefined;
    });
    window = created;
    void created.loadFile(paths.indexHtml, { hash });
  };

  return {
    render(model: TrayModel) {
      if (!model.visible) {
        tray?.destroy();
        tray = undefined;
        return;
      }
      if (!tray) {
        tray = new electron.Tray(icon(model.state));
        // Windows and macOS open on click; Linux indicators only have the menu.
        tray.on('click', () => openWindow());
      }
      tray.setImage(icon(model.state));
      tray.setToolTip(model.tooltip);
      tray.setContextMenu(electron.Menu.buildFromTemplate(toMenuTemplate(model.menu, onAction)));
    },
    notify(notification) {
      if (!electron.Notification.isSupported()) return;
      const shown = new electron.Notification({ title: notification.title, body: notification.body });
      live.add(shown);
      shown.on('click', () => openWindow(notification.section));
      shown.on('close', () => live.delete(shown));
      shown.show();
    },
    pushView(view: HealthView) {
      if (window && !window.isDestroyed()) window.webContents.send(IPC.statusChanged, view);
    },
    openWindow,
    openExternal: (url) => electron.shell.openExternal(url),
    quit: () => electron.app.quit(),
  };
}
