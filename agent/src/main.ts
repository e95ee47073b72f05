/**
 * Composition root: wires the real implementations together. No logic lives here; the CLI
 * commands call these factories with the resolved configuration and a logger.
 */
import { join } from 'node:path';
import type { CheckId } from '@vigil/shared/core';
import type { AgentConfig } from './config/index.js';
import { consentStatus } from './consent/state.js';
import { readConsentRecord } from './consent/store.js';
import { CACHE_FILE, openCache } from './cache/index.js';
import { CacheHolder } from './daemon/cache-holder.js';
import { createDaemon, type Daemon } from './daemon/daemon.js';
import { createJob, type AgentJob } from './daemon/job.js';
import { cycleRunner } from './daemon/cycle-runner.js';
import type { DeviceIdentity } from './identity/index.js';
import type { Logger } from './logging/logger.js';
import type { ServiceApi } from './push/api.js';

export interface Runtime {
  config: AgentConfig;
  log: Logger;
  caches: CacheHolder;
  job: AgentJob;
  connect(identity: DeviceIdentity): Promise<ServiceApi>;
  now(): Date;
}

/** Slow-probe answers (softwareupdate, an unchanged apt simulation) kept between cycles. */
export const SLOW_PROBE_FILE = 'probes.json';
/** The last TLS session with the service (push/tls-session.ts), so a cycle can skip the full handshake. */
const TLS_SESSION_FILE = 'tls-session.json';

/** `cycleProcess`: inside the daemon's cycle process, which reports cache problems instead of logging them. */
export function composeRuntime(config: AgentConfig, log: Logger, options: { cycleProcess?: boolean } = {}): Runtime {
  const now = () => new Date();
  const caches = new CacheHolder(
    () => openCache({ file: join(config.stateDir, CACHE_FILE), log, now }),
    log,
    !options.cycleProcess,
  );
  // got, the collectors and the signing code load on first use: in the daemon that is the cycle
  // worker, so the idle main thread never holds them (docs/benchmarks.md, idle RSS).
  const connect = async (identity: DeviceIdentity) =>
    (await import('./push/api.js')).connectService(
      {
        serverUrl: identity.serverUrl,
        caPem: identity.serverCaPem,
        clientCertPem: identity.certificatePem,
        clientKeyPem: identity.privateKeyPem,
        tlsSessionFile: join(config.stateDir, TLS_SESSION_FILE),
      },
      config.push,
    );
  const collect = async (checks: readonly CheckId[] | undefined = config.checks) => {
    const posture = await import('./cycle/posture.js');
    return posture.collectPostureReport(
      {
        checkTimeoutMs: config.checkTimeoutMs,
        ownership: config.ownership,
        ...(checks ? { checks } : {}),
        privileged: posture.collectsAsPrivileged(config),
        session: config.runAs.session,
        slowProbeFile: join(config.stateDir, SLOW_PROBE_FILE),
      },
      now,
    );
  };
  const consent = async () => consentStatus(config.ownership, (await readConsentRecord(config.stateDir)).record);
  const job = createJob({ config, log, caches, connect, collect, consent, now, pid: process.pid });
  return { config, log, caches, job, connect, now };
}

export async function composeDaemon(runtime: Runtime): Promise<Daemon> {
  const { createStatusServer } = await import('./status-api/index.js');
  const cycles = cycleRunner(runtime.config);
  return createDaemon({
    config: runtime.config,
    log: runtime.log,
    caches: runtime.caches,
    job: runtime.job,
    runCycle: (reason) => cycles.run(reason),
    terminateCycle: () => cycles.terminate(),
    now: runtime.now,
    createStatusServer: (options) => createStatusServer(options),
  });
}
