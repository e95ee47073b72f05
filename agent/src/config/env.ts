/** `VIGIL_*` environment variables → a config layer. Only the names listed here are read. */
type Kind = 'string' | 'int' | 'bool' | 'list';

/** Variable → dotted setting and how to parse it. Documented in docs/agent.md. */
export const ENV_SETTINGS: Readonly<Record<string, readonly [string, Kind]>> = {
  VIGIL_SERVER_URL: ['serverUrl', 'string'],
  VIGIL_SOCKET_PATH: ['socketPath', 'string'],
  VIGIL_INTERVAL_MINUTES: ['intervalMinutes', 'int'],
  VIGIL_INTERVAL_SECONDS: ['intervalSeconds', 'int'],
  VIGIL_JITTER_SECONDS: ['jitterSeconds', 'int'],
  VIGIL_CHECK_TIMEOUT_MS: ['checkTimeoutMs', 'int'],
  VIGIL_CHECKS: ['checks', 'list'],
  VIGIL_OWNERSHIP: ['ownership', 'string'],
  VIGIL_LOG_LEVEL: ['logLevel', 'string'],
  VIGIL_PUSH_TIMEOUT_MS: ['push.timeoutMs', 'int'],
  VIGIL_PUSH_RETRIES: ['push.retries', 'int'],
  VIGIL_PUSH_BACKOFF_BASE_MS: ['push.backoffBaseMs', 'int'],
  VIGIL_RETENTION_MAX_PENDING: ['retention.maxPendingReports', 'int'],
};

/**
 * Read by path resolution, not settings. Other `VIGIL_*` names are ignored rather than
 * rejected: the service and the tray share the prefix and may be configured in the same shell.
 */
export const ENV_PATHS = { stateDir: 'VIGIL_STATE_DIR', configFile: 'VIGIL_CONFIG' } as const;

function convert(kind: Kind, raw: string): unknown {
  switch (kind) {
    case 'int':
      // Left as the raw string when not numeric so the schema reports "expected number".
      return /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    case 'bool':
      return raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;
    case 'list':
      return raw
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
    default:
      return raw;
  }
}

export function envLayer(env: Readonly<Record<string, string | undefined>>): Record<string, unknown> {
  const layer: Record<string, unknown> = {};
  for (const [name, [path, kind]] of Object.entries(ENV_SETTINGS)) {
    const value = env[name];
    if (value !== undefined && value !== '') setPath(layer, path, convert(kind, value));
  }
  return layer;
}

export function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const [head, ...rest] = dotted.split('.');
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const child = (target[head] ??= {}) as Record<string, unknown>;
  setPath(child, rest.join('.'), value);
}
