/**
 * Composition root: wires the real implementations together. No logic lives here; the CLI
 * commands call these factories with the resolved configuration and a logger.
 */
import { join } from 'node:path';
import type { AgentConfig } from './config/index.js';
import { CACHE_FILE, openCache } from './cache/index.js';
import { collectPostureReport } from './cycle/posture.js';
import { CacheHolder } from './daemon/cache-holder.js';
import { createDaemon, type Daemon } from './daemon/daemon.js';
import { createJob, type AgentJob } from './daemon/job.js';
import { workerRunner } from './daemon/worker-runner.js';
import type { DeviceIdentity } from './identity/index.js';
import type { Logger } from './logging/logger.js';
import { connectService, type ServiceApi } from './push/api.js';

export interface Runtime {
  config: AgentConfig;
  log: Logger;
  caches: CacheHolder;
  job: AgentJob;
  connect(identity: DeviceIdentity): Promise<ServiceApi>;
  now(): Date;
}

export function composeRuntime(config: AgentConfig, log: Logger): Runtime {
  const now = () => new Date();
  const caches = new CacheHolder(() => openCache({ file: join(config.stateDir, CACHE_FILE), log, now }), log);
  const connect = (identity: DeviceIdentity) =>
    connectService(
      {
        serverUrl: identity.serverUrl,
        caPem: identity.serverCaPem,
        clientCertPem: identity.certificatePem,
        clientKeyPem: identity.privateKeyPem,
      },
      config.push,
    );
  const collect = () =>
    collectPostureReport(
      {
        checkTimeoutMs: config.checkTimeoutMs,
        ownership: config.ownership,
        ...(config.checks ? { checks: config.checks } : {}),
      },
      now,
    );
  const job = createJob({ config, log, caches, connect, collect, now, pid: process.pid });
  return { config, log, caches, job, connect, now };
}

export async function composeDaemon(runtime: Runtime): Promise<Daemon> {
  const { createStatusServer } = await import('./status-api/index.js');
  const worker = workerRunner(runtime.config);
  return createDaemon({
    config: runtime.config,
    log: runtime.log,
    caches: runtime.caches,
    job: runtime.job,
    runCycle: (reason) => worker.run(reason),
    terminateCycle: () => worker.terminate(),
    now: runtime.now,
    createStatusServer: (options) => createStatusServer(options),
  });
}
