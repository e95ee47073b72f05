/**
 * os.patches on macOS. `softwareupdate --list` asks Apple's servers and can take minutes, so it
 * runs as a slow probe on its own cadence; until it answers, the catalogue macOS itself last
 * checked (RecommendedUpdates in com.apple.SoftwareUpdate) is used. Whichever answer is newer
 * wins, and its age is reported as listsUpdatedAt.
 */
import type { Observation, OsPatchesValue } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { okObservation } from '../observation.js';
import { readSoftwareUpdatePrefs } from '../os-auto-updates/darwin-prefs.js';
import { securityUpdatesAutomatic } from '../os-auto-updates/parse-softwareupdate-prefs.js';
import { parseSwVers } from '../os-version/parse-sw-vers.js';
import { lastMacPatch } from './parse-install-history.js';
import { classifyMacUpdates, parseSoftwareUpdateList, type MacUpdate } from './parse-softwareupdate.js';

const HOUR = 3_600_000;
export const SOFTWAREUPDATE_PROBE = {
  key: 'softwareupdate --list',
  tool: 'softwareupdate',
  args: ['--list'],
  maxAgeMs: 6 * HOUR,
  waitMs: 8_000,
  timeoutMs: 10 * 60_000,
} as const;

export async function collectOsPatchesDarwin(io: CollectorIO): Promise<Observation<'os.patches'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const [swVers, prefs, history, probe] = await Promise.all([
    recorder.io.exec('sw_vers', [], { timeoutMs: 5_000 }),
    readSoftwareUpdatePrefs(recorder.io),
    recorder.io.readFile('/Library/Receipts/InstallHistory.plist', { maxBytes: 16 * 1024 * 1024 }),
    recorder.io.slowProbes.read(SOFTWAREUPDATE_PROBE),
  ]);
  const major = swVers.ok ? (parseSwVers(swVers.stdout)?.major ?? null) : null;

  const answers: Array<{ updates: MacUpdate[]; at: string | null }> = [];
  const answer = probe.answer;
  const listed = answer && answer.exitCode === 0 ? parseSoftwareUpdateList(answer.stdout, answer.stderr) : null;
  if (answer && listed) answers.push({ updates: listed, at: answer.finishedAt });
  if (prefs.ok && prefs.prefs.recommended) {
    const cached = prefs.prefs.recommended.map((r) => ({ title: r.name, version: r.version, recommended: true }));
    answers.push({ updates: cached, at: prefs.prefs.lastFullCheckAt });
  }
  // The newest answer wins; an answer without a time only when there is nothing else.
  const chosen = answers.sort((a, b) => Date.parse(b.at ?? '') - Date.parse(a.at ?? '') || 0)[0];
  const classified = chosen ? classifyMacUpdates(chosen.updates, major) : null;

  const value: OsPatchesValue = {
    manager: 'softwareupdate',
    pendingUpdates: classified ? classified.pending : null,
    pendingSecurityUpdates: classified ? classified.security.length : null,
    securityPackages: (classified?.security ?? []).slice(0, 200).map((name) => name.slice(0, 200)),
    lastPatchedAt: history.ok ? (lastMacPatch(history.text) ?? null) : null,
    listsUpdatedAt: chosen?.at ?? null,
    autoUpdates: prefs.ok ? securityUpdatesAutomatic(prefs.prefs) : null,
    // macOS records no "restart pending" flag outside the installer's own state.
    rebootRequired: null,
  };
  return okObservation<'os.patches'>(value, recorder.evidence(), startedAt, io.now());
}
