/**
 * Which links the tray may hand to the OS. Allowed: `https:` to the configured help host(s), and
 * OS settings deep links (`ms-settings:`, `x-apple.systempreferences:`). Everything else is denied:
 * `http:`, `file:`, `javascript:`, `data:`, custom schemes that launch programs, other hosts. Linux
 * has no settings scheme that does not run a command, so Linux gets written steps instead.
 */
export interface LinkPolicy {
  isAllowed(url: string): boolean;
}

export interface LinkPolicyOptions {
  /** Host names (no port) whose https pages may be opened, e.g. `help.example.com`. */
  helpHosts: readonly string[];
}

const MAX_URL_LENGTH = 2048;
// Settings page ids are short words; anything with spaces, slashes or extra schemes is refused.
const MS_SETTINGS = /^ms-settings:[a-z0-9-]+$/i;
const APPLE_SETTINGS = /^x-apple\.systempreferences:[a-z0-9.-]+(\?[a-z0-9_]+)?$/i;

export function createLinkPolicy(options: LinkPolicyOptions): LinkPolicy {
  const hosts = new Set(options.helpHosts.map((h) => h.toLowerCase()));
  return {
    isAllowed(url) {
      if (typeof url !== 'string' || url.length > MAX_URL_LENGTH) return false;
      if (MS_SETTINGS.test(url) || APPLE_SETTINGS.test(url)) return true;
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return false;
      }
      return (
        parsed.protocol === 'https:' &&
        parsed.username === '' &&
        parsed.password === '' &&
        parsed.port === '' &&
        hosts.has(parsed.hostname.toLowerCase())
      );
    },
  };
}

/** The host of an https help URL, to add to the policy; undefined for anything else. */
export function helpHostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' ? parsed.hostname.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}
