import { createPublicKey } from 'node:crypto';
import { evidenceHash, verifyEvidence } from '@vigil/shared';
import { describe, expect, it } from 'vitest';
import { DEVICE_ID, testIdentity, testPosture } from '../test-support/fixtures.js';
import { buildEvidenceClaims, signReport } from './build.js';

describe('evidence', () => {
  it('signs claims the service verifier accepts, chained by the previous hash', async () => {
    const identity = testIdentity();
    const key = { privateKey: identity.privateKey, kid: identity.certificate.thumbprint };
    const first = await signReport(
      buildEvidenceClaims({
        posture: testPosture(),
        link: { deviceId: DEVICE_ID, seq: 1 },
        jti: 'report-0001',
        nonce: 'n'.repeat(43),
        now: new Date(),
      }),
      key,
    );
    const second = await signReport(
      buildEvidenceClaims({
        posture: testPosture(),
        link: { deviceId: DEVICE_ID, seq: 2, prev: first.hash, gap: { from: 2, to: 2 } },
        jti: 'report-0002',
        now: new Date(),
      }),
      key,
    ).catch((e: unknown) => e);
    // A gap must lie below seq: the shared schema refuses to sign a malformed chain link.
    expect(second).toBeInstanceOf(Error);
    const ok = await signReport(
      buildEvidenceClaims({
        posture: testPosture(),
        link: { deviceId: DEVICE_ID, seq: 2, prev: first.hash },
        jti: 'report-0002',
        now: new Date(),
      }),
      key,
    );
    const verified = await verifyEvidence(ok.jws, createPublicKey(identity.privateKey), {
      expectedKid: identity.certificate.thumbprint,
    });
    expect(verified.claims).toMatchObject({ seq: 2, prev: first.hash, ueid: DEVICE_ID, jti: 'report-0002' });
    expect(verified.claims.eat_nonce).toBeUndefined();
    expect(verified.header.alg).toBe('PS256');
    expect(ok.hash).toBe(await evidenceHash(ok.jws));
  });
});
