import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPrefsStore } from './prefs-store.js';
import { resolveTrayConfig } from './tray-config.js';

describe('preferences', () => {
  it('round-trips, and falls back to defaults on a missing or damaged file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-prefs-'));
    try {
      const file = join(dir, 'sub', 'preferences.json');
      const store = createPrefsStore(file);
      await expect(store.load()).resolves.toEqual({ hideWhenHealthy: false });
      await store.save({ hideWhenHealthy: true });
      await expect(store.load()).resolves.toEqual({ hideWhenHealthy: true });
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      await writeFile(file, '{"hideWhenHealthy": "yes"');
      await expect(store.load()).resolves.toEqual({ hideWhenHealthy: false });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('tray configuration', () => {
  it('defaults per platform', () => {
    expect(resolveTrayConfig('linux', {}, [])).toEqual({
      platform: 'linux',
      socketPath: '/run/vigil/status.sock',
      pollIntervalMs: 30_000,
      helpHosts: [],
    });
    expect(resolveTrayConfig('win32', {}, []).socketPath).toBe('\\\\.\\pipe\\vigil-agent');
    expect(resolveTrayConfig('darwin', {}, []).socketPath).toBe('/var/run/vigil/status.sock');
  });

  it('flags win over environment, and nonsense falls back to defaults', () => {
    const env = {
      VIGIL_STATUS_SOCKET: '/env.sock',
      VIGIL_TRAY_POLL_SECONDS: '60',
      VIGIL_TRAY_HELP_HOSTS: 'a.example, b.example',
    };
    expect(resolveTrayConfig('linux', env, ['--socket=/flag.sock'])).toEqual({
      platform: 'linux',
      socketPath: '/flag.sock',
      pollIntervalMs: 60_000,
      helpHosts: ['a.example', 'b.example'],
    });
    expect(resolveTrayConfig('linux', { VIGIL_TRAY_POLL_SECONDS: '1' }, []).pollIntervalMs).toBe(30_000);
    expect(resolveTrayConfig('linux', { VIGIL_TRAY_POLL_SECONDS: 'soon' }, []).pollIntervalMs).toBe(30_000);
    expect(Object.isFrozen(resolveTrayConfig('linux', {}, []))).toBe(true);
  });
});
