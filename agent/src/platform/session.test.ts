import { describe, expect, it } from 'vitest';
import { userSessionFromEnv } from './session.js';

describe('userSessionFromEnv', () => {
  it('keeps only the session variables per-user tools need', () => {
    const session = userSessionFromEnv(
      {
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus',
        XDG_RUNTIME_DIR: '/run/user/1000',
        HOME: '/home/ada',
        XDG_CURRENT_DESKTOP: 'ubuntu:GNOME',
        AWS_SECRET_ACCESS_KEY: 'x',
      },
      1000,
    );
    expect(session).toEqual({
      env: {
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus',
        XDG_RUNTIME_DIR: '/run/user/1000',
        HOME: '/home/ada',
      },
      desktop: 'ubuntu:GNOME',
      uid: 1000,
    });
  });
  it('describes a daemon without a bus as such', () => {
    expect(userSessionFromEnv({ HOME: '/root' }, 0)).toEqual({ env: { HOME: '/root' }, uid: 0 });
  });
});
