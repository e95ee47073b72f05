import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateKeyPairSync, randomUUID, verify } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePolicy, policyHash } from '@vigil/shared';
import { resolveSettings } from '../config.js';
import { TestDevice } from '../test-support/device.js';
import { TEST_POLICY_YAML } from '../test-support/policy.js';
import { flipByte } from '../test-support/jws.js';
import { createAppraiser, type Appraiser } from './appraisal-pool.js';
import type { ReportToAppraise } from './appraisal-pool.js';

// Tests run from sources; the worker thread needs the built script (npm test builds first).
const BUILT_WORKER = new URL('../../dist/appraisal/appraisal-worker.js', import.meta.url);
const EXITING_WORKER = new URL('./__fixtures__/exiting-worker.mjs', import.meta.url);
const settings = resolveSettings();
const signerKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });

const open: Appraiser[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((a) => a.close()));
});

function appraiser(threads: number, workerUrl = BUILT_WORKER): Appraiser {
  const made = createAppraiser({ threads, settings, workerUrl });
  open.push(made);
  return made;
}

async function input(overrides: Partial<ReportToAppraise> = {}): Promise<ReportToAppraise> {
  const device = new TestDevice();
  device.deviceId = randomUUID();
  device.thumbprint = 'T'.repeat(43);
  const report = await device.report({ nonce: 'N'.repeat(43) });
  const policy = parsePolicy(TEST_POLICY_YAML);
  return {
    jws: report.jws,
    key: report.jti,
    now: new Date(),
    device: { id: device.deviceId, thumbprint: device.thumbprint, publicKey: device.publicKey, ownership: 'managed' },
    standing: { forkedAt: null, resyncPending: false, firstFailedAt: {} },
    policy: { policy, hash: await policyHash(policy) },
    signer: { kid: 'result-key-1', key: signerKeys.privateKey },
    ...overrides,
  };
}

function earSignatureValid(token: string): boolean {
  const [header, payload, signature] = token.split('.');
  return verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    { key: signerKeys.publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature ?? '', 'base64url'),
  );
}

describe('appraisal pool', () => {
  it('appraises on a worker thread exactly as on the event loop', async () => {
    expect(existsSync(fileURLToPath(BUILT_WORKER)), 'run `npm run build` first').toBe(true);
    const pooled = appraiser(1);
    const inline = appraiser(0);
    expect([pooled.threads, inline.threads]).toEqual([1, 0]);
    const same = await input();
    const [a, b] = await Promise.all([pooled.appraise(same), inline.appraise(same)]);
    if (!a.ok || !b.ok) throw new Error('both should accept the report');
    expect(a.report.verdictJson).toBe(b.report.verdictJson);
    expect(a.report.hash).toBe(b.report.hash);
    expect(a.report.claims).toEqual(b.report.claims);
    expect(a.report.result?.token).toBeDefined();
    expect(earSignatureValid(a.report.result!.token)).toBe(true);
    expect(JSON.parse(a.report.body)).toMatchObject({ challenged: true, warnings: [] });
  });

  it('rejects a bad signature with the same code in a worker', async () => {
    const good = await input();
    const tampered = { ...good, jws: flipByte(good.jws, 2, 5) };
    const outcome = await appraiser(1).appraise(tampered);
    expect(outcome).toEqual({
      ok: false,
      rejection: { statusCode: 401, code: 'VIGIL_EVIDENCE_SIGNATURE', message: expect.any(String) },
    });
  });

  it('hands a worker a new policy and signing key when they change', async () => {
    const pool = appraiser(1);
    const first = await input();
    expect((await pool.appraise(first)).ok).toBe(true);
    const stricter = parsePolicy(TEST_POLICY_YAML.replace(/id: .*/, 'id: stricter'));
    const rotated = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const next = await input({
      policy: { policy: stricter, hash: await policyHash(stricter) },
      signer: { kid: 'result-key-2', key: rotated.privateKey },
    });
    const outcome = await pool.appraise(next);
    if (!outcome.ok) throw new Error('should accept');
    const header = JSON.parse(Buffer.from(outcome.report.result!.token.split('.')[0]!, 'base64url').toString());
    expect(header.kid).toBe('result-key-2');
    expect(outcome.report.body).toContain('"nextReportSeconds"');
    const claims = JSON.parse(Buffer.from(outcome.report.result!.token.split('.')[1]!, 'base64url').toString());
    expect(claims.vigil_policy.id).toBe('stricter');
  });

  it('fails only the reports a dead worker held, replaces it, and stops respawning a worker that keeps dying', async () => {
    const pool = appraiser(1, EXITING_WORKER);
    const report = await input();
    for (let death = 1; death <= 6; death++) {
      expect(pool.threads).toBe(1);
      await expect(pool.appraise(report)).rejects.toThrow('appraisal worker thread stopped');
    }
    // Six deaths within a minute: no more threads, and reports are appraised on the event loop.
    expect(pool.threads).toBe(0);
    expect((await pool.appraise(report)).ok).toBe(true);
  });
});
