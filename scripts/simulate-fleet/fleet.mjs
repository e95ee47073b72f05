// The virtual fleet, seen from the main thread: worker threads that each run a share of the
// devices (so the simulator is not limited to one core), with request/reply messages to add
// devices, start and stop their schedules, open and close the measured window, and sample.
import { Worker } from 'node:worker_threads';
import { mergeIntervals, mergeRecordings } from './recorder.mjs';

export class Fleet {
  /**
   * @param {{workers: number, options: object, admin: {token: string}}} setup
   */
  constructor({ workers, options, admin }) {
    this.pending = new Map();
    this.nextId = 0;
    this.size = 0;
    this.workers = Array.from({ length: workers }, (_, i) => {
      const worker = new Worker(new URL('./worker.mjs', import.meta.url), {
        workerData: {
          seed: 0x5eed + i,
          admin,
          options: {
            keepAlive: options.keepAlive,
            fullHandshakes: options.fullHandshakes,
            timeoutMs: options.timeoutMs,
            jitter: options.jitter,
            offlineShare: options.offlineShare,
            noncompliantShare: options.noncompliantShare,
          },
        },
      });
      worker.on('message', ({ id, result, error }) => {
        const waiter = this.pending.get(id);
        this.pending.delete(id);
        if (error) waiter?.reject(new Error(`simulator worker: ${error}`));
        else waiter?.resolve(result);
      });
      worker.on('error', (error) => {
        for (const waiter of this.pending.values()) waiter.reject(error);
        this.pending.clear();
      });
      return worker;
    });
  }

  call(worker, type, args = {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, type, ...args });
    });
  }

  all(type, args) {
    return Promise.all(this.workers.map((worker) => this.call(worker, type, args)));
  }

  /** Devices {index, deviceId, keyPem, certificate, url, ca, seq, prev}, spread over the workers. */
  async add(entries) {
    const shares = this.workers.map(() => []);
    entries.forEach((entry, i) => shares[(this.size + i) % shares.length].push(entry));
    await Promise.all(this.workers.map((worker, i) => this.call(worker, 'add', { entries: shares[i] })));
    this.size += entries.length;
  }

  start(cadenceMs) {
    return this.all('start', { cadenceMs });
  }

  async measure(on) {
    const parts = await this.all('measure', { on });
    if (on) return undefined;
    return {
      ...mergeRecordings(parts.map((p) => p.recording)),
      workerLoopBusy: parts.map((p) => p.loopBusy),
      workerDelayP99Ms: Math.max(...parts.map((p) => p.delayP99Ms)),
    };
  }

  async interval() {
    return mergeIntervals(await this.all('interval'));
  }

  /** Stops every schedule (cycles in progress finish); returns each device's acknowledged chain. */
  async stop() {
    const parts = await this.all('stop');
    this.states = parts.flatMap((p) => p.states);
    return this.states;
  }

  async close() {
    await this.all('close').catch(() => {});
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
