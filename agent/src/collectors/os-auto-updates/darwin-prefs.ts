/** Reads the Software Update settings, the managed copy first (shared by os.auto_updates and os.patches). */
import type { CollectorIO } from '../../platform/io.js';
import {
  parseSoftwareUpdatePrefs,
  softwareUpdatePrefs,
  type SoftwareUpdatePrefs,
} from './parse-softwareupdate-prefs.js';

export const SOFTWARE_UPDATE_DOMAIN = '/Library/Preferences/com.apple.SoftwareUpdate';
export const MANAGED_SOFTWARE_UPDATE_DOMAIN = '/Library/Managed Preferences/com.apple.SoftwareUpdate';

export type PrefsReading = { ok: true; prefs: SoftwareUpdatePrefs; managed: boolean } | { ok: false; problem: string };

export async function readSoftwareUpdatePrefs(io: CollectorIO): Promise<PrefsReading> {
  const [local, managed] = await Promise.all([
    io.exec('defaults', ['read', SOFTWARE_UPDATE_DOMAIN], { timeoutMs: 5_000 }),
    io.exec('defaults', ['read', MANAGED_SOFTWARE_UPDATE_DOMAIN], { timeoutMs: 5_000 }),
  ]);
  // `defaults read` exits 1 when a domain does not exist: normal for the managed copy.
  const localPrefs = local.ok && local.exitCode === 0 ? parseSoftwareUpdatePrefs(local.stdout) : null;
  const managedPrefs = managed.ok && managed.exitCode === 0 ? parseSoftwareUpdatePrefs(managed.stdout) : null;
  if (!localPrefs && !managedPrefs) {
    const why = local.ok
      ? (local.stderr.trim().split('\n').find(Boolean) ?? `exit ${local.exitCode}`)
      : local.error.message;
    return { ok: false, problem: `${SOFTWARE_UPDATE_DOMAIN}: ${why}` };
  }
  return { ok: true, prefs: softwareUpdatePrefs(localPrefs, managedPrefs), managed: managedPrefs !== null };
}
