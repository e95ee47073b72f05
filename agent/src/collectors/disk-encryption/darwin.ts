/**
 * disk.encryption on macOS: FileVault per APFS data volume. `fdesetup status` is authoritative for
 * the booted data volume (it alone reports progress and deferred enablement); other volumes are
 * judged by their own FileVault flag. Without the APFS listing, the booted volume alone is judged.
 */
import type { Observation, Volume } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation } from '../observation.js';
import { dataVolumes, parseApfsList, parseDiskutilInfo, type ApfsVolume } from './parse-apfs.js';
import { parseFdesetupStatus, type FdesetupStatus } from './parse-fdesetup.js';

const DATA_MOUNT = '/System/Volumes/Data';

function fromFdesetup(status: FdesetupStatus): Pick<Volume, 'state' | 'percent'> {
  if (status.converting) {
    return {
      state: status.converting.direction,
      ...(status.converting.percent !== null ? { percent: status.converting.percent } : {}),
    };
  }
  return { state: status.on ? 'encrypted' : 'unencrypted' };
}

function fromFlags(volume: ApfsVolume): Volume['state'] {
  if (volume.fileVault === null) return 'unknown';
  if (volume.converting) return volume.fileVault ? 'encrypting' : 'decrypting';
  return volume.fileVault ? 'encrypted' : 'unencrypted';
}

function toVolume(volume: ApfsVolume, booted: boolean, status: FdesetupStatus | null): Volume {
  const flags = `APFS volume "${volume.name}": FileVault ${volume.fileVault === null ? 'unknown' : volume.fileVault ? 'yes' : 'no'}${volume.locked ? ', locked' : ''}${volume.converting ? ', converting' : ''}`;
  const judged = booted && status ? fromFdesetup(status) : { state: fromFlags(volume) };
  return {
    mountpoint: booted ? DATA_MOUNT : `/Volumes/${volume.name}`,
    device: `/dev/${volume.device}`,
    role: 'filesystem',
    ...judged,
    ...(judged.state === 'encrypted' || judged.state === 'encrypting' ? { method: 'filevault' } : {}),
    detail: (booted && status ? `${status.detail}; ${flags}` : flags).slice(0, 500),
  };
}

export async function collectDiskEncryptionDarwin(io: CollectorIO): Promise<Observation<'disk.encryption'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const [fde, list, info] = await Promise.all([
    recorder.io.exec('fdesetup', ['status'], { timeoutMs: 10_000 }),
    recorder.io.exec('diskutil', ['apfs', 'list', '-plist'], { timeoutMs: 15_000 }),
    recorder.io.exec('diskutil', ['info', '-plist', DATA_MOUNT], { timeoutMs: 10_000 }),
  ]);
  const status = fde.ok && fde.exitCode === 0 ? parseFdesetupStatus(fde.stdout) : null;
  const containers = list.ok && list.exitCode === 0 ? parseApfsList(list.stdout) : null;
  const booted = info.ok && info.exitCode === 0 ? parseDiskutilInfo(info.stdout) : null;
  const extra = { evidence: recorder.evidence(), startedAt };

  if (!containers) {
    if (!status) {
      const why = fde.ok ? `exit ${fde.exitCode}: ${fde.stderr.trim().split('\n')[0] ?? ''}` : fde.error.message;
      return errorObservation(
        'VIGIL_COLLECT_FILEVAULT_UNREADABLE',
        `neither fdesetup nor diskutil could be read (${why})`,
        io.now(),
        extra,
      );
    }
    const only: Volume = {
      mountpoint: '/',
      device: 'startup disk',
      role: 'filesystem',
      ...fromFdesetup(status),
      detail: status.detail,
    };
    return okObservation<'disk.encryption'>({ volumes: [only] }, recorder.evidence(), startedAt, io.now());
  }
  const candidates = dataVolumes(containers);
  // Without `diskutil info`, a single Data volume among the startup disks must be the booted one.
  const dataRole = candidates.filter((v) => v.roles.includes('Data'));
  const bootedId = booted?.device ?? (dataRole.length === 1 ? dataRole[0]?.device : undefined);
  const volumes = candidates.map((v) => toVolume(v, v.device === bootedId, status));
  if (volumes.length === 0) {
    return errorObservation(
      'VIGIL_COLLECT_NO_VOLUMES',
      'diskutil lists no APFS data volume on a startup disk',
      io.now(),
      extra,
    );
  }
  return okObservation<'disk.encryption'>({ volumes }, recorder.evidence(), startedAt, io.now());
}
