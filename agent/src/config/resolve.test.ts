import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/fixtures.js';
import { ConfigError } from './errors.js';
import { jsonFileSource } from './managed.js';
import { resolveConfig } from './resolve.js';

const userHost = { platform: 'linux' as const, uid: 1000, homeDir: '/home/ada' };

describe('resolveConfig', () => {
  it('uses defaults and XDG paths for a user', async () => {
    const config = await resolveConfig({ env: {}, host: userHost, managedSources: [] });
    expect(config.stateDir).toBe('/home/ada/.local/state/vigil');
    expect(config.intervalMinutes).toBe(15);
    expect(config.socketPath).toBe('/home/ada/.local/state/vigil/status.sock');
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.push)).toBe(true);
  });

  it('uses system paths for root and XDG_STATE_HOME / XDG_RUNTIME_DIR when set', async () => {
    const root = await resolveConfig({ env: {}, host: { ...userHost, uid: 0 }, managedSources: [] });
    expect(root.stateDir).toBe('/var/lib/vigil');
    expect(root.socketPath).toBe('/run/vigil/status.sock');
    const xdg = await resolveConfig({
      env: { XDG_STATE_HOME: '/x/state', XDG_RUNTIME_DIR: '/run/user/1000' },
      host: userHost,
      managedSources: [],
    });
    expect(xdg.stateDir).toBe('/x/state/vigil');
    expect(xdg.socketPath).toBe('/run/user/1000/vigil/status.sock');
  });

  it('applies defaults < file < env < flags < managed and records origins and managed keys', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ intervalMinutes: 5, jitterSeconds: 7, logLevel: 'debug', push: { retries: 1 } }),
    );
    const managed = join(dir, 'managed.json');
    writeFileSync(managed, JSON.stringify({ intervalMinutes: 10, ownership: 'personal', push: { timeoutMs: 5000 } }));
    const config = await resolveConfig({
      env: { VIGIL_INTERVAL_MINUTES: '20', VIGIL_OTHER_THING: 'ignored' },
      flags: { stateDir: dir, logLevel: 'warn' },
      host: userHost,
      managedSources: [jsonFileSource(managed)],
    });
    // Managed wins even over the environment: a user cannot override IT's settings.
    expect(config.intervalMinutes).toBe(10);
    expect(config.jitterSeconds).toBe(7);
    expect(config.ownership).toBe('personal');
    expect(config.logLevel).toBe('warn');
    expect(config.push).toMatchObject({ retries: 1, timeoutMs: 5000, backoffBaseMs: 1000 });
    expect(config.origins).toMatchObject({
      intervalMinutes: 'managed',
      jitterSeconds: 'file',
      ownership: 'managed',
      logLevel: 'flag',
      'push.timeoutMs': 'managed',
    });
    expect(config.managedKeys).toEqual(['intervalMinutes', 'ownership', 'push.timeoutMs']);
    expect(config.configFile).toBe(join(dir, 'config.json'));
    // An explicit state dir is its own agent instance: the socket lives beside it.
    expect(config.socketPath).toBe(join(dir, 'status.sock'));
  });

  it('lists every problem of every layer', async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ intervalMinutes: 0, colour: 'blue' }));
    const managed = join(dir, 'managed.json');
    writeFileSync(managed, '{ not json');
    const error = await resolveConfig({
      env: { VIGIL_SERVER_URL: 'http://plain.example', VIGIL_CHECK_TIMEOUT_MS: 'soon' },
      flags: { stateDir: dir },
      host: userHost,
      managedSources: [jsonFileSource(managed)],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain(`${join(dir, 'config.json')}: intervalMinutes:`);
    expect(problems).toContain('colour');
    expect(problems).toContain(`${managed}: not valid JSON`);
    expect(problems).toContain('environment: serverUrl:');
    expect(problems).toContain('environment: checkTimeoutMs:');
    expect((error as ConfigError).problems.length).toBeGreaterThanOrEqual(5);
  });

  it('reports a missing config file only when it was asked for', async () => {
    const error = await resolveConfig({
      env: {},
      flags: { configFile: '/nonexistent/vigil.json' },
      host: userHost,
      managedSources: [],
    }).catch((e: unknown) => e);
    expect((error as ConfigError).problems).toEqual(['/nonexistent/vigil.json: file not found']);
  });
});
