/**
 * os.auto_updates on Linux: unattended-upgrades (Debian family) or dnf-automatic (Fedora/RHEL
 * family), chosen like os.patches. Other distributions have no standard mechanism: unsupported.
 */
import type { Observation } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation, unsupportedObservation } from '../observation.js';
import { managerOrder } from '../os-patches/linux.js';
import { readUnattendedUpgrades, type AutoUpdateReading } from './linux-apt.js';
import { readDnfAutomatic } from './linux-dnf.js';

export async function collectOsAutoUpdatesLinux(io: CollectorIO): Promise<Observation<'os.auto_updates'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const release = await recorder.io.readFile('/etc/os-release', { maxBytes: 64 * 1024 });
  const family = managerOrder(release.ok ? release.text : null)[0];
  let reading: AutoUpdateReading;
  let mechanism: 'unattended-upgrades' | 'dnf-automatic';
  if (family === 'dnf') {
    reading = await readDnfAutomatic(recorder.io);
    mechanism = 'dnf-automatic';
  } else {
    reading = await readUnattendedUpgrades(recorder.io);
    mechanism = 'unattended-upgrades';
    if (!reading.installed) {
      return unsupportedObservation(
        'no supported automatic-update mechanism (unattended-upgrades, dnf-automatic) on this distribution',
        io.now(),
      );
    }
  }
  if (reading.enabled === null) {
    return errorObservation('VIGIL_COLLECT_AUTO_UPDATES_UNREADABLE', reading.detail, io.now(), {
      evidence: recorder.evidence(),
      startedAt,
    });
  }
  return okObservation<'os.auto_updates'>(
    { enabled: reading.enabled, mechanism, pausedUntil: null, managed: null, detail: reading.detail.slice(0, 500) },
    recorder.evidence(),
    startedAt,
    io.now(),
  );
}
