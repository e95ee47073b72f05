/** os.auto_updates on macOS: the Software Update switches, managed profile first. */
import type { Observation } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation } from '../observation.js';
import { readSoftwareUpdatePrefs } from './darwin-prefs.js';
import { describePrefs, securityUpdatesAutomatic } from './parse-softwareupdate-prefs.js';

export async function collectOsAutoUpdatesDarwin(io: CollectorIO): Promise<Observation<'os.auto_updates'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const reading = await readSoftwareUpdatePrefs(recorder.io);
  const extra = { evidence: recorder.evidence(), startedAt };
  if (!reading.ok) return errorObservation('VIGIL_COLLECT_AUTO_UPDATES_UNREADABLE', reading.problem, io.now(), extra);
  const enabled = securityUpdatesAutomatic(reading.prefs);
  if (enabled === null) {
    return errorObservation(
      'VIGIL_COLLECT_AUTO_UPDATES_UNREADABLE',
      `the Software Update settings do not say whether Security Responses install automatically (${describePrefs(reading.prefs)})`,
      io.now(),
      extra,
    );
  }
  return okObservation<'os.auto_updates'>(
    {
      enabled,
      mechanism: 'softwareupdate',
      pausedUntil: null,
      managed: reading.managed,
      detail: describePrefs(reading.prefs),
    },
    recorder.evidence(),
    startedAt,
    io.now(),
  );
}
