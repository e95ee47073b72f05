/**
 * Judges one volume from its device stack. Every path from the mounted device down to a physical
 * device must pass through an encrypting layer for the volume to be `encrypted`; one path that
 * reaches a disk in the clear makes it `unencrypted`; anything we could not read makes it
 * `unknown` — never a guess (an empty lsblk FSTYPE alone proves nothing).
 */
import type { VolumeState } from '@vigil/shared';
import { classifyDmTable, classifyDmUuid, type DmTarget } from './parse-dm.js';
import type { BlockNode } from './topology.js';

export interface ClassifyContext {
  /** `dmsetup table` by mapping name; absent when dmsetup could not run. */
  dmTables?: ReadonlyMap<string, readonly DmTarget[]>;
  /** LUKS header probes (blkid -p, cryptsetup isLuks) by kname: method, or null for "no header". */
  luksProbes?: ReadonlyMap<string, string | null>;
}

export interface VolumeVerdict {
  state: VolumeState;
  method?: string;
  detail: string;
}

type Layer =
  | { kind: 'crypt'; method: string; label: string }
  | { kind: 'passthrough' | 'plain'; label: string }
  | { kind: 'unknown'; label: string; why: string };

function dmLayer(node: BlockNode & { dm: { uuid: string; name: string } }, ctx: ClassifyContext): Layer {
  const id = `${node.kname} (${node.dm.name || 'unnamed'})`;
  const byUuid = classifyDmUuid(node.dm.uuid);
  const targets = ctx.dmTables?.get(node.dm.name);
  const byTable = targets ? classifyDmTable(targets) : undefined;
  const cipher = targets?.find((t) => t.type === 'crypt')?.cipher;
  if (byUuid.kind === 'crypt') {
    if (byTable?.kind === 'passthrough') {
      // cipher_null "encrypts" with the identity function; any other non-crypt table contradicts the uuid.
      if (cipher?.startsWith('cipher_null'))
        return { kind: 'passthrough', label: `${id} ${byUuid.method} with cipher_null (no encryption)` };
      return {
        kind: 'unknown',
        label: id,
        why: `${id}: dm uuid says ${byUuid.method} but dmsetup shows ${byTable.what}`,
      };
    }
    return { kind: 'crypt', method: byUuid.method, label: `${id} ${byUuid.method}${cipher ? ` ${cipher}` : ''}` };
  }
  if (byTable?.kind === 'crypt')
    return { kind: 'crypt', method: byTable.method, label: `${id} dm-crypt${cipher ? ` ${cipher}` : ''}` };
  if (byUuid.kind === 'passthrough') return { kind: 'passthrough', label: `${id} ${byUuid.what}` };
  if (byTable?.kind === 'passthrough') return { kind: 'passthrough', label: `${id} ${byTable.what}` };
  // An unlabelled mapping over a partition with a LUKS header is that header's mapping.
  const probed = node.slaves
    .map((slave) => ctx.luksProbes?.get(slave.kname))
    .find((method) => typeof method === 'string');
  if (probed) return { kind: 'crypt', method: probed, label: `${id} over a ${probed} header` };
  return { kind: 'unknown', label: id, why: `${id}: device-mapper target unknown (uuid "${node.dm.uuid}")` };
}

function layerOf(node: BlockNode, ctx: ClassifyContext): Layer {
  if (node.unreadable) return { kind: 'unknown', label: node.kname, why: node.unreadable };
  if (node.lsblk) {
    if (node.lsblk.type === 'crypt') {
      const luks = node.slaves.some((slave) => slave.lsblk?.fstype === 'crypto_LUKS');
      return { kind: 'crypt', method: luks ? 'luks' : 'dm-crypt', label: `${node.kname} crypt (lsblk)` };
    }
  } else if (node.kind === 'dm' && node.dm) return dmLayer({ ...node, dm: node.dm }, ctx);
  if (node.slaves.length > 0) return { kind: 'passthrough', label: `${node.kname} ${node.lsblk?.type ?? node.kind}` };
  if (node.kind === 'loop')
    return { kind: 'unknown', label: node.kname, why: `${node.kname} is a loop device backed by a file` };
  if (node.kind === 'dm' || node.kind === 'other') {
    return { kind: 'unknown', label: node.kname, why: `${node.kname}: ${node.kind} device with nothing below it` };
  }
  return { kind: 'plain', label: `${node.kname} ${node.lsblk?.type ?? node.kind}` };
}

/** Each root-to-leaf path as its layers, top first. */
function paths(node: BlockNode, ctx: ClassifyContext, above: Layer[] = []): Layer[][] {
  const here = [...above, layerOf(node, ctx)];
  if (node.unreadable || node.slaves.length === 0) return [here];
  return node.slaves.flatMap((slave) => paths(slave, ctx, here));
}

const chain = (layers: readonly Layer[]) => layers.map((layer) => layer.label).join(' → ');
const cap = (text: string) => (text.length > 500 ? `${text.slice(0, 499)}…` : text);

export function classifyStack(root: BlockNode, ctx: ClassifyContext, via: string): VolumeVerdict {
  const all = paths(root, ctx);
  const encrypted = all.map((layers) => layers.find((layer) => layer.kind === 'crypt'));
  const clear = all.filter((layers, i) => !encrypted[i] && layers.every((layer) => layer.kind !== 'unknown'));
  if (clear.length > 0) {
    return {
      state: 'unencrypted',
      detail: cap(`${chain(clear[0] ?? [])}: no encryption layer between the filesystem and the disk (${via})`),
    };
  }
  const unknown = all.find((_, i) => !encrypted[i]);
  if (unknown) {
    const why = unknown.flatMap((layer) => (layer.kind === 'unknown' ? [layer.why] : [])).join('; ');
    return { state: 'unknown', detail: cap(`${chain(unknown)}: ${why}`) };
  }
  const methods = [...new Set(encrypted.flatMap((layer) => (layer?.kind === 'crypt' ? [layer.method] : [])))];
  return { state: 'encrypted', method: methods.join('+'), detail: cap(`${all.map(chain).join('; ')} (${via})`) };
}
