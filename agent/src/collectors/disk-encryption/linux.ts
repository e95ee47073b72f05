/**
 * disk.encryption on Linux, one volume per mounted fixed filesystem and active swap. Methods, in
 * order: sysfs stacks with dm uuids (no udev needed), `dmsetup table` to corroborate and to name
 * unlabelled mappings, `blkid -p` / `cryptsetup isLuks` for LUKS headers under unlabelled
 * mappings, and `lsblk -s` when sysfs cannot be walked.
 */
import type { DiskEncryptionValue, Observation, Volume } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation, unsupportedObservation } from '../observation.js';
import { classifyStack, type ClassifyContext, type VolumeVerdict } from './classify.js';
import { selectMounts, selectSwaps, type DeviceRef } from './candidates.js';
import { luksMethodFromBlkid, parseBlkid } from './parse-blkid.js';
import { classifyDmUuid, parseDmsetupTable } from './parse-dm.js';
import { parseLsblk } from './parse-lsblk.js';
import { parseMountinfo, parseSwaps } from './parse-mounts.js';
import { knameOfDevice, knameOfMapperName, leavesOf, nodesOf, walkSysfs, type BlockNode } from './topology.js';

interface Stack {
  root: BlockNode;
  via: string;
}

async function knameOf(io: CollectorIO, refs: readonly DeviceRef[]): Promise<string | null> {
  for (const ref of refs) {
    if (ref.kind === 'majorMinor') {
      const kname = await knameOfDevice(io, ref.value);
      if (kname) return kname;
      continue;
    }
    const mapper = /^\/dev\/mapper\/(.+)$/.exec(ref.value);
    if (mapper?.[1]) return knameOfMapperName(io, mapper[1]);
    // LVM's /dev/<vg>/<lv> symlink names the mapping <vg>-<lv>, with dashes inside names doubled.
    const lvm = /^\/dev\/([^/]+)\/([^/]+)$/.exec(ref.value);
    if (lvm?.[1] && lvm[2] && !['disk', 'md', 'block'].includes(lvm[1])) {
      return knameOfMapperName(io, `${lvm[1].replaceAll('-', '--')}-${lvm[2].replaceAll('-', '--')}`);
    }
    const direct = /^\/dev\/([^/]+)$/.exec(ref.value);
    if (direct?.[1]) return direct[1];
  }
  return null;
}

async function stackOf(io: CollectorIO, kname: string): Promise<Stack> {
  const root = await walkSysfs(io, kname);
  if (!root.unreadable) return { root, via: 'sysfs' };
  const lsblk = await io.exec(
    'lsblk',
    ['-J', '-s', '-o', 'NAME,KNAME,TYPE,FSTYPE,MOUNTPOINT,PKNAME', `/dev/${kname}`],
    { timeoutMs: 5_000 },
  );
  const parsed = lsblk.ok && lsblk.exitCode === 0 ? parseLsblk(lsblk.stdout)?.[0] : undefined;
  return parsed ? { root: parsed, via: 'lsblk, sysfs unreadable' } : { root, via: 'sysfs' };
}

/** blkid -p first, cryptsetup isLuks when blkid cannot tell; undefined when neither can. */
async function probeLuks(io: CollectorIO, kname: string): Promise<string | null | undefined> {
  const blkid = await io.exec('blkid', ['-p', `/dev/${kname}`], { timeoutMs: 5_000 });
  if (blkid.ok && blkid.exitCode === 0) return luksMethodFromBlkid(parseBlkid(blkid.stdout));
  // Exit 2 is both "no signature found" and "could not open" (EPERM without CAP_SYS_ADMIN): only
  // a silent exit 2 is a real "nothing there".
  if (blkid.ok && blkid.exitCode === 2 && blkid.stderr.trim() === '') return null;
  const isLuks = await io.exec('cryptsetup', ['isLuks', `/dev/${kname}`], { timeoutMs: 5_000 });
  if (isLuks.ok && (isLuks.exitCode === 0 || isLuks.exitCode === 1)) return isLuks.exitCode === 0 ? 'luks' : null;
  return undefined;
}

