/**
 * Gateway appraisal: the status is recomputed from the vector, the per-check results and the
 * verdict summary (an affirming `ear_status` never wins alone), mandatory checks, CAEP
 * revocations, and warnings.
 */
import type { EarClaims } from '@vigil/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIENCE,
  DEVICE_ID,
  ISSUER,
  THUMBPRINT,
  contraindicatedVector,
  ear,
  serviceKey,
  type ServiceKey,
} from '../test-support/ear.js';
import { MemoryRevocationStore } from './revocation.js';
import { createAttestationVerifier, type VerifierOptions } from './verifier.js';

let key: ServiceKey;
const NOW = 1_760_000_000;

beforeAll(async () => {
  key = await serviceKey();
});

async function decide(overrides: Partial<EarClaims>, extra: Partial<VerifierOptions> = {}, mandatoryChecks?: string[]) {
  const verifier = createAttestationVerifier({
    keys: key.jwks,
    issuer: ISSUER,
    audience: AUDIENCE,
    now: () => NOW * 1000,
    ...extra,
  });
  return verifier.verify(await ear(key, overrides, NOW), {
    certThumbprint: THUMBPRINT,
    ...(mandatoryChecks ? { mandatoryChecks } : {}),
  });
}

const codes = (d: { reasons: readonly { code: string }[] }) => d.reasons.map((r) => r.code);

function vector(v: Record<string, number>, status: EarClaims['ear_status'] = 'affirming'): Partial<EarClaims> {
  return { submods: { vigil: { ear_status: status, ear_trustworthiness_vector: v } } };
}

describe('status recomputation', () => {
  it('refuses an affirming ear_status with a contraindicated claim', async () => {
    const decision = await decide(contraindicatedVector());
    expect(decision).toMatchObject({ allow: false, httpStatus: 403, status: 'contraindicated' });
    expect(codes(decision)).toEqual(['VIGIL_GATEWAY_NONCOMPLIANT']);
  });

  it('caps a token whose per-check results contain a failure at warning', async () => {
    const failing = {
      vigil_checks: { 'disk.encryption': { result: 'fail' as const, reason: 'root volume not encrypted' } },
    };
    expect(await decide(failing)).toMatchObject({ allow: true, status: 'warning' });
    const strict = await decide(failing, { allowWarning: false });
    expect(codes(strict)).toEqual(['VIGIL_GATEWAY_NONCOMPLIANT']);
    expect(strict.reasons[0]?.message).toContain('disk.encryption');
    expect(strict.checks[0]).toMatchObject({ check: 'disk.encryption', result: 'fail' });
  });

  it('refuses an affirming token whose verdict summary says block', async () => {
    const decision = await decide({ vigil_verdict: { status: 'noncompliant', action: 'block' } });
    expect(decision).toMatchObject({ allow: false, status: 'contraindicated' });
    expect((await decide({ vigil_verdict: { status: 'compliant', action: 'block' } })).allow).toBe(false);
    expect(await decide({ vigil_verdict: { status: 'noncompliant', action: 'allow' } })).toMatchObject({
      allow: true,
      status: 'warning',
    });
  });

  it('lets a worse ear_status win over a better vector', async () => {
    expect((await decide({ ear_status: 'contraindicated' })).allow).toBe(false);
    expect((await decide(vector({ configuration: 2, 'instance-identity': 2 }, 'contraindicated'))).allow).toBe(false);
  });

  it('treats 0 and absent alike', async () => {
    const withZeros = await decide(
      vector({ configuration: 2, 'instance-identity': 2, executables: 0, 'file-system': 0 }),
    );
    const without = await decide(vector({ configuration: 2, 'instance-identity': 2 }));
    expect(withZeros).toEqual(without);
    expect(withZeros.allow).toBe(true);
    const allZero = await decide(vector({ configuration: 0, 'instance-identity': 0 }));
    expect(allZero).toMatchObject({ allow: false, status: 'none' });
  });

  it('allows warnings by default and refuses them when told to', async () => {
    const warning = vector({ configuration: 32, 'instance-identity': 2 }, 'warning');
    expect(await decide({ ...warning, ear_status: 'warning' })).toMatchObject({ allow: true, status: 'warning' });
    const strict = await decide({ ...warning, ear_status: 'warning' }, { allowWarning: false });
    expect(codes(strict)).toEqual(['VIGIL_GATEWAY_NONCOMPLIANT']);
  });
});

describe('mandatory checks', () => {
  it('requires pass, and treats a check that was not reported as failing', async () => {
    const decision = await decide(
      { vigil_checks: { 'disk.encryption': { result: 'warn', reason: 'suggested' } } },
      { mandatoryChecks: ['disk.encryption'] },
      ['os.patches'],
    );
    expect(codes(decision)).toEqual(['VIGIL_GATEWAY_CHECK_FAILED', 'VIGIL_GATEWAY_CHECK_FAILED']);
    expect(decision.reasons.map((r) => r.message).join(' ')).toMatch(
      /disk\.encryption is warn.*os\.patches is not reported/,
    );
  });

  it('allows when every mandatory check passes', async () => {
    expect((await decide({}, { mandatoryChecks: ['disk.encryption'] }, ['net.firewall'])).allow).toBe(true);
  });
});

describe('CAEP revocation', () => {
  it('refuses results issued at or before a not-compliant event, and accepts newer ones', async () => {
    const revocations = new MemoryRevocationStore({ now: () => NOW * 1000 });
    revocations.markNotCompliant(DEVICE_ID, NOW);
    const revoked = await decide({}, { revocations });
    expect(revoked).toMatchObject({ allow: false, httpStatus: 403 });
    expect(codes(revoked)).toEqual(['VIGIL_GATEWAY_REVOKED']);
    const newer = await decide({ iat: NOW + 1 }, { revocations, clockToleranceSeconds: 30 });
    expect(newer.allow).toBe(true);
  });

  it('applies to a token already in the cache', async () => {
    const revocations = new MemoryRevocationStore({ now: () => NOW * 1000 });
    const verifier = createAttestationVerifier({
      keys: key.jwks,
      issuer: ISSUER,
      audience: AUDIENCE,
      revocations,
      now: () => NOW * 1000,
    });
    const token = await ear(key, {}, NOW);
    expect((await verifier.verify(token, { certThumbprint: THUMBPRINT })).allow).toBe(true);
    revocations.markNotCompliant(DEVICE_ID, NOW);
    expect(codes(await verifier.verify(token, { certThumbprint: THUMBPRINT }))).toEqual(['VIGIL_GATEWAY_REVOKED']);
  });

  it('bounds memory without forgetting a revocation', () => {
    let now = NOW * 1000;
    const store = new MemoryRevocationStore({ maxEntries: 2, retainSeconds: 100, now: () => now });
    store.markNotCompliant('a', NOW);
    store.markNotCompliant('b', NOW + 1);
    store.markNotCompliant('c', NOW + 2);
    expect(store.size).toBe(2);
    // 'a' was folded into the global floor: still refused.
    expect(store.revokedThrough('a')).toBe(NOW);
    now = (NOW + 500) * 1000;
    store.markNotCompliant('d', NOW + 500);
    expect(store.size).toBe(1);
    expect(store.revokedThrough('d')).toBe(NOW + 500);
  });
});
