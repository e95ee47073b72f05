/**
 * /proc/self/mountinfo and /proc/swaps. mountinfo (proc(5)) is used rather than /proc/mounts
 * because it carries the device number, which names the block device even when the source
 * string does not (`/dev/root`).
 *   36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 */
export interface MountEntry {
  /** `major:minor`; major 0 for pseudo filesystems and btrfs subvolumes (anonymous devices). */
  majorMinor: string;
  root: string;
  mountpoint: string;
  fstype: string;
  source: string;
}

export interface SwapEntry {
  path: string;
  type: 'partition' | 'file' | string;
}

/** The kernel escapes space, tab, newline and backslash as 3-digit octal (`\040`). */
export function unescapeOctal(value: string): string {
  return value.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

export function parseMountinfo(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(' ');
    const separator = fields.indexOf('-', 6);
    if (fields.length < 10 || separator < 0) continue;
    const [, , majorMinor, root, mountpoint] = fields;
    const fstype = fields[separator + 1];
    const source = fields[separator + 2];
    if (!majorMinor || !root || !mountpoint || !fstype || source === undefined) continue;
    entries.push({
      majorMinor,
      root: unescapeOctal(root),
      mountpoint: unescapeOctal(mountpoint),
      fstype,
      source: unescapeOctal(source),
    });
  }
  return entries;
}

export function parseSwaps(text: string): SwapEntry[] {
  return text
    .split('\n')
    .slice(1) // header: Filename Type Size Used Priority
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 2 && fields[0] !== '')
    .map(([path = '', type = '']) => ({ path: unescapeOctal(path), type }));
}

// Filesystems that never hold data on a local disk of this machine.
const PSEUDO = new Set([
  'proc',
  'sysfs',
  'tmpfs',
  'ramfs',
  'devtmpfs',
  'devpts',
  'overlay',
  'aufs',
  'cgroup',
  'cgroup2',
  'squashfs',
  'nsfs',
  'securityfs',
  'debugfs',
  'tracefs',
  'pstore',
  'bpf',
  'efivarfs',
  'mqueue',
  'hugetlbfs',
  'configfs',
  'fusectl',
  'binfmt_misc',
  'autofs',
  'rpc_pipefs',
  'selinuxfs',
  'nfsd',
  'iso9660',
  'udf',
  'erofs',
  'zonefs',
]);
// Network and host-shared filesystems: their encryption is the remote side's business.
const REMOTE = new Set([
  'nfs',
  'nfs4',
  'cifs',
  'smb3',
  'smbfs',
  'ceph',
  'glusterfs',
  '9p',
  'virtiofs',
  'afs',
  'davfs',
  'lustre',
]);

export type MountSkip = 'pseudo' | 'remote' | 'fuse' | null;

/** Why a mount is not a local fixed filesystem, or null when it should be judged. */
export function mountSkipReason(entry: Pick<MountEntry, 'fstype'>): MountSkip {
  if (PSEUDO.has(entry.fstype)) return 'pseudo';
  if (REMOTE.has(entry.fstype)) return 'remote';
  // fuseblk (ntfs-3g, exfat) sits on a real block device; other fuse.* (sshfs, gvfs, lxcfs) do not.
  if (entry.fstype.startsWith('fuse') && entry.fstype !== 'fuseblk') return 'fuse';
  return null;
}
