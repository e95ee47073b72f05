/**
 * Windows Update: on by default. Group policy can turn it off (NoAutoUpdate = 1) or reduce it to
 * notifications (AUOptions 2 notify before download, 3 download and notify, 7 notify to install);
 * AUOptions 4 installs on a schedule, 5 leaves it to the local administrator (Windows 10+ still
 * installs automatically). A disabled service installs nothing. A pause is reported with its end.
 */
import type { OsAutoUpdatesValue } from '@vigil/shared';
import { asObject, int, str, utcIso } from '../windows/json.js';

const AU_OPTIONS: Readonly<Record<number, { automatic: boolean; text: string }>> = {
  2: { automatic: false, text: 'notify before downloading' },
  3: { automatic: false, text: 'download, then notify to install' },
  4: { automatic: true, text: 'download and install on a schedule' },
  5: { automatic: true, text: 'local administrator chooses' },
  7: { automatic: false, text: 'download, notify to install and restart' },
};

export function parseWin32AutoUpdates(json: unknown): OsAutoUpdatesValue | null {
  const root = asObject(json);
  if (!root) return null;
  const policy = asObject(root.policy);
  const pause = asObject(root.pause);
  const service = asObject(root.service);
  // The script always writes these members (null when a value is unset); without them this is not
  // its answer, and defaulting to "on" would pass a device whose policy or service could not be
  // read (found by fuzzing).
  const written = policy && service && 'noAutoUpdate' in policy && 'auOptions' in policy && 'startMode' in service;
  if (!written) return null;
  const managed = policy?.present === true;
  const reasons: string[] = [];
  let enabled = true;
  if (str(service?.startMode) === 'Disabled') {
    enabled = false;
    reasons.push('the Windows Update service is disabled');
  }
  if (int(policy?.noAutoUpdate) === 1) {
    enabled = false;
    reasons.push('group policy turns automatic updates off (NoAutoUpdate = 1)');
  }
  const options = int(policy?.auOptions);
  const option = options === null ? undefined : AU_OPTIONS[options];
  if (option) {
    if (!option.automatic) enabled = false;
    reasons.push(`group policy AUOptions ${options}: ${option.text}`);
  } else if (options !== null) reasons.push(`group policy AUOptions ${options} (unrecognised)`);
  if (reasons.length === 0) reasons.push('Windows default: updates download and install automatically');
  const pausedUntil =
    [pause?.updatesExpiry, pause?.qualityEnd]
      .map(utcIso)
      .filter((t): t is string => t !== null)
      .sort()
      .at(-1) ?? null;
  return { enabled, mechanism: 'windows-update', pausedUntil, managed, detail: reasons.join('; ').slice(0, 500) };
}
