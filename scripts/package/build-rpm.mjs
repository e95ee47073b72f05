// Builds vigil-agent-<version>.<arch>.rpm from the staged tree with rpmbuild (Debian package
// `rpm`). The tree is packaged as is; the spec only adds metadata and scriptlets.
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runTool } from './run-tool.mjs';

const RPM_ARCH = { x64: 'x86_64', arm64: 'aarch64' };

export function rpmArch(arch = process.arch) {
  const rpm = RPM_ARCH[arch];
  if (!rpm) throw new Error(`no RPM architecture for ${arch}`);
  return rpm;
}

export function buildRpm({ tree, root, version, outDir, workDir, arch = process.arch }) {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(join(workDir, 'SPECS'), { recursive: true });
  const spec = join(workDir, 'SPECS', 'vigil-agent.spec');
  copyFileSync(join(root, 'installers', 'linux', 'rpm', 'vigil-agent.spec'), spec);
  // RPM versions cannot contain "-"; "~" sorts a prerelease before the release, as in Debian.
  const rpmVersion = version.replace('-', '~');
  runTool('rpmbuild', [
    '-bb',
    '--quiet',
    '--target',
    rpmArch(arch),
    '--define',
    `_topdir ${workDir}`,
    '--define',
    `vigil_version ${rpmVersion}`,
    '--define',
    `vigil_stage ${tree}`,
    '--define',
    `vigil_node_major ${process.versions.node.split('.')[0]}`,
    // Debian's rpm would otherwise try to read the build host's RPM database for dependencies.
    '--nodeps',
    spec,
  ]);
  const built = join(workDir, 'RPMS', rpmArch(arch));
  const [file] = readdirSync(built).filter((name) => name.endsWith('.rpm'));
  if (!file) throw new Error(`rpmbuild produced no package in ${built}`);
  mkdirSync(outDir, { recursive: true });
  const target = join(outDir, `vigil-agent-${rpmVersion}.${rpmArch(arch)}.rpm`);
  renameSync(join(built, file), target);
  return target;
}
