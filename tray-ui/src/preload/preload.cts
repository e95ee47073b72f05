/**
 * Exposes `window.vigil` (VigilTrayApi): six named functions, never ipcRenderer or an event
 * object. CommonJS because sandboxed preloads cannot be ES modules, and self-contained because
 * they cannot require local files either; `typeof IPC` keeps the channel names in step.
 */
import type { HealthView } from '../health-view.js';
import type { IPC, VigilTrayApi } from '../ipc-contract.js';

interface PreloadElectron {
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<never>;
    on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
    removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
  };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- sandboxed preloads only have require()
const { contextBridge, ipcRenderer } = require('electron') as PreloadElectron;

const CHANNELS: typeof IPC = {
  statusGet: 'status:get',
  statusChanged: 'status:changed',
  checkNow: 'check:now',
  linkOpen: 'link:open',
  privacyGet: 'privacy:get',
  consentDecide: 'consent:decide',
};

const api: VigilTrayApi = {
  getHealth: () => ipcRenderer.invoke(CHANNELS.statusGet),
  onHealthChanged(listener) {
    const forward = (_event: unknown, view: unknown): void => listener(view as HealthView);
    ipcRenderer.on(CHANNELS.statusChanged, forward);
    return () => ipcRenderer.removeListener(CHANNELS.statusChanged, forward);
  },
  checkNow: () => ipcRenderer.invoke(CHANNELS.checkNow),
  openLink: (url: string) => ipcRenderer.invoke(CHANNELS.linkOpen, String(url)),
  getPrivacy: () => ipcRenderer.invoke(CHANNELS.privacyGet),
  decideConsent: (decision: string, statementVersion: string) =>
    ipcRenderer.invoke(CHANNELS.consentDecide, String(decision), String(statementVersion)),
};

contextBridge.exposeInMainWorld('vigil', api);
