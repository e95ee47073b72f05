// Command-line options of scripts/simulate-fleet.mjs: parsed once, validated with every problem
// reported together, frozen.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';

export const USAGE = `usage: scripts/simulate-fleet.mjs [options]

Virtual devices (real RSA keys, enrolled certificates, mTLS) report to a Vigil service on a
compressed cadence: a real 15-minute cadence is simulated as --cadence-seconds.

  --devices N              fleet size (default 1000; first step of --search devices)
  --cadence-seconds S      one report per device every S seconds (default 10)
  --jitter F               cadence jitter, ± fraction of S (default 0.1)
  --offline-share F        share of devices offline at any time; they queue chained reports and
                           deliver the backlog (unchallenged, in order) when back (default 0.05)
  --noncompliant-share F   share of devices whose posture turns non-compliant (default 0.05)
  --duration SECONDS       measured time per run or search step (default 30)
  --warmup SECONDS         unmeasured time before it (default: one cadence)
  --service URL            an already running service (needs --ca and --admin-token-file)
  --replicas URL,URL       several replicas of one service; devices are spread round-robin
  --ca FILE                CA certificate that signs the service's TLS certificate (remote)
  --admin-token-file FILE  admin token (remote): mints enrollment tokens, resyncs forked devices
  --search [devices|cadence]  raise the fleet size (or shorten the cadence) step by step until
                           p99 ≥ --target-p99-ms or errors appear; prints the largest fleet sustained
  --step-factor F          growth per search step (default 1.25)
  --max-steps N            search steps at most (default 12)
  --target-p99-ms MS       latency target (default 50)
  --keep-alive             keep one connection per device (default: a new TLS connection per
                           report cycle, resuming the last cycle's TLS session, as the agent does)
  --full-handshakes        a full mTLS handshake every cycle (agents without session resumption)
  --workers N              simulator worker threads (default: min(2, cores))
  --timeout-ms MS          per-request timeout (default 10000)
  --cache-dir DIR          device keys, enrollments and the local service's data
                           (default .vigil-dev/fleet-cache)
  --fresh                  start the local service on a new, empty data directory
  --json                   print the result as JSON
  -h, --help               this text
`;

const SPEC = {
  devices: { type: 'string' },
  'cadence-seconds': { type: 'string' },
  jitter: { type: 'string' },
  'offline-share': { type: 'string' },
  'noncompliant-share': { type: 'string' },
  duration: { type: 'string' },
  warmup: { type: 'string' },
  service: { type: 'string' },
  replicas: { type: 'string' },
  ca: { type: 'string' },
  'admin-token-file': { type: 'string' },
  search: { type: 'boolean', default: false },
  'step-factor': { type: 'string' },
  'max-steps': { type: 'string' },
  'target-p99-ms': { type: 'string' },
  'keep-alive': { type: 'boolean', default: false },
  'full-handshakes': { type: 'boolean', default: false },
  workers: { type: 'string' },
  'timeout-ms': { type: 'string' },
  'cache-dir': { type: 'string' },
  fresh: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
};

export class UsageError extends Error {}

export function parseOptions(argv) {
  // `--search` takes an optional value: `--search`, `--search devices`, `--search cadence`.
  const args = [...argv];
  let searchMode;
  const at = args.indexOf('--search');
  if (at >= 0 && ['devices', 'cadence'].includes(args[at + 1])) searchMode = args.splice(at + 1, 1)[0];
  let values;
  try {
    ({ values } = parseArgs({ args, options: SPEC, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(error.message);
  }
  if (values.help) return { help: true };
  const problems = [];
  const number = (name, fallback, min, max, integer = false) => {
    const raw = values[name];
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value)))
      problems.push(`--${name} must be ${integer ? 'an integer' : 'a number'} in ${min}..${max}`);
    return value;
  };
  const cadenceSeconds = number('cadence-seconds', 10, 0.05, 86_400);
  const urls = values.replicas
    ? values.replicas.split(',').map((u) => u.trim())
    : values.service
      ? [values.service]
      : [];
  for (const url of urls)
    if (!/^https:\/\/[^/]+$/.test(url.replace(/\/+$/, ''))) problems.push(`not an https base URL: ${url}`);
  if (values.service && values.replicas) problems.push('--service and --replicas exclude each other');
  if (values['keep-alive'] && values['full-handshakes'])
    problems.push('--keep-alive and --full-handshakes exclude each other');
  if (urls.length > 0 && (!values.ca || !values['admin-token-file']))
    problems.push('a running service needs --ca FILE and --admin-token-file FILE');
  const options = {
    devices: number('devices', 1000, 1, 1_000_000, true),
    cadenceSeconds,
    jitter: number('jitter', 0.1, 0, 0.9),
    offlineShare: number('offline-share', 0.05, 0, 0.9),
    noncompliantShare: number('noncompliant-share', 0.05, 0, 1),
    durationSeconds: number('duration', 30, 1, 86_400),
    warmupSeconds: number('warmup', cadenceSeconds, 0, 86_400),
    urls: urls.map((u) => u.replace(/\/+$/, '')),
    caFile: values.ca,
    adminTokenFile: values['admin-token-file'],
    search: values.search ? (searchMode ?? 'devices') : undefined,
    stepFactor: number('step-factor', 1.25, 1.01, 10),
    maxSteps: number('max-steps', 12, 1, 100, true),
    targetP99Ms: number('target-p99-ms', 50, 1, 60_000),
    keepAlive: values['keep-alive'],
    fullHandshakes: values['full-handshakes'],
    workers: number('workers', Math.min(2, cpus().length), 1, 64, true),
    timeoutMs: number('timeout-ms', 10_000, 100, 600_000, true),
    cacheDir: values['cache-dir'] ?? '.vigil-dev/fleet-cache',
    fresh: values.fresh,
    json: values.json,
  };
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return Object.freeze(options);
}

/** Devices at a real 15-minute cadence that a sustained rate of reports per second represents. */
export const REAL_CADENCE_SECONDS = 15 * 60;
export const devicesAtRealCadence = (reportsPerSecond) => reportsPerSecond * REAL_CADENCE_SECONDS;
