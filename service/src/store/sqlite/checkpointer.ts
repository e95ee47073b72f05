/**
 * WAL checkpoints off the request path. With the default auto-checkpoint, the commit that
 * crosses 1000 WAL pages copies them into the database file and fsyncs, inside a request:
 * measured here at ~60% of all SQLite time per report. A worker thread with its own connection
 * runs PASSIVE checkpoints on a timer instead (never blocking writers); if the worker dies, the
 * main connection goes back to auto-checkpointing.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Plain CommonJS evaluated in the worker, so it runs the same from sources (tests) and dist.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} };
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage('stopped');
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(path: string, intervalMs: number, onFailure: () => void): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, intervalMs, driver } });
  let stopping = false;
  worker.on('error', () => undefined);
  worker.on('exit', () => {
    if (!stopping) onFailure();
  });
  worker.unref();
  return {
    async stop() {
      if (stopping) return;
      stopping = true;
      const stopped = new Promise<void>((resolve) => {
        worker.once('message', () => resolve());
        worker.once('exit', () => resolve());
      });
      worker.postMessage('stop');
      await stopped;
      await worker.terminate();
    },
  };
}
