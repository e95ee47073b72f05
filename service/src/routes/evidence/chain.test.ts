/** Security catalogue — sequence and hash chain: forks, rollbacks, resync. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../store/types.js';
import { createTestService, TestDevice, testStores, type TestService } from '../../test-support/index.js';

const services: TestService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});
const code = (response: { json(): unknown }) => (response.json() as { code: string }).code;

async function start(store?: Store) {
  const service = await createTestService(store ? { store } : {});
  services.push(service);
  return service;
}

async function deviceState(service: TestService, id: string) {
  const response = await service.app.inject({
    method: 'GET',
    url: `/v1/admin/devices/${id}`,
    headers: service.admin(),
  });
  return (response.json() as { device: { forked: boolean; forkReason: string | null; resyncPending: boolean } }).device;
}

describe('sequence and hash chain', () => {
  it('rejects a sequence that goes backwards, skips, or a previous hash that does not match — and flags', async () => {
    for (const bad of [{ seq: 1, prev: undefined }, { seq: 4 }, { seq: 3, prev: 'A'.repeat(43) }]) {
      const service = await start();
      const device = await service.enrolled(new TestDevice());
      for (let i = 0; i < 2; i++) expect((await service.submit(device)).response.statusCode).toBe(200);
      const report = await device.report({ nonce: await service.challenge(device), ...bad });
      const response = await service.evidence(device, report);
      expect(response.statusCode).toBe(409);
      expect(code(response)).toBe(bad.seq === 3 ? 'VIGIL_EVIDENCE_CHAIN' : 'VIGIL_EVIDENCE_SEQUENCE');
      expect(await deviceState(service, device.deviceId)).toMatchObject({ forked: true });
    }
  });

  it('accepts a declared gap (reports dropped unsent) with a warning, without flagging', async () => {
    const service = await start();
    const device = await service.enrolled(new TestDevice());
    expect((await service.submit(device)).response.statusCode).toBe(200);
    const report = await device.report({
      nonce: await service.challenge(device),
      seq: 4,
      claims: { gap: { from: 2, to: 3 } },
    });
    const response = await service.evidence(device, report);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ warnings: ['VIGIL_EVIDENCE_GAP'] });
    expect(await deviceState(service, device.deviceId)).toMatchObject({ forked: false });
  });

  it('catches two clones alternating: the device is flagged and never affirmed again until resync', async () => {
    const service = await start();
    const original = await service.enrolled(new TestDevice());
    expect((await service.submit(original)).response.statusCode).toBe(200);
    const clone = original.clone();

    expect((await service.submit(original)).response.statusCode).toBe(200);
    const cloneTurn = await service.submit(clone);
    expect([cloneTurn.response.statusCode, code(cloneTurn.response)]).toEqual([409, 'VIGIL_EVIDENCE_SEQUENCE']);
    expect(await deviceState(service, original.deviceId)).toMatchObject({ forked: true });

    const originalTurn = await service.submit(original);
    expect(originalTurn.response.statusCode).toBe(200);
    const body = originalTurn.response.json() as { ear: string; warnings: string[] };
    expect(body.warnings).toContain('VIGIL_DEVICE_FORKED');
    const claims = JSON.parse(Buffer.from(body.ear.split('.')[1] ?? '', 'base64url').toString()) as {
      ear_status: string;
      submods: { vigil: { ear_trustworthiness_vector: Record<string, number> } };
    };
    expect(claims.ear_status).toBe('contraindicated');
    expect(claims.submods.vigil.ear_trustworthiness_vector['instance-identity']).toBe(96);
    expect((await service.submit(clone)).response.statusCode).toBe(409);
  });

  it('rejects reports after the service database is restored from yesterday; admin resync re-anchors the chain', async () => {
    const service = await start();
    const device = await service.enrolled(new TestDevice());
    expect((await service.submit(device)).response.statusCode).toBe(200);
    const yesterday = await testStores().backup(service.store);
    for (let i = 0; i < 2; i++) expect((await service.submit(device)).response.statusCode).toBe(200);

    const restored = await start(await yesterday.restore());
    // The admin token of the first service lives in the snapshot too.
    Object.assign(restored, { adminToken: service.adminToken });
    const afterRestore = await restored.submit(device);
    expect([afterRestore.response.statusCode, code(afterRestore.response)]).toEqual([409, 'VIGIL_EVIDENCE_SEQUENCE']);

    const resync = await restored.app.inject({
      method: 'POST',
      url: `/v1/admin/devices/${device.deviceId}/resync`,
      headers: restored.admin(),
    });
    expect(resync.json()).toMatchObject({ resyncPending: true, forked: true });
    // An unchallenged (offline) report cannot re-anchor the chain.
    expect((await restored.submit(device, { challenged: false })).response.statusCode).toBe(409);
    const anchored = await restored.submit(device);
    expect(anchored.response.statusCode).toBe(200);
    expect(anchored.response.json()).toMatchObject({ warnings: [] });
    expect(await deviceState(restored, device.deviceId)).toMatchObject({ forked: false, resyncPending: false });
    expect((await restored.submit(device)).response.statusCode).toBe(200);
  });
});
