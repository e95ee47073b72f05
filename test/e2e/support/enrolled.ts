/** A service on a fixed loopback port with one enrolled agent state dir. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEnrollToken,
  freePort,
  startService,
  vigil,
  type RunningService,
  type ServiceOptions,
} from './processes.js';

export interface EnrolledSetup {
  dir: string;
  service: RunningService;
  stateDir: string;
  deviceId: string;
  caFile: string;
  /** The URL the agent enrolled with (the service's, or a proxy in front of it). */
  serverUrl: string;
  restartService(): Promise<RunningService>;
  /** Stops the service and removes the temporary directory. */
  cleanup(): Promise<void>;
}

export interface SetupOptions {
  /** How the service is started, every time (fake clock, log level). */
  service?: ServiceOptions;
  /** Environment for `vigil enroll` (a fake clock). */
  agentEnv?: Record<string, string>;
  /** Called with the service data dir before the first start (e.g. to mount a small disk there). */
  prepareDataDir?: (dataDir: string) => void;
  /** Called with the agent state dir before enrollment (e.g. to mount a small disk there). */
  prepareStateDir?: (stateDir: string) => void;
  /** The URL the agent enrolls with and later pushes to; default the service's own. */
  serverUrl?: (service: RunningService) => string | Promise<string>;
  /** Called before the directory is removed (e.g. to unmount a small disk). */
  beforeRemove?: () => void;
}

export async function enrolledSetup(prefix: string, options: SetupOptions = {}): Promise<EnrolledSetup> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dataDir = join(dir, 'service');
  options.prepareDataDir?.(dataDir);
  const port = await freePort();
  let service = await startService(dataDir, port, options.service);
  const stateDir = join(dir, 'agent');
  options.prepareStateDir?.(stateDir);
  const caFile = join(dataDir, 'ca-cert.pem');
  const serverUrl = (await options.serverUrl?.(service)) ?? service.url;
  const token = createEnrollToken(dataDir, [], options.service?.env);
  const enrolled = await vigil(
    ['enroll', '--state-dir', stateDir, '--server', serverUrl, '--token', token, '--ca', caFile, '--json'],
    options.agentEnv,
  );
  if (enrolled.code !== 0) throw new Error(`enroll failed: ${enrolled.stderr}`);
  const deviceId = (JSON.parse(enrolled.stdout) as { deviceId: string }).deviceId;
  return {
    dir,
    get service() {
      return service;
    },
    stateDir,
    deviceId,
    caFile,
    serverUrl,
    async restartService() {
      service = await startService(dataDir, port, options.service);
      return service;
    },
    async cleanup() {
      await service.stop();
      options.beforeRemove?.();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
