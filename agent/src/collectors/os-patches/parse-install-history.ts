/**
 * /Library/Receipts/InstallHistory.plist: every install with its date and installer process.
 * Apple's background security data (XProtect, MRT, Gatekeeper data, marked `config-data`) installs
 * almost daily and says nothing about whether the OS is patched, and App Store or vendor installers
 * are not OS patches: only Software Update's OS, Safari and security installs count.
 */
import { asArray, asDict, asString, parsePlistXml } from '../formats/plist-xml.js';

const OS_INSTALLERS = new Set(['softwareupdated', 'Software Update', 'macOS Installer', 'OS X Installer']);
const DATA_ONLY = /ConfigData|XProtect|MRT|Gatekeeper|Compatibility|Background Task/i;

export function lastMacPatch(xml: string): string | null | undefined {
  const root = parsePlistXml(xml);
  if (!Array.isArray(root)) return undefined; // unreadable, as opposed to "nothing installed"
  let latest: number | null = null;
  for (const item of asArray(root)) {
    const entry = asDict(item);
    const date = entry?.date;
    if (!entry || !(date instanceof Date)) continue;
    if (!OS_INSTALLERS.has(asString(entry.processName) ?? '')) continue;
    if (asString(entry.contentType) === 'config-data' || DATA_ONLY.test(asString(entry.displayName) ?? '')) continue;
    latest = latest === null ? date.getTime() : Math.max(latest, date.getTime());
  }
  return latest === null ? null : new Date(latest).toISOString();
}
