/**
 * `lsblk -J -s -o NAME,KNAME,TYPE,FSTYPE,MOUNTPOINT,PKNAME DEV`: with `-s` the tree is inverted,
 * so a node's `children` are the devices it is built on. Used when sysfs cannot be walked.
 *
 * Traps: without udev (containers, minimal VMs) FSTYPE is null even on a LUKS partition, so an
 * empty FSTYPE proves nothing; TYPE comes from sysfs and stays reliable, but lsblk reports
 * dm-verity and dm-integrity as TYPE "crypt" too (it only looks at the dm uuid prefix). Old
 * util-linux (< 2.33) prints every value as a string.
 */
import type { BlockKind, BlockNode } from './topology.js';

interface LsblkDevice {
  name?: unknown;
  kname?: unknown;
  type?: unknown;
  fstype?: unknown;
  children?: unknown;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function kindFromType(type: string): BlockKind {
  if (type === 'part') return 'partition';
  if (type === 'disk') return 'disk';
  if (type === 'loop') return 'loop';
  if (type === 'crypt' || type === 'lvm' || type === 'mpath' || type === 'dm') return 'dm';
  if (type.startsWith('raid') || type === 'md') return 'md';
  return 'other';
}

function toNode(device: LsblkDevice, depth: number): BlockNode | null {
  const kname = text(device.kname) ?? text(device.name);
  const type = text(device.type);
  if (!kname || !type || depth > 16) return null;
  const children = Array.isArray(device.children) ? (device.children as LsblkDevice[]) : [];
  const slaves = children.map((child) => toNode(child, depth + 1)).filter((node): node is BlockNode => node !== null);
  return {
    kname,
    kind: kname.startsWith('zram') ? 'zram' : kindFromType(type),
    lsblk: { type, fstype: text(device.fstype) },
    slaves,
  };
}

/** The stacks lsblk printed, one per requested device; null when the output is not lsblk JSON. */
export function parseLsblk(json: string): BlockNode[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  const devices = (parsed as { blockdevices?: unknown } | null)?.blockdevices;
  if (!Array.isArray(devices)) return null;
  return devices.map((device: LsblkDevice) => toNode(device, 0)).filter((node): node is BlockNode => node !== null);
}
