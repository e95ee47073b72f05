/**
 * One service process per SQLite database, with real processes: a second `vigil-service start`
 * on the same data directory exits 3 with VIGIL_STORE_IN_USE (instead of silently losing the
 * first one's challenges and bans), `token create` still works beside a running service, and a
 * service killed with SIGKILL leaves no claim behind: the next start succeeds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createEnrollToken,
  freePort,
  runCommand,
  SERVICE_BIN,
  startService,
  type RunningService,
} from './support/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-single-'));
const dataDir = join(dir, 'service');
const running: RunningService[] = [];

afterAll(async () => {
  await Promise.all(running.map((service) => service.stop()));
  rmSync(dir, { recursive: true, force: true });
});

describe('one service process per SQLite database', () => {
  it('refuses a second service on the same data directory, and recovers from a SIGKILL', async () => {
    const first = await startService(dataDir, await freePort());
    running.push(first);
    const second = await runCommand(
      process.execPath,
      [SERVICE_BIN, 'start', '--data-dir', dataDir, '--port', String(await freePort()), '--json'],
      process.env,
      30_000,
    );
    expect(second.code).toBe(3);
    expect(second.stderr).toContain('VIGIL_STORE_IN_USE');
    expect(second.stderr).toContain('another vigil-service process is already running');
    // CLI commands open the database beside the service.
    expect(createEnrollToken(dataDir)).toMatch(/\S{20,}/);

    first.process.kill('SIGKILL');
    await new Promise((resolve) => first.process.once('exit', resolve));
    running.pop();
    const restarted = await startService(dataDir, await freePort());
    running.push(restarted);
    expect(restarted.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  }, 90_000);
});
