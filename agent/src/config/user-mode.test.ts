/**
 * Where a user-mode agent (personal devices) keeps its state and socket on each OS, and what it
 * knows about how it runs: under the user's home, in the place each OS expects, never needing
 * privileges; the system service keeps the system paths.
 */
import { describe, expect, it } from 'vitest';
import { collectsAsPrivileged } from '../cycle/posture.js';
import { resolveConfig } from './resolve.js';

const resolve = (host: Parameters<typeof resolveConfig>[0]['host'], env: Record<string, string> = {}) =>
  resolveConfig({ env, host, managedSources: [] });

describe('user-mode paths', () => {
  it('Linux: XDG state and runtime dirs, the user session, and no privileges', async () => {
    const config = await resolve(
      { platform: 'linux', uid: 1000, homeDir: '/home/ada' },
      {
        XDG_RUNTIME_DIR: '/run/user/1000',
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus',
        VIGIL_OWNERSHIP: 'personal',
      },
    );
    expect(config.stateDir).toBe('/home/ada/.local/state/vigil');
    expect(config.socketPath).toBe('/run/user/1000/vigil/status.sock');
    expect(config.runAs).toEqual({
      userMode: true,
      privileged: false,
      session: {
        env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus', XDG_RUNTIME_DIR: '/run/user/1000' },
        uid: 1000,
      },
    });
  });

  it('macOS: ~/Library/Application Support/Vigil, socket beside it', async () => {
    const config = await resolve({ platform: 'darwin', uid: 501, homeDir: '/Users/ada' });
    expect(config.stateDir).toBe('/Users/ada/Library/Application Support/Vigil');
    expect(config.socketPath).toBe('/Users/ada/Library/Application Support/Vigil/status.sock');
    expect(config.runAs.userMode).toBe(true);
  });

  it('Windows: %LOCALAPPDATA%\\Vigil and a pipe of its own for a personal agent; ProgramData otherwise', async () => {
    const host = { platform: 'win32' as const, uid: null, homeDir: 'C:\\Users\\ada' };
    const personal = await resolve(host, {
      VIGIL_OWNERSHIP: 'personal',
      LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local',
      USERNAME: 'Ada Lovelace',
    });
    expect(personal.stateDir).toContain('Vigil');
    expect(personal.stateDir).toContain('AppData');
    expect(personal.socketPath).toBe('\\\\.\\pipe\\vigil-agent-Ada_Lovelace');
    expect(personal.runAs).toMatchObject({ userMode: true, privileged: false });
    const managed = await resolve(host, { ProgramData: 'C:\\ProgramData' });
    expect(managed.socketPath).toBe('\\\\.\\pipe\\vigil-agent');
    expect(managed.runAs).toEqual({ userMode: false, privileged: true, session: null });
  });

  it('root keeps the system paths and has no session, in either ownership', async () => {
    const config = await resolve({ platform: 'linux', uid: 0, homeDir: '/root' }, { VIGIL_OWNERSHIP: 'personal' });
    expect(config.stateDir).toBe('/var/lib/vigil');
    expect(config.socketPath).toBe('/run/vigil/status.sock');
    expect(config.runAs).toEqual({ userMode: false, privileged: true, session: null });
  });

  it('only the personal user-mode agent reads refusals for lack of rights as unsupported', async () => {
    const user = { platform: 'linux' as const, uid: 1000, homeDir: '/home/ada' };
    expect(collectsAsPrivileged(await resolve(user, { VIGIL_OWNERSHIP: 'personal' }))).toBe(false);
    // A managed device's agent is meant to have the rights: a refusal stays an error to fix.
    expect(collectsAsPrivileged(await resolve(user))).toBe(true);
    expect(collectsAsPrivileged(await resolve({ ...user, uid: 0 }, { VIGIL_OWNERSHIP: 'personal' }))).toBe(true);
  });
});
