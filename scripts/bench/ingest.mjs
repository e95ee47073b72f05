#!/usr/bin/env node
// Ingest benchmark (issue 3): N simulated devices (real RSA keys, enrolled certificates, mTLS
// keep-alive connections) run challenge → evidence against the built service on loopback.
// Closed loop gives the throughput; a paced run at a fixed rate gives latency under load.
// Same-run baselines: raw crypto.verify (RSA-2048 PS256, one core) and a bare fastify HTTPS
// server with the same TLS settings and the same two requests.
// Build first: npx tsc -b service. Usage: node scripts/bench/ingest.mjs [--devices N] [--seconds S] [--rate R]
import { fork } from 'node:child_process';
import { constants, generateKeyPairSync, sign, verify } from 'node:crypto';
import { once } from 'node:events';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { drive } from './ingest-drive.mjs';
import { bareCycle, bareFleet, enrollFleet, reportCycle } from './ingest-fleet.mjs';

const SERVER = fileURLToPath(new URL('./ingest-server.mjs', import.meta.url));
const TARGET_RATE = 1500;

export async function run(options = {}) {
  const devices = options.devices ?? 200;
  const seconds = options.seconds ?? 10;
  const log = options.log ?? ((line) => console.error(line));
  const loadBefore = loadavg()[0];

  log('crypto.verify baseline (RSA-2048 PS256, one core)…');
  const verifyRate = measureVerify(1000);

  log(`bare fastify HTTPS: ${devices} connections, closed loop…`);
  const bare = await withServer(['--bare'], async (info, server) => {
    const fleet = bareFleet(info, devices);
    const result = await drive(fleet, bareCycle, { seconds: Math.min(seconds, 5), mark: server.mark });
    const { cpuMicros, mainMicros } = await server.cpu();
    fleet.forEach((c) => c.connection.close());
    const per = (micros) => micros / 1000 / Math.max(1, result.cycles);
    return {
      ...result,
      cpuPerCycle: per(cpuMicros),
      mainPerCycle: per(mainMicros),
      driverPerCycle: per(result.driverCpuMicros),
    };
  });

  log(`ingest: enrolling ${devices} devices…`);
  // The closed loop keeps one request per device outstanding at all times, so the event loop runs
  // that many requests behind by construction, and a device's next request can arrive before the
  // service has counted its last response finished: overload shedding (which the soak measures)
  // would cap the very figure this looks for.
  const noShedding = ['--settings', JSON.stringify({ maxEventLoopDelayMs: 60_000, maxInFlightRequests: 1_000_000 })];
  const ingest = await withServer(noShedding, async (info, server) => {
    const fleet = await enrollFleet(info, devices);
    log(`ingest: closed loop, ${seconds} s…`);
    const closed = await drive(fleet, reportCycle, { seconds, mark: server.mark });
    const cpu = await server.cpu();
    const rate = options.rate ?? Math.min(TARGET_RATE, Math.floor(0.8 * closed.perSecond));
    log(`ingest: paced at ${rate} reports/s, ${Math.max(5, seconds / 2)} s…`);
    const paced = await drive(fleet, reportCycle, { seconds: Math.max(5, seconds / 2), rate });
    fleet.forEach((c) => c.connection.close());
    return {
      closed,
      paced,
      rate,
      cpuMicros: cpu.cpuMicros,
      mainMicros: cpu.mainMicros,
      threads: info.appraisalThreads,
    };
  });

  log(`bare fastify HTTPS: paced at ${ingest.rate} cycles/s…`);
  const barePaced = await withServer(['--bare'], async (info) => {
    const fleet = bareFleet(info, devices);
    const result = await drive(fleet, bareCycle, { seconds: Math.max(5, seconds / 2), rate: ingest.rate });
    fleet.forEach((c) => c.connection.close());
    return result;
  });

  const { closed, paced, rate } = ingest;
  const cpuPerReport = ingest.cpuMicros / 1000 / Math.max(1, closed.cycles);
  const mainPerReport = ingest.mainMicros / 1000 / Math.max(1, closed.cycles);
  const driverPerReport = closed.driverCpuMicros / 1000 / Math.max(1, closed.cycles);
  const figures = [
    {
      name: `reports/s, ${devices} devices, closed loop`,
      value: closed.perSecond,
      unit: 'reports/s',
      baseline: { name: 'bare fastify HTTPS, same 2 requests', value: bare.perSecond, unit: 'cycles/s' },
      ratio: closed.perSecond / bare.perSecond,
      target: `≥ ${TARGET_RATE}`,
      met: closed.perSecond >= TARGET_RATE,
    },
    latencyFigure('p50', paced.p50, barePaced.p50, rate),
    {
      ...latencyFigure('p99', paced.p99, barePaced.p99, rate),
      target: `< 50 at ${TARGET_RATE}/s`,
      met: rate >= TARGET_RATE && paced.p99 < 50,
    },
    {
      name: 'errors (closed + paced)',
      value: closed.errors + paced.errors,
      unit: 'count',
      target: '0',
      met: closed.errors + paced.errors === 0,
    },
    {
      name: 'service CPU per report (all threads)',
      value: cpuPerReport,
      unit: 'ms',
      baseline: { name: 'bare fastify CPU per cycle', value: bare.cpuPerCycle, unit: 'ms' },
      ratio: cpuPerReport / bare.cpuPerCycle,
    },
    {
      name: 'service event-loop CPU per report',
      value: mainPerReport,
      unit: 'ms',
      baseline: { name: 'bare fastify event-loop CPU per cycle', value: bare.mainPerCycle, unit: 'ms' },
      ratio: mainPerReport / bare.mainPerCycle,
    },
    { name: 'event-loop ceiling (1 / event-loop CPU per report)', value: 1000 / mainPerReport, unit: 'reports/s' },
    { name: 'appraisal worker threads in the service', value: ingest.threads, unit: 'threads' },
    {
      // The simulated devices share the machine: what they burn is CPU the service cannot use.
      name: 'load generator CPU per report (TLS client, PS256 signing)',
      value: driverPerReport,
      unit: 'ms',
      baseline: { name: 'bare-loop load generator CPU per cycle', value: bare.driverPerCycle, unit: 'ms' },
      ratio: driverPerReport / bare.driverPerCycle,
    },
    {
      name: `machine ceiling (${availableParallelism()} cores / (service + generator CPU per report))`,
      value: (availableParallelism() * 1000) / (cpuPerReport + driverPerReport),
      unit: 'reports/s',
    },
    {
      // What the service would do with the machine to itself (devices elsewhere, as in production).
      name: `service alone on ${availableParallelism()} cores: min(cores / service CPU, 1 / event-loop CPU)`,
      value: Math.min((availableParallelism() * 1000) / cpuPerReport, 1000 / mainPerReport),
      unit: 'reports/s',
    },
    { name: 'crypto.verify RSA-2048 PS256, one core', value: verifyRate, unit: 'ops/s' },
    { name: 'machine load average (1 min) before / after', value: loadBefore, unit: `/ ${loadavg()[0].toFixed(2)}` },
  ];
  const firstErrors = [...closed.firstErrors, ...paced.firstErrors];
  return { name: 'ingest', devices, seconds, figures, ...(firstErrors.length ? { firstErrors } : {}) };
}

