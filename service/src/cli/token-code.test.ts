/**
 * `vigil-service token create --enroll --code`: prints a code whose CA fingerprint is the data
 * directory's CA (or --tls-ca), refuses every misuse with exit 2, and the code enrolls a
 * personal device against the service later started from that same data directory.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnrollmentCode } from '@vigil/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { caFingerprintOf as fingerprint, enrollWithCode } from '../test-support/enroll-with-code.js';
import { CertificateAuthority } from '../ca/authority.js';
import { openService } from '../service.js';
import { TestDevice } from '../test-support/index.js';
import { main } from './main.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-code-'));
  dirs.push(dir);
  return dir;
};

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out, err };
}

describe('vigil-service token create --enroll --code', () => {
  it('refuses misuse with exit 2 and writes nothing', async () => {
    const dataDir = join(tempDir(), 'svc');
    const base = ['token', 'create', '--data-dir', dataDir];
    const cases = [
      [...base, '--enroll', '--code'], // no URL
      [...base, '--enroll', '--code', '--server-url', 'http://vigil.example.com'],
      [...base, '--enroll', '--code', '--server-url', 'https://u:p@vigil.example.com'],
      [...base, '--enroll', '--personal'],
      [...base, '--enroll', '--server-url', 'https://vigil.example.com'],
      [...base, '--admin', '--code', '--server-url', 'https://vigil.example.com'],
      [...base, '--enroll', '--code', '--server-url', 'https://vigil.example.com', '--device-id', 'x'],
    ];
    for (const argv of cases) {
      const result = await run(argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.err.join('\n')).toContain('vigil-service:');
    }
    expect(() => readFileSync(join(dataDir, 'ca-cert.pem'))).toThrow();
  });

  it('pins --tls-ca when given, and takes the URL from VIGIL_SERVICE_URL', async () => {
    const dir = tempDir();
    const operator = await CertificateAuthority.create({ keyBits: 2048, commonName: 'Operator CA' });
    const caFile = join(dir, 'operator-ca.pem');
    writeFileSync(caFile, operator.certPem);
    const result = await run(
      ['token', 'create', '--enroll', '--code', '--tls-ca', caFile, '--data-dir', join(dir, 'svc')],
      { VIGIL_SERVICE_URL: 'https://vigil.example.com:9443' },
    );
    expect(result.code, result.err.join('\n')).toBe(0);
    expect(parseEnrollmentCode(result.out[0] ?? '')).toMatchObject({
      serverUrl: 'https://vigil.example.com:9443',
      caFingerprint: fingerprint(operator.certPem),
      ownership: 'managed',
    });
    const notPem = join(dir, 'not.pem');
    writeFileSync(notPem, 'hello');
    const bad = await run(
      ['token', 'create', '--enroll', '--code', '--tls-ca', notPem, '--data-dir', join(dir, 'svc')],
      {
        VIGIL_SERVICE_URL: 'https://vigil.example.com',
      },
    );
    expect(bad.code).toBe(2);
  });

  it('prints a code that enrolls a personal device on the service started from that data directory', async () => {
    const dataDir = join(tempDir(), 'svc');
    // Key generation blocks the event loop; done first, so the in-process service is not busy.
    const device = new TestDevice();
    const json = await run([
      'token',
      'create',
      '--enroll',
      '--code',
      '--personal',
      '--server-url',
      'https://127.0.0.1:1',
      '--data-dir',
      dataDir,
      '--json',
    ]);
    expect(json.code, json.err.join('\n')).toBe(0);
    const info = JSON.parse(json.out[0] ?? '{}') as { token: string; code: string; ownership: string; uses: number };
    expect(info).toMatchObject({ ownership: 'personal', uses: 1 });
    const parsed = parseEnrollmentCode(info.code);
    const caPem = readFileSync(join(dataDir, 'ca-cert.pem'), 'utf8');
    expect(parsed).toEqual({
      serverUrl: 'https://127.0.0.1:1',
      token: info.token,
      caFingerprint: fingerprint(caPem),
      ownership: 'personal',
    });
    const plain = await run([
      'token',
      'create',
      '--enroll',
      '--code',
      '--server-url',
      'https://127.0.0.1:1',
      '--data-dir',
      dataDir,
    ]);
    expect(plain.out).toHaveLength(1);
    expect(plain.out[0]).toMatch(/^vigil1\.[A-Za-z0-9_-]+$/);

    const service = await openService({ dataDir, serverNames: ['127.0.0.1'] });
    try {
      const url = await service.app.listen({ host: '127.0.0.1', port: 0 });
      const { pinned, enrolled } = await enrollWithCode(url, parsed, device, caPem);
      expect(pinned).toEqual([caPem]);
      expect(enrolled.status, enrolled.text).toBe(201);
    } finally {
      await service.close();
    }
  });
});
