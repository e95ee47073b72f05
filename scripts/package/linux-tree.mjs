// Lays out the file tree both Linux packages install, with the modes they must have (dpkg-deb
// --root-owner-group and rpm's %defattr make every file root-owned). One tree, two formats, so
// the .deb and the .rpm cannot disagree about what is installed where.
import { chmodSync, copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stageAppFolder } from './app-folder.mjs';

export const LINUX_FILES = {
  app: 'usr/lib/vigil',
  launcher: 'usr/bin/vigil',
  unit: 'usr/lib/systemd/system/vigil-agent.service',
  // For personal devices, where the agent runs as the user (docs/byod.md). Shipped, never
  // enabled by the package: each user opts in with `systemctl --user enable --now vigil-agent`.
  userUnit: 'usr/lib/systemd/user/vigil-agent.service',
  autostart: 'etc/xdg/autostart/vigil-tray.desktop',
  configDir: 'etc/vigil',
  stateDir: 'var/lib/vigil',
  copyright: 'usr/share/doc/vigil-agent/copyright',
};

function install(from, to, mode) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  chmodSync(to, mode);
}

/** Files 0644 (0755 if executable by anyone), directories 0755: what a package should ship. */
function normalizeModes(path) {
  const info = statSync(path);
  if (info.isDirectory()) {
    chmodSync(path, 0o755);
    for (const entry of readdirSync(path)) normalizeModes(join(path, entry));
  } else chmodSync(path, info.mode & 0o111 ? 0o755 : 0o644);
}

export function stageLinuxTree({ root, dest }) {
  rmSync(dest, { recursive: true, force: true });
  const linux = join(root, 'installers', 'linux');
  const app = stageAppFolder({ root, dest: join(dest, LINUX_FILES.app) });
  normalizeModes(join(dest, LINUX_FILES.app));
  install(join(linux, 'vigil'), join(dest, LINUX_FILES.launcher), 0o755);
  install(join(linux, 'vigil-agent.service'), join(dest, LINUX_FILES.unit), 0o644);
  install(join(linux, 'vigil-agent.user.service'), join(dest, LINUX_FILES.userUnit), 0o644);
  install(join(linux, 'vigil-tray.desktop'), join(dest, LINUX_FILES.autostart), 0o644);
  install(join(linux, 'copyright'), join(dest, LINUX_FILES.copyright), 0o644);
  // managed.json is not shipped: it is the organisation's file (docs/deploy/linux.md).
  mkdirSync(join(dest, LINUX_FILES.configDir), { recursive: true });
  chmodSync(join(dest, LINUX_FILES.configDir), 0o755);
  mkdirSync(join(dest, LINUX_FILES.stateDir), { recursive: true });
  chmodSync(join(dest, LINUX_FILES.stateDir), 0o700);
  for (const dir of [
    'usr',
    'usr/bin',
    'usr/lib',
    'usr/lib/systemd',
    'usr/lib/systemd/system',
    'usr/lib/systemd/user',
    'usr/share',
    'usr/share/doc',
    'usr/share/doc/vigil-agent',
    'etc',
    'etc/xdg',
    'etc/xdg/autostart',
    'var',
    'var/lib',
  ]) {
    chmodSync(join(dest, dir), 0o755);
  }
  return app;
}
