/**
 * Which mounts and swaps are judged: every local, persistent, fixed filesystem and every active
 * swap, one volume per block device. Excluded on purpose:
 * - pseudo, network and FUSE filesystems (see parse-mounts.ts);
 * - loop devices (snaps, ISO images: read-only copies of files on another volume, which is judged);
 * - zram, ram and optical devices. zram swap is compressed RAM: it never reaches persistent
 *   storage, so there is nothing at rest to encrypt, and calling it "encrypted" would be a lie.
 */
import { mountSkipReason, type MountEntry, type SwapEntry } from './parse-mounts.js';

export type DeviceRef = { kind: 'majorMinor'; value: string } | { kind: 'path'; value: string };

export interface MountCandidate {
  role: 'filesystem';
  mountpoint: string;
  device: string;
  refs: DeviceRef[];
}
export interface SwapCandidate {
  role: 'swap';
  device: string;
  /** For swap files: the mountpoint of the filesystem holding the file. */
  hostMountpoint?: string;
  refs: DeviceRef[];
}
/** A volume we can name but not inspect (a ZFS pool): judged `unknown`. */
export interface OpaqueCandidate {
  role: 'filesystem';
  mountpoint: string;
  device: string;
  opaque: string;
}

const NOT_PERSISTENT = /^\/dev\/(loop|zram|ram|sr)\d/;

export function selectMounts(mounts: readonly MountEntry[]): Array<MountCandidate | OpaqueCandidate> {
  const byDevice = new Map<string, MountCandidate | OpaqueCandidate>();
  for (const entry of mounts) {
    if (mountSkipReason(entry) !== null || NOT_PERSISTENT.test(entry.source)) continue;
    const anonymous = entry.majorMinor.startsWith('0:');
    let key: string;
    let candidate: MountCandidate | OpaqueCandidate;
    if (entry.fstype === 'zfs') {
      const pool = entry.source.split('/')[0] ?? entry.source;
      key = `zfs:${pool}`;
      candidate = {
        role: 'filesystem',
        mountpoint: entry.mountpoint,
        device: pool,
        opaque: `ZFS pool ${pool}: ZFS native encryption is not inspected yet`,
      };
    } else if (!anonymous || entry.source.startsWith('/dev/')) {
      // btrfs reports an anonymous device number, so the source path is the only way to its device.
      key = anonymous ? entry.source : entry.majorMinor;
      const refs: DeviceRef[] = anonymous ? [] : [{ kind: 'majorMinor', value: entry.majorMinor }];
      if (entry.source.startsWith('/dev/')) refs.push({ kind: 'path', value: entry.source });
      candidate = { role: 'filesystem', mountpoint: entry.mountpoint, device: entry.source, refs };
    } else continue; // no block device behind it
    const seen = byDevice.get(key);
    // Bind mounts and btrfs subvolumes repeat a device: keep its shortest mountpoint.
    if (!seen || candidate.mountpoint.length < seen.mountpoint.length) byDevice.set(key, candidate);
  }
  return [...byDevice.values()];
}

/** The mount holding a path: the longest mountpoint that is a prefix of it. */
export function mountHolding(path: string, mounts: readonly MountEntry[]): MountEntry | undefined {
  const holds = (mountpoint: string) => mountpoint === '/' || path === mountpoint || path.startsWith(`${mountpoint}/`);
  return mounts
    .filter((entry) => holds(entry.mountpoint))
    .reduce<MountEntry | undefined>(
      (best, entry) => (!best || entry.mountpoint.length >= best.mountpoint.length ? entry : best),
      undefined,
    );
}

export function selectSwaps(swaps: readonly SwapEntry[], mounts: readonly MountEntry[]): SwapCandidate[] {
  const selected: SwapCandidate[] = [];
  for (const swap of swaps) {
    if (NOT_PERSISTENT.test(swap.path)) continue;
    if (swap.type !== 'file') {
      selected.push({ role: 'swap', device: swap.path, refs: [{ kind: 'path', value: swap.path }] });
      continue;
    }
    const host = mountHolding(swap.path, mounts);
    if (host && mountSkipReason(host) === 'pseudo') continue; // a swap file on tmpfs is in RAM
    const refs: DeviceRef[] = [];
    if (host && !host.majorMinor.startsWith('0:')) refs.push({ kind: 'majorMinor', value: host.majorMinor });
    if (host?.source.startsWith('/dev/')) refs.push({ kind: 'path', value: host.source });
    selected.push({ role: 'swap', device: swap.path, ...(host ? { hostMountpoint: host.mountpoint } : {}), refs });
  }
  return selected;
}