function latencyFigure(quantile, value, bareValue, rate) {
  return {
    name: `${quantile} latency (challenge + evidence) at ${rate}/s offered`,
    value,
    unit: 'ms',
    baseline: { name: `bare fastify ${quantile}, same rate`, value: bareValue, unit: 'ms' },
    ratio: value / bareValue,
  };
}

function measureVerify(ms) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const data = Buffer.alloc(3400, 7);
  const pss = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
  const signature = sign('sha256', data, { key: privateKey, ...pss });
  let count = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 100; i++) verify('sha256', data, { key: publicKey, ...pss }, signature);
    count += 100;
  }
  return count / (ms / 1000);
}

async function withServer(args, body) {
  // VIGIL_BENCH_PROFILE=DIR writes a V8 CPU profile of the server process there.
  const profile = process.env.VIGIL_BENCH_PROFILE;
  const execArgv = profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [];
  const child = fork(SERVER, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  const request = async (message) => {
    child.send(message);
    const [reply] = await once(child, 'message');
    return reply;
  };
  const [info] = await once(child, 'message');
  try {
    const result = await body(info, { mark: () => request('mark'), cpu: () => request('cpu') });
    await request('stop');
    return result;
  } catch (error) {
    child.kill();
    throw error;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const result = await run({ devices: arg('devices', 200), seconds: arg('seconds', 10), rate: arg('rate', undefined) });
  const { formatTable } = await import('./format.mjs');
  const machine = {
    cpus: (await import('node:os')).cpus().length,
    model: (await import('node:os')).cpus()[0]?.model ?? '?',
    node: process.version,
  };
  console.log(formatTable({ at: new Date().toISOString(), machine, results: [result] }));
  if (result.firstErrors) console.log('first errors:', result.firstErrors);
}
