/**
 * Where reports are appraised: worker threads when the machine has cores to spare, else the
 * event loop. Verification, policy evaluation and EAR signing are ~40 % of a report's CPU on
 * the event loop (docs/benchmarks.md), and the one thread was the service's ceiling: moving
 * them off lets one process use more than one core while the event loop keeps TLS, HTTP and
 * SQLite. The result is the same either way (`appraiseReport` is pure); only where it runs
 * differs.
 *
 * A worker that dies fails only the reports it held (the route answers 500 and does not store
 * the Idempotency-Key, so the agent's retry succeeds); it is replaced, and after repeated
 * deaths the pool gives up on threads and appraises on the event loop rather than respawn in a
 * loop.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  appraiseReport,
  type AppraisalInput,
  type AppraisalOutcome,
  type AppraisalSettings,
} from './appraise-report.js';
import type { WorkerReply, WorkerRequest } from './appraisal-worker.js';

export interface Appraiser {
  /** Worker threads in use; 0 = on the event loop. */
  readonly threads: number;
  /** The settings are the pool's own (fixed at start), not the caller's. */
  appraise(input: ReportToAppraise): Promise<AppraisalOutcome>;
  close(): Promise<void>;
}

export type ReportToAppraise = Omit<AppraisalInput, 'settings'>;

export interface AppraiserOptions {
  threads: number;
  settings: AppraisalSettings;
  /** Worker failures, for the log. */
  onProblem?: (message: string, error?: unknown) => void;
  /** The built worker script; tests running from sources point it at dist/. */
  workerUrl?: URL;
}

/** More deaths than this within RESTART_WINDOW_MS and the pool stops using threads. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

const DEFAULT_WORKER_URL = new URL('./appraisal-worker.js', import.meta.url);

export function createAppraiser(options: AppraiserOptions): Appraiser {
  const url = options.workerUrl ?? DEFAULT_WORKER_URL;
  // Running from TypeScript sources (vitest) there is no .js worker beside this file.
  if (options.threads <= 0 || !existsSync(fileURLToPath(url))) return inlineAppraiser(options.settings);
  return new AppraisalPool(url, options);
}

function inlineAppraiser(settings: AppraisalSettings): Appraiser {
  return {
    threads: 0,
    appraise: (input) => appraiseReport({ ...input, settings }),
    close: async () => undefined,
  };
}

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (o: AppraisalOutcome) => void; reject: (e: Error) => void }>;
  /** What this worker already holds, so each report does not copy the policy and key again. */
  policyHash: string | null;
  signerKid: string | null;
}

class AppraisalPool implements Appraiser {
  private readonly slots: Slot[] = [];
  private readonly restarts: number[] = [];
  private readonly inline: Appraiser;
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly url: URL,
    private readonly options: AppraiserOptions,
  ) {
    this.inline = inlineAppraiser(options.settings);
    for (let i = 0; i < options.threads; i++) this.slots.push(this.spawn());
  }

  get threads(): number {
    return this.slots.length;
  }

  appraise(input: ReportToAppraise): Promise<AppraisalOutcome> {
    const slot = this.leastBusy();
    if (!slot) return this.inline.appraise(input);
    const id = this.nextId++;
    const { policy, signer } = input;
    const request: WorkerRequest = {
      id,
      report: { jws: input.jws, key: input.key, now: input.now, device: input.device, standing: input.standing },
    };
    if (slot.policyHash !== policy.hash) {
      request.policy = policy;
      slot.policyHash = policy.hash;
    }
    if (slot.signerKid !== signer.kid) {
      request.signer = signer;
      slot.signerKid = signer.kid;
    }
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private leastBusy(): Slot | undefined {
    let best: Slot | undefined;
    for (const slot of this.slots) if (!best || slot.pending.size < best.pending.size) best = slot;
    return best;
  }

  private spawn(): Slot {
    const worker = new Worker(this.url, { workerData: { settings: this.options.settings } });
    // Idle workers do not keep the process alive; the server does while there is work.
    worker.unref();
    const slot: Slot = { worker, pending: new Map(), policyHash: null, signerKid: null };
    worker.on('message', (reply: WorkerReply) => {
      const waiting = slot.pending.get(reply.id);
      if (!waiting) return;
      slot.pending.delete(reply.id);
      if ('outcome' in reply) waiting.resolve(reply.outcome);
      else waiting.reject(new Error(`appraisal failed in a worker thread: ${reply.error}`));
    });
    worker.on('error', (error) => this.options.onProblem?.('appraisal worker failed', error));
    worker.on('exit', () => this.replace(slot));
    return slot;
  }

  private replace(dead: Slot): void {
    const index = this.slots.indexOf(dead);
    if (index >= 0) this.slots.splice(index, 1);
    for (const { reject } of dead.pending.values()) reject(new Error('appraisal worker thread stopped'));
    dead.pending.clear();
    if (this.closed) return;
    const now = Date.now();
    this.restarts.push(now);
    while (this.restarts.length > 0 && this.restarts[0]! < now - RESTART_WINDOW_MS) this.restarts.shift();
    if (this.restarts.length > MAX_RESTARTS) {
      if (this.slots.length === 0) {
        this.options.onProblem?.('appraisal worker threads keep failing; appraising on the event loop from now on');
      }
      return;
    }
    this.slots.push(this.spawn());
  }
}
