/**
 * Worker thread of the appraisal pool (appraisal-pool.ts). Holds the settings from its start
 * and the policy and signing key last sent (the pool sends them again only when they change);
 * each message is one report to appraise.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  appraiseReport,
  type AppraisalInput,
  type AppraisalOutcome,
  type AppraisalSettings,
} from './appraise-report.js';

export interface WorkerRequest {
  id: number;
  report: Omit<AppraisalInput, 'policy' | 'signer' | 'settings'>;
  policy?: AppraisalInput['policy'];
  signer?: AppraisalInput['signer'];
}

export type WorkerReply = { id: number; outcome: AppraisalOutcome } | { id: number; error: string };

const port = parentPort;
if (port) {
  const settings = (workerData as { settings: AppraisalSettings }).settings;
  let policy: AppraisalInput['policy'] | undefined;
  let signer: AppraisalInput['signer'] | undefined;
  port.on('message', (request: WorkerRequest) => {
    policy = request.policy ?? policy;
    signer = request.signer ?? signer;
    const reply = (message: WorkerReply) => port.postMessage(message);
    if (!policy || !signer) {
      reply({ id: request.id, error: 'no policy or signing key was sent to this worker' });
      return;
    }
    appraiseReport({ ...request.report, policy, signer, settings }).then(
      (outcome) => reply({ id: request.id, outcome }),
      // Only a bug gets here (rejections are outcomes): the route answers 500, nothing is stored.
      (error: unknown) => reply({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
}
