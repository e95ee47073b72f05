// Builds vigil-agent_<version>_<arch>.deb from the staged tree with dpkg-deb.
import { chmodSync, copyFileSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTool } from './run-tool.mjs';

const DEB_ARCH = { x64: 'amd64', arm64: 'arm64' };

export function debArch(arch = process.arch) {
  const deb = DEB_ARCH[arch];
  if (!deb) throw new Error(`no Debian architecture for ${arch}`);
  return deb;
}

/** Debian orders "~" before anything, so a prerelease 1.0.0-rc.1 must become 1.0.0~rc.1. */
export function debVersion(version) {
  return version.replace('-', '~');
}

function installedSizeKiB(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return Math.ceil(info.size / 1024);
  return readdirSync(path).reduce((sum, entry) => sum + installedSizeKiB(join(path, entry)), 1);
}

/**
 * The addon is compiled against one Node ABI, so the package accepts exactly the Node.js major
 * it was built with (nodesource `20.x`, Debian trixie's 20.19): a system upgrade to another
 * major is then refused by apt instead of breaking the agent.
 */
export function nodeDependency(nodeVersion = process.versions.node) {
  const [major, minor] = nodeVersion.split('.').map(Number);
  const floor = major === 20 ? '20.19' : `${major}.${minor}`;
  return `nodejs (>= ${floor}), nodejs (<< ${major + 1})`;
}

export function buildDeb({ tree, root, version, outDir, arch = process.arch }) {
  const control = join(tree, 'DEBIAN');
  mkdirSync(control, { recursive: true });
  for (const script of ['postinst', 'prerm', 'postrm']) {
    copyFileSync(join(root, 'installers', 'linux', 'debian', script), join(control, script));
    chmodSync(join(control, script), 0o755);
  }
  const fields = {
    Package: 'vigil-agent',
    Version: debVersion(version),
    Architecture: debArch(arch),
    Maintainer: 'Vigil maintainers <maintainers@vigil.invalid>',
    'Installed-Size': String(installedSizeKiB(tree)),
    Depends: nodeDependency(),
    Section: 'admin',
    Priority: 'optional',
    Description:
      'Vigil device-health agent for Zero Trust access\n' +
      " Reads this device's security posture (OS version, updates, disk encryption,\n" +
      ' firewall), judges it against a policy and proves it to a compliance service\n' +
      ' with signed attestations.',
  };
  writeFileSync(
    join(control, 'control'),
    `${Object.entries(fields)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n')}\n`,
  );
  // Files under /etc are conffiles: an admin's edit survives upgrades, purge removes them.
  writeFileSync(join(control, 'conffiles'), '/etc/xdg/autostart/vigil-tray.desktop\n');
  for (const file of ['control', 'conffiles']) chmodSync(join(control, file), 0o644);
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `vigil-agent_${debVersion(version)}_${debArch(arch)}.deb`);
  // --root-owner-group: every file root:root without fakeroot. xz is dpkg's default; -Zxz states it.
  runTool('dpkg-deb', ['--root-owner-group', '-Zxz', '--build', tree, file]);
  return file;
}
