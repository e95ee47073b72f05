/**
 * The development VM, recorded on 2026-11-29: Debian 12 (root), / on /dev/vda (ext4, no udev,
 * no device-mapper), zram0 present but unused, nftables + iptables (nf_tables, with legacy tables
 * also present) + ufw installed with nothing loaded, 136 pending updates (85 security). BIOS boot (no
 * /sys/firmware/efi), no TPM, no antivirus agent.
 */
import type { DeviceScenario } from '../replay-io.js';
import { fixture, NOT_FOUND } from './fixture-file.js';
import { sysfs } from './sysfs.js';
import { linuxFirmware } from './linux-firmware.js';

const blocks = sysfs();
blocks.disk('vda', 254, 0);

const LISTS = '/var/lib/apt/lists';
const listFiles: Record<string, string> = {
  'deb.debian.org_debian-security_dists_bookworm-security_InRelease': '2026-11-29T00:42:53Z',
  'deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages.lz4': '2026-11-29T00:42:54Z',
  'deb.debian.org_debian_dists_bookworm-updates_InRelease': '2026-11-29T00:42:53Z',
  'deb.debian.org_debian_dists_bookworm-updates_main_binary-amd64_Packages.lz4': '2026-11-29T00:42:53Z',
  'deb.debian.org_debian_dists_bookworm_InRelease': '2026-07-11T10:16:37Z',
  'deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4': '2026-07-11T10:16:37Z',
};

const firmware = linuxFirmware({ efi: 'bios', tpm: null });

export const debian12Vm: DeviceScenario = {
  name: 'Debian 12 VM (this machine)',
  now: '2026-11-29T01:05:00.000Z',
  missingTools: ['firewall-cmd'],
  commands: {
    ...firmware.commands,
    'apt-get -s -o Debug::NoLocking=1 upgrade': { stdout: fixture('os-patches', 'apt-get-upgrade.debian-12.txt') },
    'apt-config shell UU APT::Periodic::Unattended-Upgrade': { stdout: '' },
    'nft -j list ruleset': { stdout: fixture('net-firewall', 'nft.debian-12-empty.json') },
    'iptables -S': {
      stdout: fixture('net-firewall', 'iptables.debian-12.txt'),
      stderr: fixture('net-firewall', 'iptables.debian-12.stderr.txt'),
    },
    'iptables -V': { stdout: fixture('net-firewall', 'iptables-V.debian-12.txt') },
    'iptables-legacy -S': { stdout: fixture('net-firewall', 'iptables-legacy.debian-12.txt') },
    'ip6tables -S': {
      stdout: fixture('net-firewall', 'ip6tables.debian-12.txt'),
      stderr: fixture('net-firewall', 'ip6tables.debian-12.stderr.txt'),
    },
    'ip6tables-legacy -S': { stdout: fixture('net-firewall', 'ip6tables-legacy.debian-12.txt') },
    'ufw status verbose': { stdout: fixture('net-firewall', 'ufw-status.inactive.txt') },
  },
  files: {
    ...firmware.files,
    '/etc/os-release': fixture('os-version', 'os-release.debian-12.txt'),
    '/proc/sys/kernel/osrelease': fixture('os-version', 'kernel.debian-12.txt'),
    '/etc/debian_version': fixture('os-version', 'debian_version.debian-12.txt'),
    '/var/log/apt/history.log': fixture('os-patches', 'apt-history.debian-12.log'),
    '/var/log/dpkg.log': fixture('os-patches', 'dpkg.debian-12.log'),
    '/proc/self/mountinfo': fixture('disk-encryption', 'mountinfo.debian-12-vm.txt'),
    '/proc/swaps': fixture('disk-encryption', 'swaps.empty.txt'),
    ...blocks.files,
  },
  dirs: {
    ...firmware.dirs,
    [LISTS]: ['auxfiles', 'lock', 'partial', ...Object.keys(listFiles)],
    '/boot': [],
    ...blocks.dirs,
  },
  stats: {
    ...firmware.stats,
    [LISTS]: { mtime: '2026-11-29T00:42:54.444Z', isDirectory: true },
    ...Object.fromEntries(Object.entries(listFiles).map(([name, mtime]) => [`${LISTS}/${name}`, { mtime }])),
    '/var/lib/apt/periodic/update-success-stamp': NOT_FOUND,
    '/var/run/reboot-required': NOT_FOUND,
    '/usr/bin/unattended-upgrade': NOT_FOUND,
  },
};
