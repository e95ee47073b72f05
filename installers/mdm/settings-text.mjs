// Human text for each setting an organisation can enforce by MDM (title, explanation), used in
// the generated profile, ADMX/ADML and docs/deploy/managed-settings.md. Types, limits, allowed values
// and defaults come from the agent's config schema (agent/src/config/managed-settings.ts); a
// setting added to the schema without text here fails `npm run mdm:check`. When the schema
// gains .describe() text, it is used instead of the explanation below.
export const DESCRIPTIONS = {
  serverUrl: {
    title: 'Compliance service URL',
    text: 'HTTPS URL of the Vigil compliance service. "vigil enroll" uses it when no server is named on its command line; an enrolled device keeps reporting to the service it enrolled with.',
  },
  intervalMinutes: {
    title: 'Collection interval (minutes)',
    text: 'How often the agent collects posture and reports it. The service may ask for a different interval.',
  },
  jitterSeconds: {
    title: 'Collection jitter (seconds)',
    text: 'Each collection starts up to this many seconds late, so a fleet does not report in step.',
  },
  checkTimeoutMs: {
    title: 'Per-check time limit (ms)',
    text: 'A check that takes longer is reported as an error (never as a pass).',
  },
  checks: {
    title: 'Checks to collect',
    text: 'Limit what the agent collects (for example for privacy on personal devices). Default: every check. A check that is not collected is reported as missing, and the policy decides what that means.',
  },
  ownership: {
    title: 'Device ownership',
    text: 'managed: an organisation-owned device (reports include the hostname). personal: a personal device (BYOD); the hostname is left out of reports.',
  },
  logLevel: {
    title: 'Log level',
    text: 'How much the agent logs (system journal, unified log or the service log).',
  },
  checkNowMinIntervalSeconds: {
    title: '"Check now" minimum interval (seconds)',
    text: 'How often a user may ask for an immediate check from the tray; requests in between are refused.',
  },
  'retention.maxAgeDays': {
    title: 'Keep delivered reports (days)',
    text: 'Delivered reports older than this are deleted from the local cache.',
  },
  'retention.maxHistoryBytes': {
    title: 'Report history size limit (bytes)',
    text: 'Delivered history is trimmed, oldest first, above this many bytes of stored evidence.',
  },
  'retention.maxPendingReports': {
    title: 'Undelivered reports kept offline',
    text: 'Reports kept while the service cannot be reached; beyond it a gap is recorded and reported.',
  },
  'push.timeoutMs': {
    title: 'Request timeout (ms)',
    text: 'Time limit of one request to the compliance service.',
  },
  'push.retries': {
    title: 'Request retries',
    text: 'Retries of one request; only idempotent requests are retried.',
  },
  'push.backoffBaseMs': {
    title: 'Retry back-off base (ms)',
    text: 'First delay between retries; it doubles up to the maximum.',
  },
  'push.backoffMaxMs': {
    title: 'Retry back-off maximum (ms)',
    text: 'Longest delay between retries.',
  },
  'push.retryAfterMaxSeconds': {
    title: 'Longest Retry-After obeyed (seconds)',
    text: "A service's Retry-After longer than this is capped.",
  },
  'tray.allowHideWhenHealthy': {
    title: 'Let users hide the tray icon while healthy',
    text: 'When enabled, users may hide the tray icon while the device is compliant; it comes back when action is needed.',
  },
  'tray.helpUrl': {
    title: 'Help link (HTTPS)',
    text: "Your organisation's help page, linked from the tray next to remediation steps.",
  },
};

export const GROUP_TITLES = { retention: 'Local report cache', push: 'Connection to the service', tray: 'Tray app' };
