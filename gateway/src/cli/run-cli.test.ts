/** `vigil-gateway` argument handling and exit codes, in-process. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIENCE, ISSUER, THUMBPRINT, ear, serviceKey, type ServiceKey } from '../test-support/ear.js';
import { EXIT } from './exit-codes.js';
import { runCli, type CliIo } from './run-cli.js';

let dir: string;
let jwks: string;
let key: ServiceKey;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-gw-cli-'));
  key = await serviceKey();
  jwks = join(dir, 'jwks.json');
  writeFileSync(jwks, JSON.stringify(key.jwks));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(stop: Promise<void> = new Promise(() => {}), stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    stopRequested: stop,
    readStdin: () => stdin,
  };
  return { io: value, out, err };
}

const base = ['--issuer', ISSUER, '--audience', AUDIENCE];

describe('vigil-gateway', () => {
  it('prints help and the version', async () => {
    const h = io();
    expect(await runCli(['--help'], h.io)).toBe(EXIT.OK);
    expect(h.out.join('\n')).toContain('Exit codes');
    expect(await runCli(['--version'], io().io)).toBe(EXIT.OK);
  });

  it('reports every flag problem at once with exit 2', async () => {
    const h = io();
    const code = await runCli(['start', '--port', 'x', '--mandatory', 'disk.encrypton', '--cert-format', 'pem'], h.io);
    expect(code).toBe(EXIT.USAGE);
    const text = h.err.join('\n');
    for (const part of [
      '--jwks is required',
      '--issuer is required',
      '--port',
      'unknown check "disk.encrypton"',
      '--cert-format',
    ]) {
      expect(text).toContain(part);
    }
    expect(await runCli(['start', ...base, '--jwks', 'https://vigil.example/jwks.json'], io().io)).toBe(EXIT.USAGE);
    expect(await runCli(['frobnicate'], io().io)).toBe(EXIT.USAGE);
  });

  it('exits 4 when the keys cannot be loaded', async () => {
    const h = io();
    expect(await runCli(['start', ...base, '--jwks', join(dir, 'missing.json'), '--port', '0'], h.io)).toBe(
      EXIT.CANNOT_START,
    );
  });

  it('starts, logs where it listens, and stops cleanly on request', async () => {
    let stop!: () => void;
    const h = io(new Promise((resolve) => (stop = resolve)));
    const running = runCli(['start', ...base, '--jwks', jwks, '--port', '0', '--json'], h.io);
    await expect.poll(() => h.err.some((l) => l.includes('"msg":"listening"')), { timeout: 5_000 }).toBe(true);
    stop();
    expect(await running).toBe(EXIT.OK);
  });

  it('verify: exit 0 when allowed, 1 when refused', async () => {
    const token = await ear(key);
    const args = ['verify', ...base, '--jwks', jwks, '--cert-thumbprint', THUMBPRINT];
    const allowed = io(undefined, token);
    expect(await runCli(args, allowed.io)).toBe(EXIT.OK);
    expect(allowed.out[0]).toMatch(/^allowed: device/);
    const refused = io();
    expect(await runCli([...args, '--token', await ear(key, { aud: 'urn:other' }), '--json'], refused.io)).toBe(
      EXIT.DENIED,
    );
    expect(JSON.parse(refused.out[0]!)).toMatchObject({ allow: false, reasons: [{ code: 'VIGIL_GATEWAY_AUDIENCE' }] });
  });
});
