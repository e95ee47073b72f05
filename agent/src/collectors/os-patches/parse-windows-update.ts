/**
 * Windows Update data from the patches and windows-update-search scripts. Classification goes by
 * category id (titles are localized): Security Updates, or any update with an MSRC severity, is a
 * security update; Definition Updates (Defender signatures, installed several times a day) never
 * count as patching, or "last patched" would always look recent.
 */
import { asList, asObject, int, str, utcIso } from '../windows/json.js';

export const CATEGORY = {
  securityUpdates: '0fa1201d-4330-4fa8-8ae9-b877473b6441',
  criticalUpdates: 'e6cf1350-c01b-414d-a61f-263d14d133b4',
  definitionUpdates: 'e0789628-ce08-4437-be74-2495b842f43b',
} as const;

const categoriesOf = (entry: Record<string, unknown>) =>
  asList(entry.categories).flatMap((c) => (typeof c === 'string' ? [c.toLowerCase()] : []));

export function parseUpdateSearch(json: unknown): { pending: number; security: string[] } | null {
  const root = asObject(json);
  // OperationResultCode 2 succeeded, 3 succeeded with errors; anything else is not a full answer.
  const code = int(root?.resultCode);
  if (!root || (code !== 2 && code !== 3)) return null;
  const updates = asList(root.updates).flatMap((u) => (asObject(u) ? [asObject(u) as Record<string, unknown>] : []));
  const security = updates
    .filter((u) => categoriesOf(u).includes(CATEGORY.securityUpdates) || str(u.severity) !== null)
    .map((u) => {
      const kb = asList(u.kb).find((k) => typeof k === 'string');
      return (typeof kb === 'string' ? `KB${kb}` : (str(u.title) ?? 'update')).slice(0, 200);
    });
  return { pending: updates.length, security };
}

/** `10/8/2024` (M/d/yyyy, as WMI stores it) or a hex FILETIME; null for blanks. */
export function hotfixDate(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  if (us) {
    const time = Date.UTC(Number(us[3]), Number(us[1]) - 1, Number(us[2]));
    return Number.isNaN(time) ? null : new Date(time).toISOString();
  }
  if (/^[0-9a-f]{15,16}$/i.test(value.trim())) {
    const ms = Number(BigInt(`0x${value.trim()}`) / 10_000n) - 11_644_473_600_000;
    return ms > 946_684_800_000 ? new Date(ms).toISOString() : null; // after 2000
  }
  return null;
}

export interface WindowsPatchState {
  lastPatchedAt: string | null;
  lastSearchAt: string | null;
  rebootRequired: boolean | null;
}

export function parsePatchState(json: unknown): WindowsPatchState | null {
  const root = asObject(json);
  if (!root) return null;
  // Installs (operation 1) that succeeded (2, or 3 with errors) and were not only signatures.
  const installs = asList(root.history).flatMap((item) => {
    const entry = asObject(item);
    if (!entry || int(entry.operation) !== 1 || ![2, 3].includes(int(entry.resultCode) ?? -1)) return [];
    if (categoriesOf(entry).includes(CATEGORY.definitionUpdates)) return [];
    const date = utcIso(entry.date);
    return date ? [date] : [];
  });
  const hotfixes = asList(root.hotfixes).flatMap((h) => {
    const date = hotfixDate(asObject(h)?.installedOn);
    return date ? [date] : [];
  });
  const latest = [...installs, ...hotfixes].sort().at(-1) ?? null;
  const reboot = asObject(root.rebootPending);
  const flags = [reboot?.componentBasedServicing, reboot?.windowsUpdate];
  return {
    lastPatchedAt: latest,
    lastSearchAt: utcIso(asObject(root.autoUpdate)?.lastSearchSuccess),
    rebootRequired: flags.includes(true) ? true : flags.every((f) => f === false) ? false : null,
  };
}
