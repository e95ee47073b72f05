/**
 * A Fedora 40 Workstation installed with encryption: btrfs subvolumes / and /home on LUKS2
 * (`luks-<uuid>`, mounted through /dev/mapper with an anonymous device number), plain /boot and
 * /boot/efi, zram swap; firewalld running (zone FedoraWorkstation) with iptables-nft installed but
 * empty; dnf 4 with 10 pending updates (7 security), no dnf-automatic. UEFI with Secure Boot on,
 * TPM 2.0, ClamAV's scanner daemon running without on-access scanning.
 */
import type { DeviceScenario } from '../replay-io.js';
import { fixture, NOT_FOUND } from './fixture-file.js';
import { linuxFirmware } from './linux-firmware.js';
import { sysfs } from './sysfs.js';

const LUKS_NAME = 'luks-6c1f5a2e-9b7d-4c3a-8e0f-1d2c3b4a5968';
const blocks = sysfs();
blocks.disk('nvme0n1', 259, 0);
blocks.partition('nvme0n1p1', 259, 1);
blocks.partition('nvme0n1p2', 259, 2);
blocks.partition('nvme0n1p3', 259, 3);
blocks.dm('dm-0', 0, { uuid: fixture('disk-encryption', 'dm-uuid.fedora-luks2.txt').trim(), name: LUKS_NAME, slaves: ['nvme0n1p3'] });

const CACHE = '/var/cache/dnf';
const repos: Record<string, string> = {
  'fedora-2d95c80a1fa0a67d': '2024-04-16T12:01:55Z',
  'updates-2d95c80a1fa0a67d': '2024-10-07T07:37:02Z',
  'fedora-cisco-openh264-5d4f7a3b1c9e8f20': '2024-09-30T08:10:44Z',
};
const TIMERS = '/etc/systemd/system/timers.target.wants';

const firmware = linuxFirmware({
  efi: { secureBoot: 1, setupMode: 0 },
  tpm: { major: '2' },
  av: {
    installed: ['/usr/sbin/clamd'],
    commands: {
      'systemctl is-active clamav-daemon.service clamd@scan.service clamav-clamonacc.service clamonacc.service': {
        stdout: 'inactive\nactive\ninactive\ninactive\n',
        exitCode: 3,
      },
    },
    stats: {
      '/var/lib/clamav/daily.cld': { mtime: '2024-10-07T03:12:00.000Z' },
      '/var/lib/clamav/daily.cvd': NOT_FOUND,
    },
  },
});

export const fedoraWorkstation: DeviceScenario = {
  name: 'Fedora 40 Workstation, LUKS2 + btrfs, firewalld, dnf',
  now: '2024-10-07T09:45:00.000Z',
  missingTools: ['ufw'],
  commands: {
    ...firmware.commands,
    'dnf --cacheonly check-update': { stdout: fixture('os-patches', 'dnf-check-update.fedora-40.txt'), exitCode: 100 },
    'dnf --cacheonly updateinfo list --security': { stdout: fixture('os-patches', 'dnf-updateinfo-security.fedora-40.txt') },
    'dnf needs-restarting -r': { stdout: fixture('os-patches', 'dnf-needs-restarting.reboot.txt'), exitCode: 1 },
    'dmsetup table': { stdout: fixture('disk-encryption', 'dmsetup-table.fedora-luks-btrfs.txt') },
    'nft -j list ruleset': { stdout: fixture('net-firewall', 'nft.firewalld-fedora.json') },
    'iptables -S': { stdout: fixture('net-firewall', 'iptables.fedora-40-firewalld.txt') },
    'iptables -V': { stdout: fixture('net-firewall', 'iptables-V.fedora-40.txt') },
    'ip6tables -S': { stdout: fixture('net-firewall', 'iptables.fedora-40-firewalld.txt') },
    'firewall-cmd --state': { stdout: fixture('net-firewall', 'firewall-cmd-state.running.txt') },
    'firewall-cmd --get-default-zone': { stdout: fixture('net-firewall', 'firewall-cmd-default-zone.fedora.txt') },
    'firewall-cmd --permanent --get-target': { stdout: fixture('net-firewall', 'firewall-cmd-target.default.txt') },
  },
  files: {
    ...firmware.files,
    '/etc/os-release': fixture('os-version', 'os-release.fedora-40.txt'),
    '/proc/sys/kernel/osrelease': fixture('os-version', 'kernel.fedora-40.txt'),
    '/var/log/dnf.rpm.log': fixture('os-patches', 'dnf.rpm.fedora-40.log'),
    '/proc/self/mountinfo': fixture('disk-encryption', 'mountinfo.fedora-40-workstation.txt'),
    '/proc/swaps': fixture('disk-encryption', 'swaps.fedora-40-zram.txt'),
    '/etc/ufw/ufw.conf': NOT_FOUND,
    ...blocks.files,
  },
  dirs: {
    ...firmware.dirs,
    [CACHE]: ['expired_repos.json', 'packages.db', 'tempfiles.json', ...Object.keys(repos)],
    '/var/cache/libdnf5': NOT_FOUND,
    '/sys/class/block': ['dm-0', 'nvme0n1', 'nvme0n1p1', 'nvme0n1p2', 'nvme0n1p3', 'zram0'],
    ...blocks.dirs,
  },
  stats: {
    ...firmware.stats,
    ...Object.fromEntries(Object.entries(repos).map(([dir, mtime]) => [`${CACHE}/${dir}/repodata/repomd.xml`, { mtime }])),
    [`${TIMERS}/dnf-automatic-install.timer`]: NOT_FOUND,
    [`${TIMERS}/dnf-automatic.timer`]: NOT_FOUND,
    [`${TIMERS}/dnf5-automatic.timer`]: NOT_FOUND,
  },
};
