/**
 * The allowlist of tools per platform: absolute paths only, tried in order. exec.ts runs nothing
 * else; a tool of another platform has no candidates and answers VIGIL_EXEC_NOT_FOUND.
 */
/** Candidate absolute paths per tool, tried in order at first use (distros differ: sbin vs bin). */
export type ToolTable<T extends string> = Readonly<Record<T, readonly string[]>>;

const sbin = (name: string) => [`/usr/sbin/${name}`, `/sbin/${name}`, `/usr/bin/${name}`] as const;
const bin = (name: string) => [`/usr/bin/${name}`, `/bin/${name}`] as const;

export const LINUX_TOOLS = {
  uname: bin('uname'),
  'apt-get': bin('apt-get'),
  'apt-config': bin('apt-config'),
  dnf: bin('dnf'),
  lsblk: bin('lsblk'),
  blkid: sbin('blkid'),
  cryptsetup: sbin('cryptsetup'),
  dmsetup: sbin('dmsetup'),
  nft: sbin('nft'),
  iptables: sbin('iptables'),
  ip6tables: sbin('ip6tables'),
  'iptables-legacy': sbin('iptables-legacy'),
  'ip6tables-legacy': sbin('ip6tables-legacy'),
  ufw: sbin('ufw'),
  'firewall-cmd': bin('firewall-cmd'),
  // Screen lock is read in the user's session (see ExecOptions.sessionEnv).
  gsettings: bin('gsettings'),
  kreadconfig5: bin('kreadconfig5'),
  kreadconfig6: bin('kreadconfig6'),
  mokutil: bin('mokutil'),
  systemctl: bin('systemctl'),
} as const satisfies ToolTable<string>;

/** macOS ships every tool at one fixed path; no fallbacks, so a look-alike elsewhere never runs. */
export const DARWIN_TOOLS = {
  uname: ['/usr/bin/uname'],
  sw_vers: ['/usr/bin/sw_vers'],
  fdesetup: ['/usr/bin/fdesetup'],
  diskutil: ['/usr/sbin/diskutil'],
  socketfilterfw: ['/usr/libexec/ApplicationFirewall/socketfilterfw'],
  system_profiler: ['/usr/sbin/system_profiler'],
  softwareupdate: ['/usr/sbin/softwareupdate'],
  sysadminctl: ['/usr/sbin/sysadminctl'],
  csrutil: ['/usr/bin/csrutil'],
  spctl: ['/usr/sbin/spctl'],
  defaults: ['/usr/bin/defaults'],
  // User-mode autostart (autostart/launch-agent.ts): load and unload the user's LaunchAgent.
  launchctl: ['/bin/launchctl'],
} as const satisfies ToolTable<string>;

/**
 * Windows: only Windows PowerShell 5.1 from System32, and only with the fixed scripts of
 * collectors/windows/ (never text built from input). Its JSON output is not localized, unlike
 * netsh or manage-bde.
 */
export const WIN32_TOOLS = {
  powershell: ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'],
  // Managed settings from Group Policy / Intune (config/managed-win32.ts).
  reg: ['C:\\Windows\\System32\\reg.exe'],
} as const satisfies ToolTable<string>;

export type ToolName = keyof typeof LINUX_TOOLS | keyof typeof DARWIN_TOOLS | keyof typeof WIN32_TOOLS;
export const TOOL_NAMES = [
  ...new Set([...Object.keys(LINUX_TOOLS), ...Object.keys(DARWIN_TOOLS), ...Object.keys(WIN32_TOOLS)]),
] as ToolName[];

const PLATFORM_TOOLS: Readonly<Record<'linux' | 'darwin' | 'win32', ToolTable<string>>> = {
  linux: LINUX_TOOLS,
  darwin: DARWIN_TOOLS,
  win32: WIN32_TOOLS,
};

/** One platform's allowlist over every tool name: the other platforms' tools have no candidates. */
export function toolsFor(platform: string): ToolTable<ToolName> {
  const own: ToolTable<string> = PLATFORM_TOOLS[platform as keyof typeof PLATFORM_TOOLS] ?? {};
  return Object.fromEntries(TOOL_NAMES.map((tool) => [tool, own[tool] ?? []])) as ToolTable<ToolName>;
}

/**
 * The only variables a collector may pass to a child, to reach the user's own settings store
 * (gsettings over the session bus, kreadconfig in the user's home). Values come from the session
 * descriptor the composition root hands to createRealIO, never from our own environment.
 */
export const SESSION_ENV_NAMES = ['DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR', 'HOME', 'XDG_CONFIG_HOME'] as const;
export type SessionEnv = Readonly<Partial<Record<(typeof SESSION_ENV_NAMES)[number], string>>>;
