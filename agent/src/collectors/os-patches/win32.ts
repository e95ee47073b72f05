/**
 * os.patches on Windows: the update search runs as a slow probe (minutes, network) and is read
 * with its age; installed state, reboot markers and automatic-update settings come from fast
 * scripts. Without a search answer the pending counts are unknown, never zero.
 */
import type { Observation, OsPatchesValue } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation } from '../observation.js';
import { parseWin32AutoUpdates } from '../os-auto-updates/parse-win32-auto-updates.js';
import { AUTO_UPDATES_SCRIPT } from '../os-auto-updates/win32-script.js';
import { powershellArgs, runPowerShell, scriptError } from '../windows/powershell.js';
import { parsePatchState, parseUpdateSearch } from './parse-windows-update.js';
import { PATCHES_SCRIPT, UPDATE_SEARCH_SCRIPT } from './win32-script.js';

const HOUR = 3_600_000;
export const UPDATE_SEARCH_PROBE = {
  key: `powershell ${UPDATE_SEARCH_SCRIPT.name}`,
  tool: 'powershell',
  args: powershellArgs(UPDATE_SEARCH_SCRIPT),
  maxAgeMs: 6 * HOUR,
  waitMs: 8_000,
  timeoutMs: 15 * 60_000,
} as const;

function searchResult(stdout: string) {
  try {
    const json: unknown = JSON.parse(stdout.replace(/^\uFEFF/, '').trim());
    return scriptError(json) ? null : parseUpdateSearch(json);
  } catch {
    return null;
  }
}

export async function collectOsPatchesWin32(io: CollectorIO): Promise<Observation<'os.patches'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const [patches, auto, probe] = await Promise.all([
    runPowerShell(recorder.io, PATCHES_SCRIPT, 60_000),
    runPowerShell(recorder.io, AUTO_UPDATES_SCRIPT),
    recorder.io.slowProbes.read(UPDATE_SEARCH_PROBE),
  ]);
  if (!patches.ok)
    return errorObservation(patches.code, patches.message, io.now(), { evidence: recorder.evidence(), startedAt });
  const state = parsePatchState(patches.json);
  const search = probe.answer && probe.answer.exitCode === 0 ? searchResult(probe.answer.stdout) : null;
  const value: OsPatchesValue = {
    manager: 'windows-update',
    pendingUpdates: search ? search.pending : null,
    pendingSecurityUpdates: search ? search.security.length : null,
    securityPackages: search ? search.security.slice(0, 200) : [],
    lastPatchedAt: state?.lastPatchedAt ?? null,
    // Our own search's age when we have one; otherwise Windows Update's last successful search.
    listsUpdatedAt: search && probe.answer ? probe.answer.finishedAt : (state?.lastSearchAt ?? null),
    autoUpdates: auto.ok ? (parseWin32AutoUpdates(auto.json)?.enabled ?? null) : null,
    rebootRequired: state?.rebootRequired ?? null,
  };
  return okObservation<'os.patches'>(value, recorder.evidence(), startedAt, io.now());
}
