/**
 * What identifies this machine or its people, read from the OS so a personal (BYOD) report can
 * be cleaned of it and checked for it: host names, account names (the agent's own and every
 * account with a home directory), home directories and hardware (MAC) addresses. os.* calls
 * only (no commands, no environment), cheap enough to run once per collection.
 */
import { readdirSync } from 'node:fs';
import * as nodeOs from 'node:os';

export interface DeviceIdentifiers {
  /** Lower-case host names: as reported, and the short name before the first dot. */
  hostnames: readonly string[];
  /** Account names, lower-case. */
  userNames: readonly string[];
  /** Absolute home directories (own and every listed account's). */
  homeDirs: readonly string[];
  /** Hardware addresses in lower-case `aa:bb:cc:dd:ee:ff` form. */
  macs: readonly string[];
}

export interface OsFacts {
  hostname(): string;
  userInfo(): { username: string; homedir: string };
  networkInterfaces(): NodeJS.Dict<nodeOs.NetworkInterfaceInfo[]>;
  platform: NodeJS.Platform;
  /** Entry names of a directory, [] when it cannot be read. */
  listDir(path: string): string[];
}

const realOs: OsFacts = {
  hostname: () => nodeOs.hostname(),
  userInfo: () => nodeOs.userInfo(),
  networkInterfaces: () => nodeOs.networkInterfaces(),
  platform: process.platform,
  listDir: (path) => {
    try {
      return readdirSync(path);
    } catch {
      return [];
    }
  },
};

// Directories under the homes root that are not people.
const NOT_ACCOUNTS = new Set(['shared', 'public', 'default', 'default user', 'all users', 'lost+found', 'guest']);
const ZERO_MAC = '00:00:00:00:00:00';

/** Where each OS keeps people's home directories. */
function homesRoot(platform: NodeJS.Platform): { root: string; separator: string } {
  if (platform === 'win32') return { root: 'C:\\Users', separator: '\\' };
  return platform === 'darwin' ? { root: '/Users', separator: '/' } : { root: '/home', separator: '/' };
}

export function localIdentifiers(os: OsFacts = realOs): DeviceIdentifiers {
  const hostnames = new Set<string>();
  const host = safe(() => os.hostname(), '').toLowerCase();
  if (host && host !== 'localhost') {
    hostnames.add(host);
    const short = host.split('.')[0];
    if (short) hostnames.add(short);
  }
  const userNames = new Set<string>();
  const homeDirs = new Set<string>();
  const me = safe(() => os.userInfo(), null);
  if (me?.username) userNames.add(me.username.toLowerCase());
  if (me?.homedir && me.homedir.length > 1) homeDirs.add(me.homedir);
  const { root, separator } = homesRoot(os.platform);
  for (const name of os.listDir(root)) {
    if (name.startsWith('.') || NOT_ACCOUNTS.has(name.toLowerCase())) continue;
    userNames.add(name.toLowerCase());
    homeDirs.add(`${root}${separator}${name}`);
  }
  const macs = new Set<string>();
  for (const addresses of Object.values(safe(() => os.networkInterfaces(), {}))) {
    for (const address of addresses ?? []) {
      const mac = address.mac.toLowerCase();
      if (/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(mac) && mac !== ZERO_MAC) macs.add(mac);
    }
  }
  return {
    hostnames: [...hostnames].filter((h) => h.length >= 2),
    userNames: [...userNames].filter((u) => u.length >= 2),
    homeDirs: [...homeDirs],
    macs: [...macs],
  };
}

function safe<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    // os.userInfo() throws for a uid without a passwd entry (containers); nothing to protect then.
    return fallback;
  }
}
