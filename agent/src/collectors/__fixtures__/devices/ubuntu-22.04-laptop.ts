/**
 * An Ubuntu 22.04 laptop installed with "Encrypt the new installation" + LVM: vgubuntu-root and
 * vgubuntu-swap_1 on LUKS2 (nvme0n1p3_crypt), plain /boot and /boot/efi, snaps, an NFS share and a
 * USB stick mounted; ufw active on the nf_tables shim; unattended-upgrades on; a newer kernel
 * installed but not booted. UEFI with Secure Boot on, TPM 2.0, no antivirus agent.
 */
import type { DeviceScenario } from '../replay-io.js';
import { fixture, NOT_FOUND } from './fixture-file.js';
import { sysfs } from './sysfs.js';
import { linuxFirmware } from './linux-firmware.js';

const blocks = sysfs();
blocks.disk('nvme0n1', 259, 0);
blocks.partition('nvme0n1p1', 259, 1);
blocks.partition('nvme0n1p2', 259, 2);
blocks.partition('nvme0n1p3', 259, 3);
blocks.dm('dm-0', 0, { uuid: fixture('disk-encryption', 'dm-uuid.ubuntu-luks2.txt').trim(), name: 'nvme0n1p3_crypt', slaves: ['nvme0n1p3'] });
blocks.dm('dm-1', 1, { uuid: 'LVM-Xy3Tq0Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8QrKq1Wv2Xy3Zz4Aa5Bb6Cc7Dd8Ee9Ff0Gg1Hh', name: 'vgubuntu-root', slaves: ['dm-0'] });
blocks.dm('dm-2', 2, { uuid: 'LVM-Xy3Tq0Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8QrPp9Oo8Ii7Uu6Yy5Tt4Rr3Ee2Ww1Qq0Aa9Ss', name: 'vgubuntu-swap_1', slaves: ['dm-0'] });
blocks.disk('sda', 8, 0, { removable: true });
blocks.partition('sda1', 8, 1, { removable: true });

const LISTS = '/var/lib/apt/lists';
const listFiles: Record<string, string> = {
  'archive.ubuntu.com_ubuntu_dists_jammy_InRelease': '2022-04-21T17:16:08Z',
  'archive.ubuntu.com_ubuntu_dists_jammy_main_binary-amd64_Packages': '2022-04-21T16:33:34Z',
  'archive.ubuntu.com_ubuntu_dists_jammy-updates_InRelease': '2024-10-07T05:12:40Z',
  'archive.ubuntu.com_ubuntu_dists_jammy-updates_main_binary-amd64_Packages': '2024-10-07T05:01:12Z',
  'security.ubuntu.com_ubuntu_dists_jammy-security_InRelease': '2024-10-07T04:55:02Z',
  'security.ubuntu.com_ubuntu_dists_jammy-security_main_binary-amd64_Packages': '2024-10-06T23:40:19Z',
  'esm.ubuntu.com_apps_ubuntu_dists_jammy-apps-security_InRelease': '2024-10-06T10:03:51Z',
};

const firmware = linuxFirmware({ efi: { secureBoot: 1, setupMode: 0 }, tpm: { major: '2' } });

export const ubuntuLaptop: DeviceScenario = {
  name: 'Ubuntu 22.04 laptop, LUKS2 + LVM, ufw',
  now: '2024-10-07T09:30:00.000Z',
  missingTools: ['firewall-cmd'],
  commands: {
    ...firmware.commands,
    'apt-get -s -o Debug::NoLocking=1 upgrade': { stdout: fixture('os-patches', 'apt-get-upgrade.ubuntu-22.04.txt') },
    'apt-config shell UU APT::Periodic::Unattended-Upgrade': { stdout: fixture('os-patches', 'apt-config-shell.uu-enabled.txt') },
    'dmsetup table': { stdout: fixture('disk-encryption', 'dmsetup-table.ubuntu-luks-lvm.txt') },
    'nft -j list ruleset': { stdout: fixture('net-firewall', 'nft.ufw-iptables-nft.json') },
    'iptables -S': { stdout: fixture('net-firewall', 'iptables.ufw-nft.txt') },
    'iptables -V': { stdout: fixture('net-firewall', 'iptables-V.ubuntu-22.04.txt') },
    'ip6tables -S': { stdout: fixture('net-firewall', 'ip6tables.ufw-nft.txt') },
    'ufw status verbose': { stdout: fixture('net-firewall', 'ufw-status.active-deny.txt') },
  },
  files: {
    ...firmware.files,
    '/etc/os-release': fixture('os-version', 'os-release.ubuntu-22.04.txt'),
    '/proc/sys/kernel/osrelease': fixture('os-version', 'kernel.ubuntu-22.04-hwe.txt'),
    '/var/log/apt/history.log': fixture('os-patches', 'apt-history.ubuntu-22.04.log'),
    '/var/log/dpkg.log': fixture('os-patches', 'dpkg.ubuntu-22.04.log'),
    '/proc/self/mountinfo': fixture('disk-encryption', 'mountinfo.ubuntu-22.04-laptop.txt'),
    '/proc/swaps': fixture('disk-encryption', 'swaps.ubuntu-22.04-laptop.txt'),
    ...blocks.files,
  },
  dirs: {
    ...firmware.dirs,
    [LISTS]: ['auxfiles', 'lock', 'partial', ...Object.keys(listFiles)],
    '/boot': [
      'System.map-6.8.0-40-generic', 'System.map-6.8.0-45-generic', 'System.map-6.8.0-47-generic',
      'config-6.8.0-40-generic', 'config-6.8.0-45-generic', 'config-6.8.0-47-generic', 'efi', 'grub',
      'initrd.img', 'initrd.img-6.8.0-40-generic', 'initrd.img-6.8.0-45-generic', 'initrd.img-6.8.0-47-generic',
      'initrd.img.old', 'vmlinuz', 'vmlinuz-6.8.0-40-generic', 'vmlinuz-6.8.0-45-generic', 'vmlinuz-6.8.0-47-generic', 'vmlinuz.old',
    ],
    '/sys/class/block': ['dm-0', 'dm-1', 'dm-2', 'loop0', 'loop1', 'loop2', 'loop3', 'nvme0n1', 'nvme0n1p1', 'nvme0n1p2', 'nvme0n1p3', 'sda', 'sda1'],
    ...blocks.dirs,
  },
  stats: {
    ...firmware.stats,
    [LISTS]: { mtime: '2024-10-07T07:14:03.120Z', isDirectory: true },
    ...Object.fromEntries(Object.entries(listFiles).map(([name, mtime]) => [`${LISTS}/${name}`, { mtime }])),
    '/var/lib/apt/periodic/update-success-stamp': { mtime: '2024-10-07T07:14:05.881Z' },
    '/var/run/reboot-required': { mtime: '2024-10-05T06:44:31.000Z' },
    '/usr/bin/unattended-upgrade': { mtime: '2024-03-11T14:20:00.000Z' },
  },
};
