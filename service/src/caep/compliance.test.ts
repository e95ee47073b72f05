/**
 * Which reports and admin actions become CAEP `device-compliance-change` events: only a change
 * of access between the previous stored verdict and the new one (blocked or forked ↔ not), a
 * detected fork, and ban/retire. Runs the real ingest with a transmitter that records.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTestService,
  healthyPosture,
  TestDevice,
  unencryptedDisk,
  type TestService,
} from '../test-support/index.js';
import { accessStatus, complianceChangeFor, storedAccessStatus } from './compliance.js';
import type { CaepTransmitter, ComplianceChange } from './transmitter.js';

function recorder(): CaepTransmitter & { events: ComplianceChange[] } {
  const events: ComplianceChange[] = [];
  return { enabled: true, events, emitComplianceChange: (c) => events.push(c), flush: async () => {}, stop: () => {} };
}

let service: TestService;
let caep: ReturnType<typeof recorder>;
beforeEach(async () => {
  caep = recorder();
  service = await createTestService({ caep });
});
afterEach(() => service.close());

async function report(device: TestDevice, posture: 'healthy' | 'unencrypted') {
  const now = new Date();
  const nonce = await service.challenge(device);
  const signed = await device.report({
    nonce,
    claims: { posture: healthyPosture(now, posture === 'unencrypted' ? unencryptedDisk(now) : {}) },
  });
  const response = await service.evidence(device, signed);
  expect(response.statusCode, response.body).toBe(200);
  device.accepted(signed);
}

describe('compliance change detection', () => {
  it('maps verdicts to access: block or forked is not-compliant', () => {
    expect(accessStatus({ enforcement: { mode: 'block', action: 'block' } }, false)).toBe('not-compliant');
    expect(accessStatus({ enforcement: { mode: 'block', action: 'allow' } }, true)).toBe('not-compliant');
    expect(accessStatus({ enforcement: { mode: 'report', action: 'allow' } }, false)).toBe('compliant');
    expect(storedAccessStatus(undefined, false)).toBeUndefined();
    expect(storedAccessStatus('not json', false)).toBeUndefined();
    const verdict = { enforcement: { mode: 'block' as const, action: 'allow' as const }, checks: [] };
    const input = { deviceId: 'd', verdict, forked: false, now: new Date() };
    expect(complianceChangeFor({ ...input, previous: 'compliant' })).toBeUndefined();
    expect(complianceChangeFor({ ...input, previous: undefined })).toBeUndefined();
    expect(complianceChangeFor({ ...input, previous: 'not-compliant' })).toMatchObject({
      status: 'compliant',
      previousStatus: 'not-compliant',
    });
  });

  it('emits nothing while access stays the same', async () => {
    const device = await service.enrolled(new TestDevice());
    await report(device, 'healthy');
    await report(device, 'healthy');
    await report(device, 'healthy');
    expect(caep.events).toEqual([]);
  });

  it('emits not-compliant when a report blocks the device, and compliant when it recovers', async () => {
    const device = await service.enrolled(new TestDevice());
    await report(device, 'healthy');
    await report(device, 'unencrypted');
    await report(device, 'unencrypted');
    await report(device, 'healthy');
    expect(caep.events).toEqual([
      expect.objectContaining({
        deviceId: device.deviceId,
        status: 'not-compliant',
        previousStatus: 'compliant',
        reasonAdmin: expect.stringContaining('disk.encryption') as unknown,
      }),
      expect.objectContaining({ deviceId: device.deviceId, status: 'compliant', previousStatus: 'not-compliant' }),
    ]);
  });

  it('emits not-compliant when a fork is detected', async () => {
    const device = await service.enrolled(new TestDevice());
    await report(device, 'healthy');
    const clone = device.clone();
    await report(device, 'healthy');
    const nonce = await service.challenge(clone);
    const response = await service.evidence(clone, await clone.report({ nonce }));
    expect(response.statusCode).toBe(409);
    expect(caep.events).toEqual([
      expect.objectContaining({ deviceId: device.deviceId, status: 'not-compliant', reasonAdmin: 'forked' }),
    ]);
  });

  it('emits not-compliant on ban and on retire', async () => {
    const device = await service.enrolled(new TestDevice());
    await report(device, 'healthy');
    for (const action of ['ban', 'unban', 'retire']) {
      const response = await service.app.inject({
        method: 'POST',
        url: `/v1/admin/devices/${device.deviceId}/${action}`,
        headers: service.admin(),
      });
      expect(response.statusCode).toBe(200);
    }
    expect(caep.events).toEqual([
      expect.objectContaining({ deviceId: device.deviceId, status: 'not-compliant', reasonAdmin: 'banned' }),
      expect.objectContaining({ deviceId: device.deviceId, status: 'not-compliant', reasonAdmin: 'retired' }),
    ]);
  });
});
