/**
 * os.patches on Linux: apt or dnf, chosen by os-release ID / ID_LIKE and then by which tool is
 * installed. Other managers (pacman, zypper, rpm-ostree) are `unsupported`, never a pass.
 */
import type { Observation, OsPatchesValue } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { okObservation, unsupportedObservation } from '../observation.js';
import { parseOsRelease } from '../os-version/parse-os-release.js';
import { collectApt } from './linux-apt.js';
import { collectDnf } from './linux-dnf.js';

type Manager = 'apt' | 'dnf';
const DNF_FAMILY = new Set(['fedora', 'rhel', 'centos', 'rocky', 'almalinux', 'ol', 'amzn']);

/** Manager order to try: the one the distro names first, then the other. */
export function managerOrder(osRelease: string | null): Manager[] {
  const release = parseOsRelease(osRelease ?? '');
  const ids = [release.ID ?? '', ...(release.ID_LIKE ?? '').split(/\s+/)].map((id) => id.toLowerCase());
  return ids.some((id) => DNF_FAMILY.has(id)) ? ['dnf', 'apt'] : ['apt', 'dnf'];
}

export async function collectOsPatchesLinux(io: CollectorIO): Promise<Observation<'os.patches'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const [release, kernelFile] = await Promise.all([
    recorder.io.readFile('/etc/os-release', { maxBytes: 64 * 1024 }),
    recorder.io.readFile('/proc/sys/kernel/osrelease', { maxBytes: 4096 }),
  ]);
  const kernel = kernelFile.ok ? kernelFile.text.trim() || undefined : undefined;
  let value: OsPatchesValue | null = null;
  for (const manager of managerOrder(release.ok ? release.text : null)) {
    value = manager === 'apt' ? await collectApt(recorder.io, io, kernel) : await collectDnf(recorder.io, io);
    if (value) break;
  }
  if (!value) {
    const distro = release.ok ? parseOsRelease(release.text).ID : undefined;
    return unsupportedObservation(
      `no supported package manager found (apt-get, dnf)${distro ? ` on ${distro}` : ''}`,
      io.now(),
    );
  }
  return okObservation<'os.patches'>(value, recorder.evidence(), startedAt, io.now());
}