async function contextFor(io: CollectorIO, stacks: readonly Stack[]): Promise<ClassifyContext> {
  const dmNodes = stacks.flatMap((stack) => nodesOf(stack.root)).filter((node) => node.dm);
  if (dmNodes.length === 0) return {};
  const table = await io.exec('dmsetup', ['table'], { timeoutMs: 5_000 });
  const dmTables = table.ok && table.exitCode === 0 ? parseDmsetupTable(table.stdout) : undefined;
  const unresolved = dmNodes.filter(
    (node) => node.dm && classifyDmUuid(node.dm.uuid).kind === 'opaque' && !dmTables?.has(node.dm.name),
  );
  const probeTargets = [...new Set(unresolved.flatMap((node) => node.slaves.map((slave) => slave.kname)))];
  const probes = await Promise.all(probeTargets.map(async (kname) => [kname, await probeLuks(io, kname)] as const));
  const luksProbes = new Map(
    probes.filter((entry): entry is readonly [string, string | null] => entry[1] !== undefined),
  );
  return { ...(dmTables ? { dmTables } : {}), luksProbes };
}

const unknownVerdict = (detail: string): VolumeVerdict => ({ state: 'unknown', detail });

export async function collectDiskEncryptionLinux(io: CollectorIO): Promise<Observation<'disk.encryption'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const rio = recorder.io;
  const [mountinfo, swapsFile] = await Promise.all([
    rio.readFile('/proc/self/mountinfo', { maxBytes: 8 * 1024 * 1024 }),
    rio.readFile('/proc/swaps', { maxBytes: 1024 * 1024 }),
  ]);
  if (!mountinfo.ok) {
    return errorObservation('VIGIL_COLLECT_MOUNTS_UNREADABLE', mountinfo.error.message, io.now(), {
      evidence: recorder.evidence(),
      startedAt,
    });
  }
  const mounts = parseMountinfo(mountinfo.text);
  const candidates = [...selectMounts(mounts), ...selectSwaps(swapsFile.ok ? parseSwaps(swapsFile.text) : [], mounts)];

  const stacks = new Map<string, Promise<Stack>>();
  const resolved = await Promise.all(
    candidates.map(async (candidate) => {
      if ('opaque' in candidate) return { candidate, stack: null, kname: null };
      const kname = await knameOf(rio, candidate.refs);
      if (kname === null || /^(loop|zram|ram|sr)\d/.test(kname)) return { candidate, stack: null, kname };
      if (!stacks.has(kname)) stacks.set(kname, stackOf(rio, kname));
      return { candidate, stack: await stacks.get(kname), kname };
    }),
  );
  const context = await contextFor(
    rio,
    resolved.flatMap((r) => (r.stack ? [r.stack] : [])),
  );

  const volumes: Volume[] = [];
  for (const { candidate, stack, kname } of resolved) {
    if (kname !== null && stack === null) continue; // not persistent storage (see candidates.ts)
    // Removable media (USB sticks, SD cards) are not fixed storage.
    if (stack && leavesOf(stack.root).every((leaf) => leaf.removable === true)) continue;
    let verdict: VolumeVerdict;
    if ('opaque' in candidate) verdict = unknownVerdict(candidate.opaque);
    else if (!stack) verdict = unknownVerdict(`${candidate.device}: could not find its block device`);
    else verdict = classifyStack(stack.root, context, stack.via);
    if (candidate.role === 'swap' && 'hostMountpoint' in candidate && candidate.hostMountpoint) {
      verdict = { ...verdict, detail: `swap file on ${candidate.hostMountpoint}: ${verdict.detail}`.slice(0, 500) };
    }
    volumes.push({
      mountpoint: candidate.role === 'swap' ? '[SWAP]' : candidate.mountpoint,
      device: candidate.device,
      role: candidate.role,
      ...verdict,
    });
  }
  if (volumes.length === 0) {
    return unsupportedObservation('no local disk filesystem or swap is mounted (container or network root?)', io.now());
  }
  const value: DiskEncryptionValue = { volumes: volumes.slice(0, 256) };
  return okObservation<'disk.encryption'>(value, recorder.evidence(), startedAt, io.now());
}
