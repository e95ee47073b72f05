import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { IPC } from '../ipc-contract.js';
import {
  denyPermission,
  guardWebContents,
  isTrustedSender,
  RENDERER_CSP,
  secureHandle,
  secureWebPreferences,
  withCspHeader,
  type GuardableContents,
  type IpcMainLike,
  type IpcSenderEvent,
} from './window-security.js';

const INDEX = '/opt/vigil/tray-ui/dist/renderer/index.html';
const RENDERER_URL = pathToFileURL(INDEX).href;

describe('webPreferences', () => {
  it('sandboxes the renderer and isolates it from Node', () => {
    expect(secureWebPreferences('/opt/vigil/preload.cjs')).toEqual({
      preload: '/opt/vigil/preload.cjs',
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
    });
  });
});

describe('content security policy', () => {
  it('allows only our own scripts and styles, data: images, and no connections', () => {
    const directives = Object.fromEntries(
      RENDERER_CSP.split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values.join(' ')]),
    );
    expect(directives).toEqual({
      'default-src': "'none'",
      'script-src': "'self'",
      'style-src': "'self'",
      'img-src': "'self' data:",
      'connect-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
  });

  it('is the meta policy of index.html, word for word', async () => {
    const html = await readFile(new URL('../renderer/index.html', import.meta.url), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(RENDERER_CSP);
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]+<\/script>|\son\w+=|style=/i); // nothing inline
  });

  it('is also sent as a header, replacing any other CSP', () => {
    expect(withCspHeader({ 'content-security-policy': ['default-src *'], 'X-Other': 'kept' })).toEqual({
      'Content-Security-Policy': [RENDERER_CSP],
      'X-Other': ['kept'],
    });
    expect(withCspHeader(undefined)).toEqual({ 'Content-Security-Policy': [RENDERER_CSP] });
  });
});

function fakeContents() {
  const listeners = new Map<string, (event: { preventDefault(): void }) => void>();
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
  const contents: GuardableContents = {
    on: (event, listener) => listeners.set(event, listener),
    setWindowOpenHandler: (handler) => void (openHandler = handler),
  };
  return { contents, listeners, open: (url: string) => openHandler?.({ url }) };
}

describe('navigation and new windows', () => {
  it('prevents every kind of navigation and denies window.open', () => {
    const { contents, listeners, open } = fakeContents();
    const blocked: string[] = [];
    guardWebContents(contents, (what) => blocked.push(what));
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      listeners.get(event)!({ preventDefault });
      expect(preventDefault, event).toHaveBeenCalledOnce();
    }
    expect(open('https://evil.example.net/')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(blocked).toEqual([
      'will-navigate',
      'will-frame-navigate',
      'will-redirect',
      'will-attach-webview',
      'window-open',
      'window-open',
    ]);
  });

  it('denies every permission request', () => {
    const callback = vi.fn();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal'])
      denyPermission({}, permission, callback);
    expect(callback.mock.calls.every(([granted]) => granted === false)).toBe(true);
  });
});

const frame = (url: string, parent: unknown = null): IpcSenderEvent => ({ senderFrame: { url, parent } });

describe('IPC sender check', () => {
  it('trusts only the top frame of our renderer document', () => {
    expect(isTrustedSender(frame(RENDERER_URL), RENDERER_URL)).toBe(true);
    expect(isTrustedSender(frame(`${RENDERER_URL}#privacy`), RENDERER_URL)).toBe(true);
    expect(isTrustedSender(frame('https://evil.example.net/index.html'), RENDERER_URL)).toBe(false);
    expect(isTrustedSender(frame('file:///tmp/index.html'), RENDERER_URL)).toBe(false);
    expect(isTrustedSender(frame(`${RENDERER_URL}/../other.html`), RENDERER_URL)).toBe(false);
    expect(isTrustedSender(frame(RENDERER_URL, { url: RENDERER_URL }), RENDERER_URL)).toBe(false); // a subframe
    expect(isTrustedSender(frame('not a url'), RENDERER_URL)).toBe(false);
    expect(isTrustedSender({ senderFrame: null }, RENDERER_URL)).toBe(false);
  });
});

describe('secureHandle', () => {
  function register() {
    const handlers = new Map<string, (event: IpcSenderEvent, ...args: unknown[]) => Promise<unknown>>();
    const ipc: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener) };
    const openLink = vi.fn(async (url: string) => ({ opened: url.startsWith('https:') }));
    secureHandle(ipc, IPC.linkOpen, RENDERER_URL, openLink);
    return {
      call: (event: IpcSenderEvent, ...args: unknown[]) => handlers.get(IPC.linkOpen)!(event, ...args),
      openLink,
    };
  }

  it('answers our renderer with validated arguments', async () => {
    const { call, openLink } = register();
    await expect(call(frame(RENDERER_URL), 'https://help.example.com/')).resolves.toEqual({
      ok: true,
      value: { opened: true },
    });
    expect(openLink).toHaveBeenCalledWith('https://help.example.com/');
  });

  it('rejects a foreign frame before looking at its arguments', async () => {
    const { call, openLink } = register();
    await expect(call(frame('https://evil.example.net/'), 'https://help.example.com/')).resolves.toEqual({
      ok: false,
      error: { code: 'VIGIL_TRAY_IPC_FORBIDDEN', message: expect.any(String) },
    });
    expect(openLink).not.toHaveBeenCalled();
  });

  it.each([[[]], [[42]], [['a', 'b']], [['']], [['x'.repeat(2049)]], [[{ toString: () => 'https://x' }]]])(
    'rejects invalid arguments %j',
    async (args) => {
      const { call, openLink } = register();
      await expect(call(frame(RENDERER_URL), ...args)).resolves.toMatchObject({
        ok: false,
        error: { code: 'VIGIL_TRAY_IPC_INVALID_ARGS' },
      });
      expect(openLink).not.toHaveBeenCalled();
    },
  );

  it('turns a failing handler into {code, message} without its details', async () => {
    const handlers = new Map<string, (event: IpcSenderEvent, ...args: unknown[]) => Promise<unknown>>();
    secureHandle({ handle: (c, l) => void handlers.set(c, l) }, IPC.checkNow, RENDERER_URL, () =>
      Promise.reject(new Error('secret /home/alice path')),
    );
    await expect(handlers.get(IPC.checkNow)!(frame(RENDERER_URL))).resolves.toEqual({
      ok: false,
      error: { code: 'VIGIL_TRAY_IPC_FAILED', message: 'check:now failed' },
    });
  });
});
