/**
 * Block-device stacks read from sysfs, which needs neither udev nor device-mapper ioctls (both
 * absent in containers and minimal VMs): from the mounted device down through `slaves/` to the
 * physical partitions, with each device-mapper node's `dm/uuid`.
 */
import type { CollectorIO } from '../../platform/io.js';

export type BlockKind = 'disk' | 'partition' | 'dm' | 'md' | 'loop' | 'zram' | 'other';

export interface BlockNode {
  kname: string;
  kind: BlockKind;
  dm?: { uuid: string; name: string };
  /** Set on nodes that came from lsblk (fallback): its TYPE column and FSTYPE (null without udev). */
  lsblk?: { type: string; fstype: string | null };
  /** The devices this one is built on (sysfs `slaves/`, lsblk `-s` children). */
  slaves: BlockNode[];
  /** Leaves only: the disk's `removable` flag; null when unreadable. */
  removable?: boolean | null;
  /** Why this node could not be read (the walk stops here). */
  unreadable?: string;
}

const MAX_DEPTH = 8;
const SYS = '/sys/class/block';

export function kindOf(kname: string, devtype: string | null): BlockKind {
  if (kname.startsWith('dm-')) return 'dm';
  if (/^md\d/.test(kname)) return 'md';
  if (kname.startsWith('loop')) return 'loop';
  if (kname.startsWith('zram')) return 'zram';
  if (devtype === 'partition') return 'partition';
  return devtype === 'disk' ? 'disk' : 'other';
}

/** `KEY=value` lines of a sysfs uevent file. */
export function parseUevent(text: string): Record<string, string> {
  return Object.fromEntries(
    text.split('\n').flatMap((line) => {
      const at = line.indexOf('=');
      return at > 0 ? [[line.slice(0, at), line.slice(at + 1).trim()]] : [];
    }),
  );
}

/** The kernel name (`nvme0n1p3`, `dm-0`) of a `major:minor` pair. */
export async function knameOfDevice(io: CollectorIO, majorMinor: string): Promise<string | null> {
  const uevent = await io.readFile(`/sys/dev/block/${majorMinor}/uevent`, { maxBytes: 4096 });
  return uevent.ok ? (parseUevent(uevent.text).DEVNAME ?? null) : null;
}

/** `/dev/mapper/<name>` → `dm-N`, by reading every dm node's name (no udev symlinks needed). */
export async function knameOfMapperName(io: CollectorIO, name: string): Promise<string | null> {
  const listing = await io.readDir(SYS);
  if (!listing.ok) return null;
  for (const kname of listing.entries.filter((entry) => entry.startsWith('dm-'))) {
    const dmName = await io.readFile(`${SYS}/${kname}/dm/name`, { maxBytes: 4096 });
    if (dmName.ok && dmName.text.trim() === name) return kname;
  }
  return null;
}

async function readTrimmed(io: CollectorIO, path: string): Promise<string | null> {
  const file = await io.readFile(path, { maxBytes: 4096 });
  return file.ok ? file.text.trim() : null;
}

async function removableFlag(io: CollectorIO, kname: string, kind: BlockKind): Promise<boolean | null> {
  // A partition has no `removable` of its own; `..` is resolved by the kernel from the real
  // device directory, which is the parent disk's.
  const value = await readTrimmed(
    io,
    kind === 'partition' ? `${SYS}/${kname}/../removable` : `${SYS}/${kname}/removable`,
  );
  return value === null ? null : value === '1';
}

export async function walkSysfs(io: CollectorIO, kname: string, depth = 0): Promise<BlockNode> {
  const base = `${SYS}/${kname}`;
  const [uevent, slaves] = await Promise.all([
    io.readFile(`${base}/uevent`, { maxBytes: 4096 }),
    io.readDir(`${base}/slaves`),
  ]);
  if (!uevent.ok) return { kname, kind: kindOf(kname, null), slaves: [], unreadable: `${base}: ${uevent.error.code}` };
  const kind = kindOf(kname, parseUevent(uevent.text).DEVTYPE ?? null);
  const node: BlockNode = { kname, kind, slaves: [] };
  if (kind === 'dm') {
    const [uuid, name] = await Promise.all([readTrimmed(io, `${base}/dm/uuid`), readTrimmed(io, `${base}/dm/name`)]);
    if (uuid === null) return { ...node, unreadable: `${base}/dm/uuid unreadable` };
    node.dm = { uuid, name: name ?? '' };
  }
  // Partitions have no slaves/ directory; for a whole device its absence means no layers below.
  if (!slaves.ok && slaves.error.code !== 'VIGIL_IO_NOT_FOUND')
    return { ...node, unreadable: `${base}/slaves: ${slaves.error.code}` };
  const below = slaves.ok ? slaves.entries : [];
  if (below.length > 0 && depth >= MAX_DEPTH) return { ...node, unreadable: 'device stack too deep' };
  node.slaves = await Promise.all(below.map((slave) => walkSysfs(io, slave, depth + 1)));
  if (node.slaves.length === 0 && (kind === 'disk' || kind === 'partition'))
    node.removable = await removableFlag(io, kname, kind);
  return node;
}

/** Every node of a stack, top first. */
export function nodesOf(root: BlockNode): BlockNode[] {
  return [root, ...root.slaves.flatMap(nodesOf)];
}

export function leavesOf(root: BlockNode): BlockNode[] {
  return root.slaves.length === 0 ? [root] : root.slaves.flatMap(leavesOf);
}
