/**
 * Everything that keeps a window of this app a sandboxed document viewer, as plain values and
 * functions so tests check them without Electron (see the Electron security checklist):
 * webPreferences, the CSP, navigation and window.open denied for every webContents, permissions
 * denied, and IPC handlers that check their sender and validate their arguments.
 */
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { IPC_ARGS, IPC_ERROR_CODES, type InvokeChannel, type InvokeResults, type IpcResult } from '../ipc-contract.js';

export const RENDERER_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: false,
  } as const;
}

interface PreventableEvent {
  preventDefault(): void;
}

/** The part of Electron's WebContents the guards use. */
export interface GuardableContents {
  on(
    event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect' | 'will-attach-webview',
    listener: (event: PreventableEvent) => void,
  ): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** Applied to every webContents the app creates (app 'web-contents-created'), not only ours. */
export function guardWebContents(contents: GuardableContents, onBlocked: (what: string) => void = () => {}): void {
  for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview'] as const) {
    contents.on(event, (e) => {
      e.preventDefault();
      onBlocked(event);
    });
  }
  contents.setWindowOpenHandler(() => {
    onBlocked('window-open');
    return { action: 'deny' };
  });
}

/** For session.webRequest.onHeadersReceived: the CSP as a header too, besides the meta tag. */
export function withCspHeader(
  responseHeaders: Record<string, string[] | string> | undefined,
): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(responseHeaders ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') headers[name] = Array.isArray(value) ? value : [value];
  }
  headers['Content-Security-Policy'] = [RENDERER_CSP];
  return headers;
}

/** For setPermissionRequestHandler: camera, notifications, geolocation… the window needs none. */
export function denyPermission(_contents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

export interface IpcSenderEvent {
  senderFrame: { url: string; parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcSenderEvent, ...args: unknown[]) => Promise<unknown>): void;
}

/** Our renderer document, top frame only; query and hash do not matter. */
export function isTrustedSender(event: IpcSenderEvent, rendererUrl: string): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  try {
    const actual = new URL(frame.url);
    return actual.protocol === 'file:' && fileURLToPath(actual) === fileURLToPath(rendererUrl);
  } catch {
    return false;
  }
}

type Args<C extends InvokeChannel> = z.infer<(typeof IPC_ARGS)[C]>;

export function secureHandle<C extends InvokeChannel>(
  ipc: IpcMainLike,
  channel: C,
  rendererUrl: string,
  handler: (...args: Args<C>) => Promise<InvokeResults[C]> | InvokeResults[C],
): void {
  ipc.handle(channel, async (event, ...args): Promise<IpcResult<InvokeResults[C]>> => {
    if (!isTrustedSender(event, rendererUrl)) {
      return {
        ok: false,
        error: { code: IPC_ERROR_CODES.forbidden, message: `${channel} is only answered for the Device Health window` },
      };
    }
    const parsed = IPC_ARGS[channel].safeParse(args);
    if (!parsed.success)
      return { ok: false, error: { code: IPC_ERROR_CODES.invalidArgs, message: `invalid arguments for ${channel}` } };
    try {
      return { ok: true, value: await handler(...(parsed.data as Args<C>)) };
    } catch {
      return { ok: false, error: { code: IPC_ERROR_CODES.failed, message: `${channel} failed` } };
    }
  });
}
