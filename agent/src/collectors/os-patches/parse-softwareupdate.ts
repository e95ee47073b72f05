/**
 * `softwareupdate --list` (macOS 10.15+): one `* Label: …` line per update, then a `Title: …,
 * Version: …, Size: …, Recommended: YES, Action: restart,` line. macOS 10.14 and older print
 * `* label` then `title (version), size [recommended] [restart]`. "No new software available."
 * goes to stderr. Only the `Finding available software` banner proves the catalogue was asked.
 */
export interface MacUpdate {
  title: string;
  version: string | null;
  recommended: boolean;
}

export function parseSoftwareUpdateList(stdout: string, stderr: string): MacUpdate[] | null {
  if (!/Finding available software/.test(stdout) && !/No new software available/.test(stderr)) return null;
  const updates: MacUpdate[] = [];
  for (const line of stdout.split('\n')) {
    const modern = /^\s*Title: (.*?), Version: (.*?),(.*)$/.exec(line);
    if (modern?.[1] !== undefined) {
      updates.push({
        title: modern[1].trim(),
        version: modern[2]?.trim() || null,
        recommended: /Recommended: YES/.test(modern[3] ?? ''),
      });
      continue;
    }
    const legacy = /^\t(.+?) \(([^)]*)\), \d+K( \[recommended\])?/.exec(line);
    if (legacy?.[1] !== undefined)
      updates.push({ title: legacy[1].trim(), version: legacy[2]?.trim() || null, recommended: Boolean(legacy[3]) });
  }
  // "Nothing to install" needs the tool's own words; the banner alone (output cut off before the
  // list, found by fuzzing) read as fully patched.
  if (updates.length === 0 && !/No new software available/.test(stderr)) return null;
  return updates;
}

const SECURITY = /Security|Rapid Security Response|Background Security|Safari|XProtect/i;
const MACOS = /\b(macOS|Mac OS X|OS X)\b/;

/**
 * Security-relevant updates: macOS updates within the installed major version (every point
 * release carries security fixes), Security Responses, Safari and anything named security. A newer
 * major version is an upgrade the user may postpone while Apple still patches the current one.
 */
export function classifyMacUpdates(updates: readonly MacUpdate[], installedMajor: number | null) {
  const security: string[] = [];
  const upgrades: string[] = [];
  for (const update of updates) {
    const name =
      update.version && !update.title.includes(update.version) ? `${update.title} ${update.version}` : update.title;
    if (MACOS.test(update.title)) {
      const major = Number.parseInt(
        update.version ?? /(\d+)(\.\d+)*\s*(\([a-z]\))?$/.exec(update.title)?.[1] ?? '',
        10,
      );
      if (installedMajor !== null && Number.isSafeInteger(major) && major > installedMajor) upgrades.push(name);
      else security.push(name);
    } else if (SECURITY.test(update.title)) security.push(name);
  }
  return { pending: updates.length, security, upgrades };
}
