/** A service on a fixed loopback port with one enrolled agent state dir. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEnrollToken, freePort, startService, vigil, type RunningService } from './processes.js';

export interface EnrolledSetup {
  dir: string;
  service: RunningService;
  stateDir: string;
  deviceId: string;
  caFile: string;
  restartService(): Promise<RunningService>;
  /** Stops the service and removes the temporary directory. */
  cleanup(): Promise<void>;
}

export async function enrolledSetup(prefix: string): Promise<EnrolledSetup> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dataDir = join(dir, 'service');
  const port = await freePort();
  let service = await startService(dataDir, port);
  const stateDir = join(dir, 'agent');
  const caFile = join(dataDir, 'ca-cert.pem');
  const token = createEnrollToken(dataDir);
  const enrolled = await vigil([
    'enroll',
    '--state-dir',
    stateDir,
    '--server',
    service.url,
    '--token',
    token,
    '--ca',
    caFile,
    '--json',
  ]);
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
    async restartService() {
      service = await startService(dataDir, port);
      return service;
    },
    async cleanup() {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
