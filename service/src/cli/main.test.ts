import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { httpsRequest } from '../test-support/https.js';
import { main } from './main.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
  dirs.push(dir);
  return dir;
};

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
  return { code, out, err };
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
  });

  it('creates tokens, starts HTTPS, serves the admin API with a CLI-made token, stops on SIGTERM', async () => {
    const dataDir = join(tempDir(), 'svc');
    const admin = await run(['token', 'create', '--admin', '--data-dir', dataDir, '--json']);
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
    ]);
    expect(JSON.parse(enroll.out[0] ?? '{}')).toMatchObject({
      kind: 'enroll',
      uses: 3,
      token: expect.stringMatching(/^vgl_enr_/),
    });

    const signals = new EventEmitter();
    let announce: (line: string) => void = () => undefined;
    const announced = new Promise<string>((resolve) => (announce = resolve));
    const stopped = main(['start', '--data-dir', dataDir, '--port', '0', '--json', '--log-level', 'silent'], {
      out: (line) => announce(line),
      err: () => undefined,
      env: {},
      signals,
    });
    const { url } = JSON.parse(await announced) as { url: string };
    const ca = readFileSync(join(dataDir, 'ca-cert.pem'), 'utf8');
    expect((await httpsRequest(`${url}/healthz`, { ca })).json()).toEqual({ status: 'ok' });
    const devices = await httpsRequest(`${url}/v1/admin/devices`, {
      ca,
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect([devices.status, devices.json()]).toEqual([200, { devices: [], next: null }]);
    signals.emit('SIGTERM');
    expect(await stopped).toBe(0);
  });
});
