// A simulator worker thread: runs its share of the virtual devices on their schedules and
// records what they observe. Driven by the main thread (fleet.mjs) with request/reply messages.
import { createPrivateKey } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setImmediate } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { healthyPosture, unencryptedDisk } from '@vigil/service/test-support';
import { jwsHeader } from '../bench/device-identity.mjs';
import { VirtualDevice } from './device.mjs';
import { Recorder } from './recorder.mjs';
import { DeviceTransport } from './transport.mjs';

const { options, admin, seed } = workerData;
const rng = mulberry32(seed);
const recorder = new Recorder();
const postures = {};
const refreshPostures = () => {
  // Re-dated each minute so the service sees fresh collection times, as from a real agent.
  const now = new Date();
  postures.healthy = JSON.stringify(healthyPosture(now));
  postures.noncompliant = JSON.stringify(healthyPosture(now, unencryptedDisk(now)));
};
refreshPostures();
setInterval(refreshPostures, 60_000).unref();

const ctx = {
  transport: new DeviceTransport(options),
  recorder,
  rng,
  postures,
  admin,
  offlineShare: options.offlineShare,
  // Offline episodes last 2–8 cycles (mean 5): this chance per cycle keeps the share steady.
  goOffline: options.offlineShare / (5 * (1 - options.offlineShare)),
  flips: (device) => device.flips,
};
const devices = [];
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
let running;
let eluMark;

const handlers = {
  add({ entries }) {
    for (const entry of entries) {
      const identity = { ...entry, privateKey: createPrivateKey(entry.keyPem), header: jwsHeader(entry.certificate) };
      const device = new VirtualDevice(identity, ctx);
      device.flips = rng() < options.noncompliantShare;
      devices.push(device);
    }
    return { count: devices.length };
  },
  start({ cadenceMs }) {
    if (running) throw new Error('already running');
    const controller = new AbortController();
    setMaxListeners(0, controller.signal); // one sleeping schedule per device listens to it
    running = { controller, loops: devices.map((device) => loop(device, cadenceMs, controller.signal)) };
    return {};
  },
  measure({ on }) {
    if (on) {
      recorder.reset();
      recorder.measuring = true;
      eluMark = performance.eventLoopUtilization();
      delay.reset();
      return {};
    }
    recorder.measuring = false;
    return {
      recording: recorder.take(),
      loopBusy: performance.eventLoopUtilization(eluMark).utilization,
      delayP99Ms: delay.percentile(99) / 1e6,
    };
  },
  interval: () => recorder.interval(),
  async stop() {
    running?.controller.abort();
    await Promise.all(running?.loops ?? []);
    running = undefined;
    return { states: devices.map((d) => ({ index: d.index, seq: d.acked.seq, prev: d.acked.prev })) };
  },
  close() {
    for (const device of devices) ctx.transport.forget(device);
    setImmediate(() => process.exit(0));
    return {};
  },
};

parentPort.on('message', async ({ id, type, ...args }) => {
  try {
    const result = await handlers[type](args);
    const transfer = result.recording ? [result.recording.report.buffer, result.recording.backlog.buffer] : [];
    parentPort.postMessage({ id, result }, transfer);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.stack : String(error) });
  }
});

async function loop(device, cadenceMs, signal) {
  let next = performance.now() + rng() * cadenceMs;
  while (!signal.aborted) {
    try {
      await sleep(Math.max(0, next - performance.now()), undefined, { signal });
    } catch {
      return;
    }
    const scheduled = next;
    next += cadenceMs * (1 + options.jitter * (2 * rng() - 1));
    try {
      await device.cycle(scheduled);
    } catch (error) {
      recorder.error(`SIMULATOR ${error?.code ?? error?.message ?? error}`);
    }
    // Ticks missed while a cycle ran are skipped, not queued (node-cron noOverlap, as the agent).
    for (const now = performance.now(); next < now; next += cadenceMs) recorder.count('skipped');
  }
}

function mulberry32(a) {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
