import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { httpsRequest } from '../test-support/https.js';
import { testStores } from '../test-support/stores.js';
import { main } from './main.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
  dirs.push(dir);
  return dir;
};

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out, err };
}

/** `--db` for a fresh PostgreSQL schema in that project; nothing (the data directory's SQLite) otherwise. */
async function dbArgs(): Promise<string[]> {
  const location = await testStores().location();
  return location?.kind === 'postgres' ? ['--db', location.url] : [];
}

describe('vigil-service CLI', () => {
  it('prints help and version, and exits 2 on usage errors', async () => {
    expect((await run(['--help'])).out[0]).toContain('vigil-service start');
    expect((await run(['--version'])).out).toEqual(['0.1.0']);
    expect((await run([])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['start', '--no-such-flag'])).code).toBe(2);
    const dataDir = tempDir();
    expect((await run(['token', 'create', '--data-dir', dataDir])).code).toBe(2);
    expect((await run(['token', 'create', '--enroll', '--admin', '--data-dir', dataDir])).code).toBe(2);
    expect((await run(['token', 'create', '--enroll', '--ttl', 'soon', '--data-dir', dataDir])).code).toBe(2);
    expect((await run(['start', '--port', '99999', '--data-dir', dataDir])).code).toBe(2);
    expect((await run(['start', '--drain-seconds', '-1', '--data-dir', dataDir])).code).toBe(2);
    // Tuning flags are checked before anything opens: the message names the flag or setting.
    const tuning = async (args: string[], env: Record<string, string> = {}) => {
      const result = await run(['start', ...args, '--data-dir', dataDir], env);
      return { code: result.code, err: result.err.join('\n') };
    };
    expect(await tuning(['--max-in-flight', 'lots'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--max-in-flight'),
    });
    expect(await tuning(['--max-in-flight', '0'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('maxInFlightRequests'),
    });
    expect(await tuning(['--max-event-loop-delay', '5'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('maxEventLoopDelayMs'),
    });
    expect(await tuning(['--tls-session-timeout', '8d'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('tlsSessionTimeoutSeconds'),
    });
    expect(await tuning(['--appraisal-threads', '-1'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--appraisal-threads'),
    });
    expect(await tuning([], { VIGIL_SERVICE_APPRAISAL_THREADS: '65' })).toMatchObject({
      code: 2,
      err: expect.stringContaining('appraisalThreads'),
    });
    expect(await tuning([], { VIGIL_SERVICE_TLS_SESSION_TIMEOUT: 'forever' })).toMatchObject({
      code: 2,
      err: expect.stringContaining('duration'),
    });
    expect(
      (await run(['start', '--db-pool-size', 'many', '--db', 'postgres://h/db', '--data-dir', dataDir])).code,
    ).toBe(2);
    // A bad --db (flag or VIGIL_DB) is a usage error whose message never repeats the string.
    const badDb = await run(['token', 'create', '--admin', '--data-dir', dataDir], {
      VIGIL_DB: 'mysql://u:hunter2@h/x',
    });
    expect(badDb.code).toBe(2);
    expect(badDb.err.join('\n')).toContain('postgres://');
    expect(badDb.err.join('\n')).not.toContain('hunter2');
  });

  it('creates tokens, starts HTTPS, serves the admin API with a CLI-made token, stops on SIGTERM', async () => {
    const dataDir = join(tempDir(), 'svc');
    const db = await dbArgs();
    const admin = await run(['token', 'create', '--admin', '--data-dir', dataDir, '--json', ...db]);
    expect(admin.code).toBe(0);
    const adminToken = (JSON.parse(admin.out[0] ?? '{}') as { token: string }).token;
    expect(adminToken).toMatch(/^vgl_adm_/);
    const enroll = await run([
      'token',
      'create',
      '--enroll',
      '--ttl',
      '2h',
      '--uses',
      '3',
      '--data-dir',
      dataDir,
      '--json',
      ...db,
    ]);
    expect(JSON.parse(enroll.out[0] ?? '{}')).toMatchObject({
      kind: 'enroll',
      uses: 3,
      token: expect.stringMatching(/^vgl_enr_/),
    });

    const signals = new EventEmitter();
    let announce: (line: string) => void = () => undefined;
    const announced = new Promise<string>((resolve) => (announce = resolve));
    const stopped = main(
      [
        'start',
        '--data-dir',
        dataDir,
        '--port',
        '0',
        '--json',
        '--log-level',
        'silent',
        '--max-in-flight',
        '100',
        ...db,
      ],
      {
        out: (line) => announce(line),
        err: () => undefined,
        env: { VIGIL_SERVICE_MAX_EVENT_LOOP_DELAY_MS: '750' },
        signals,
      },
    );
    const announcement = await announced;
    const { url, store } = JSON.parse(announcement) as { url: string; store: string };
    expect(store).toMatch(db.length ? /^postgres:\/\/postgres:\*\*\*@/ : /vigil-service\.sqlite$/);
    const password = db[1] ? new URL(db[1]).password : undefined;
    if (password) expect(announcement).not.toContain(password);
    const ca = readFileSync(join(dataDir, 'ca-cert.pem'), 'utf8');
    expect((await httpsRequest(`${url}/healthz`, { ca })).json()).toEqual({ status: 'ok' });
    expect((await httpsRequest(`${url}/readyz`, { ca })).json()).toEqual({ status: 'ready' });
    const devices = await httpsRequest(`${url}/v1/admin/devices`, {
      ca,
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect([devices.status, devices.json()]).toEqual([200, { devices: [], next: null }]);
    const metrics = (await httpsRequest(`${url}/metrics`, { ca })).text;
    expect(metrics).toMatch(/^vigil_http_max_in_flight_requests 100$/m);
    expect(metrics).toMatch(/^vigil_event_loop_delay_limit_seconds 0\.75$/m);
    signals.emit('SIGTERM');
    expect(await stopped).toBe(0);
  });
});
