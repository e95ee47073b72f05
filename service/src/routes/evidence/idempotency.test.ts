/** Security catalogue — replay and idempotency. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppraiser, type Appraiser } from '../../appraisal/appraisal-pool.js';
import { resolveSettings } from '../../config.js';
import { createTestService, TestDevice, type TestService } from '../../test-support/index.js';

let service: TestService;
let device: TestDevice;
beforeEach(async () => {
  service = await createTestService();
  device = await service.enrolled(new TestDevice());
});
afterEach(() => service.close());
const code = (response: { json(): unknown }) => (response.json() as { code: string }).code;

describe('idempotency', () => {
  it('a report whose appraisal thread died gets 500, keeps no key, and its retry succeeds', async () => {
    // The first appraisal fails as it does when the worker thread holding it dies; then it works.
    const inline = createAppraiser({ threads: 0, settings: resolveSettings() });
    let failures = 1;
    const dying: Appraiser = {
      threads: 1,
      appraise: (input) =>
        failures-- > 0 ? Promise.reject(new Error('appraisal worker thread stopped')) : inline.appraise(input),
      close: () => inline.close(),
    };
    const flaky = await createTestService({ appraiser: dying });
    try {
      const enrolled = await flaky.enrolled(new TestDevice());
      const report = await enrolled.report({ nonce: await flaky.challenge(enrolled) });
      const lost = await flaky.evidence(enrolled, report);
      expect([lost.statusCode, code(lost)]).toEqual([500, 'VIGIL_INTERNAL']);
      expect(lost.body).not.toContain('worker');
      // Same report, same Idempotency-Key: appraised afresh (not a stored 500), nonce still valid.
      const retry = await flaky.evidence(enrolled, report);
      expect(retry.statusCode).toBe(200);
      expect(retry.headers['idempotent-replayed']).toBeUndefined();
      expect((retry.json() as { ear: string | null }).ear).toEqual(expect.any(String));
    } finally {
      await flaky.close();
    }
  });

  it('answers a retry after a lost response with the original result, though the nonce is spent', async () => {
    const report = await device.report({ nonce: await service.challenge(device) });
    const first = await service.evidence(device, report); // imagine this response never arrived
    expect(first.statusCode).toBe(200);
    const retry = await service.evidence(device, report);
    expect(retry.statusCode).toBe(200);
    expect(retry.body).toBe(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    device.accepted(report);
    expect((await service.submit(device)).response.statusCode).toBe(200);
  });

  it('rejects the same key with a different body (422)', async () => {
    const report = await device.report({ nonce: await service.challenge(device) });
    expect((await service.evidence(device, report)).statusCode).toBe(200);
    const other = await device.report({
      nonce: await service.challenge(device),
      jti: report.jti,
      seq: 2,
      prev: 'x'.repeat(43),
    });
    const response = await service.evidence(device, other);
    expect([response.statusCode, code(response)]).toEqual([422, 'VIGIL_IDEMPOTENCY_KEY_REUSED']);
  });

  it('answers a concurrent duplicate with 409', async () => {
    const report = await device.report({ nonce: await service.challenge(device) });
    // Hold the first request inside its ingest transaction while the duplicate arrives.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const ingest = service.store.ingest.bind(service.store);
    let entered: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    service.store.ingest = async (input) => {
      entered();
      await gate;
      return ingest(input);
    };
    const first = service.evidence(device, report);
    await inside;
    const duplicate = await service.evidence(device, report);
    expect([duplicate.statusCode, code(duplicate)]).toEqual([409, 'VIGIL_IDEMPOTENCY_IN_PROGRESS']);
    release();
    expect((await first).statusCode).toBe(200);
    expect((await service.evidence(device, report)).statusCode).toBe(200);
  });

  it('requires a well-formed Idempotency-Key', async () => {
    const report = await device.report({ nonce: await service.challenge(device) });
    const missing = await service.evidence(device, report, { 'idempotency-key': undefined });
    expect([missing.statusCode, code(missing)]).toEqual([400, 'VIGIL_IDEMPOTENCY_KEY_MISSING']);
    const invalid = await service.evidence(device, report, { 'idempotency-key': 'bad key with spaces' });
    expect([invalid.statusCode, code(invalid)]).toEqual([400, 'VIGIL_IDEMPOTENCY_KEY_INVALID']);
  });

  it('replays a stored rejection for the same request, and scopes keys per device', async () => {
    const bad = await device.report({ nonce: 'B'.repeat(43) });
    const first = await service.evidence(device, bad);
    expect(code(first)).toBe('VIGIL_EVIDENCE_NONCE_UNKNOWN');
    const again = await service.evidence(device, bad);
    expect([again.statusCode, again.body]).toEqual([first.statusCode, first.body]);
    const other = await service.enrolled(new TestDevice());
    const sameKey = await other.report({ nonce: await service.challenge(other), jti: bad.jti });
    expect((await service.evidence(other, sameKey)).statusCode).toBe(200);
  });
});
