/**
 * `defaults read /Library/Preferences/com.apple.SoftwareUpdate` (and the managed copy a profile
 * installs, which wins key by key). macOS writes the automatic-update switches at first boot, so a
 * missing switch is "not reported", never "off". The same file caches the OS's own last catalogue
 * check: `RecommendedUpdates` and `LastFullSuccessfulDate`.
 */
import { parsePlistText, textBool, textDict, type TextPlistValue } from '../formats/plist-text.js';

export interface SoftwareUpdatePrefs {
  automaticCheck: boolean | null;
  automaticDownload: boolean | null;
  /** Security Responses and system files (the switch that installs security fixes). */
  criticalUpdateInstall: boolean | null;
  /** XProtect and other security data. */
  configDataInstall: boolean | null;
  installMacOSUpdates: boolean | null;
  /** When macOS last checked the catalogue completely. */
  lastFullCheckAt: string | null;
  /** What that check recommended; null when not recorded. */
  recommended: Array<{ name: string; version: string | null }> | null;
}

const SWITCHES = {
  automaticCheck: 'AutomaticCheckEnabled',
  automaticDownload: 'AutomaticDownload',
  criticalUpdateInstall: 'CriticalUpdateInstall',
  configDataInstall: 'ConfigDataInstall',
  installMacOSUpdates: 'AutomaticallyInstallMacOSUpdates',
} as const;

/** `2024-11-06 06:12:44 +0000` → ISO. */
export function defaultsDate(value: TextPlistValue | undefined): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{2})(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const time = Date.parse(`${match[1]}T${match[2]}${match[3]}:${match[4]}`);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

export function parseSoftwareUpdatePrefs(text: string): Record<string, TextPlistValue> | null {
  return textDict(parsePlistText(text)) ?? null;
}

/** Managed values win; each switch is null when neither copy has it. */
export function softwareUpdatePrefs(
  local: Record<string, TextPlistValue> | null,
  managed: Record<string, TextPlistValue> | null,
): SoftwareUpdatePrefs {
  const pick = (key: string) => {
    const fromManaged = textBool(managed?.[key]);
    return fromManaged ?? textBool(local?.[key]);
  };
  const list = local?.RecommendedUpdates;
  const recommended = Array.isArray(list)
    ? list.flatMap((item) => {
        const entry = textDict(item);
        const name = entry?.['Display Name'];
        const version = entry?.['Display Version'];
        return typeof name === 'string' ? [{ name, version: typeof version === 'string' ? version : null }] : [];
      })
    : null;
  return {
    automaticCheck: pick(SWITCHES.automaticCheck),
    automaticDownload: pick(SWITCHES.automaticDownload),
    criticalUpdateInstall: pick(SWITCHES.criticalUpdateInstall),
    configDataInstall: pick(SWITCHES.configDataInstall),
    installMacOSUpdates: pick(SWITCHES.installMacOSUpdates),
    lastFullCheckAt: defaultsDate(local?.LastFullSuccessfulDate) ?? defaultsDate(local?.LastSuccessfulDate),
    recommended,
  };
}

/** Security fixes install by themselves: checking on, Security Responses on, security data not off. */
export function securityUpdatesAutomatic(prefs: SoftwareUpdatePrefs): boolean | null {
  if (prefs.criticalUpdateInstall === null) return null;
  return prefs.automaticCheck !== false && prefs.criticalUpdateInstall && prefs.configDataInstall !== false;
}

export function describePrefs(prefs: SoftwareUpdatePrefs): string {
  const word = (value: boolean | null) => (value === null ? 'not reported' : value ? 'on' : 'off');
  return [
    `check ${word(prefs.automaticCheck)}`,
    `download ${word(prefs.automaticDownload)}`,
    `Security Responses and system files ${word(prefs.criticalUpdateInstall)}`,
    `security data ${word(prefs.configDataInstall)}`,
    `macOS updates ${word(prefs.installMacOSUpdates)}`,
  ].join(', ');
}
