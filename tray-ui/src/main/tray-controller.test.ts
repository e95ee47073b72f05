import { afterEach, describe, expect, it, vi } from 'vitest';
import { harness } from '../test-support/tray-harness.js';
import type { TrayController } from './tray-controller.js';

let running: TrayController | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('tray controller', () => {
  it('walks every state: icon, tooltip and menu follow the agent', async () => {
    const h = harness();
    expect((await h.step('compliant')).state).toBe('compliant');
    expect((await h.step('warning')).state).toBe('warning');
    expect((await h.step('noncompliant')).state).toBe('noncompliant');
    expect(await h.step('expired')).toMatchObject({
      state: 'unknown',
      tooltip: expect.stringContaining('Result expired'),
    });
    expect(await h.step('unreachable')).toMatchObject({ state: 'unknown', tooltip: 'Vigil: Agent not running' });
    expect((await h.step('compliant')).state).toBe('compliant');
  });

  it('notifies only on changes worth telling', async () => {
    const h = harness();
    await h.step('compliant');
    await h.step('compliant');
    await h.step('noncompliant');
    await h.step('noncompliant');
    await h.step('compliant');
    expect(h.notifications.map((n) => n.title)).toEqual([
      'Device health: not compliant',
      'Device health: all good again',
    ]);
  });

  it('pushes the view to the window only when it changed', async () => {
    const h = harness();
    await h.step('compliant', 0);
    await h.step('compliant', 0);
    expect(h.views).toHaveLength(1);
    await h.step('compliant', 1); // "Verified 20 min ago" now
    expect(h.views).toHaveLength(2);
  });

  it('hides the icon while healthy once preferences allow it, and shows it again on trouble', async () => {
    const h = harness();
    running = h.controller;
    await h.controller.start();
    await vi.waitFor(() => expect(h.models.length).toBeGreaterThan(0));
    expect(h.models.at(-1)!.visible).toBe(false);
    expect((await h.step('warning')).visible).toBe(true);
    await h.step('compliant');
    await h.controller.handleMenuAction({ kind: 'toggle-hide-when-healthy' });
    expect(h.saved()).toEqual({ hideWhenHealthy: false });
    expect(h.models.at(-1)!.visible).toBe(true);
  });

  it('answers Check now from the agent, or says how to start it', async () => {
    const h = harness();
    await h.step('compliant');
    await expect(h.controller.checkNow()).resolves.toEqual({ accepted: true, message: 'check started' });
    await h.step('unreachable');
    await expect(h.controller.checkNow()).resolves.toEqual({
      accepted: false,
      message: 'The Vigil agent is not running. Start it with: sudo systemctl start vigil-agent',
    });
    expect(h.requestCheckNow).toHaveBeenCalledOnce();
  });

  it('confirms a Check now clicked in the menu', async () => {
    const h = harness();
    await h.step('compliant');
    await h.controller.handleMenuAction({ kind: 'check-now' });
    expect(h.notifications.at(-1)).toMatchObject({ title: 'Checking this device', body: 'check started' });
  });

  it('opens only allowed links: the policy help host and settings pages', async () => {
    const h = harness();
    await h.step('compliant');
    await expect(h.controller.openLink('https://help.example.com/vigil/x')).resolves.toBe(true);
    await expect(h.controller.openLink('ms-settings:windowsupdate')).resolves.toBe(true);
    await expect(h.controller.openLink('https://evil.example.net/')).resolves.toBe(false);
    await expect(h.controller.openLink('file:///etc/passwd')).resolves.toBe(false);
    expect(h.port.openExternal).toHaveBeenCalledTimes(2);
  });

  it('routes menu actions to the window and quit', async () => {
    const h = harness();
    await h.controller.handleMenuAction({ kind: 'open-window', section: 'privacy' });
    await h.controller.handleMenuAction({ kind: 'quit' });
    expect(h.port.openWindow).toHaveBeenCalledWith('privacy');
    expect(h.port.quit).toHaveBeenCalledOnce();
  });
});
