import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONSENT_STATEMENT, type ConsentStatus, type PrivacyView } from '@vigil/shared/core';
import { sampleStatus } from '../test-support/status-api-sample.js';
import { fetchPrivacy, postConsent } from './client.js';
import { StatusRefusal } from './errors.js';
import { createStatusServer, type StatusServer, type StatusServerOptions } from './server.js';

let dir: string;
let socketPath: string;
const servers: StatusServer[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-privacy-api-'));
  socketPath = join(dir, 'status.sock');
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  await rm(dir, { recursive: true, force: true });
});

const VIEW: PrivacyView = {
  statement: { version: CONSENT_STATEMENT.version, text: CONSENT_STATEMENT.text },
  lastReport: null,
  activity: [{ at: '2025-01-06T09:40:00.000Z', kind: 'push', requester: 'schedule', outcome: 'delivered 1 report(s)' }],
};
const ACCEPTED: ConsentStatus = {
  required: true,
  state: 'accepted',
  statementVersion: '1',
  decidedAt: '2025-01-06T09:40:00.000Z',
};

async function start(overrides: Partial<StatusServerOptions> = {}) {
  const server = createStatusServer({
    socketPath,
    getStatus: () => sampleStatus(),
    requestCheck: () => undefined,
    getPrivacy: () => VIEW,
    decideConsent: () => ACCEPTED,
    ...overrides,
  });
  servers.push(server);
  await server.start();
}

function post(path: string, body: string): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method: 'POST', path, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('GET /v1/privacy and POST /v1/consent', () => {
  it('serve the privacy view and record a decision', async () => {
    const decisions: unknown[] = [];
    await start({ decideConsent: (request) => (decisions.push(request), ACCEPTED) });
    expect(await fetchPrivacy(socketPath)).toEqual(VIEW);
    expect(await postConsent(socketPath, { decision: 'accept', statementVersion: '1' })).toEqual(ACCEPTED);
    expect(decisions).toEqual([{ decision: 'accept', statementVersion: '1' }]);
  });

  it('reject a malformed decision with 400 and a refused one with its code', async () => {
    await start({
      decideConsent: () => {
        throw new StatusRefusal(409, 'VIGIL_CONSENT_NOT_REQUIRED', 'managed device');
      },
    });
    for (const body of [
      '',
      '{}',
      '{"decision":"maybe","statementVersion":"1"}',
      '{"decision":"accept","statementVersion":"1","x":1}',
    ]) {
      expect(await post('/v1/consent', body)).toMatchObject({
        status: 400,
        json: { code: 'VIGIL_STATUS_BAD_REQUEST' },
      });
    }
    expect(await post('/v1/consent', '{"decision":"accept","statementVersion":"1"}')).toEqual({
      status: 409,
      json: { code: 'VIGIL_CONSENT_NOT_REQUIRED', message: 'managed device' },
    });
  });

  it('never serve a privacy view outside the contract', async () => {
    const errors: string[] = [];
    await start({
      getPrivacy: () => ({ ...VIEW, activity: [{ at: 'yesterday' }] }) as never,
      onError: (_e, c) => errors.push(c.route),
    });
    await expect(fetchPrivacy(socketPath)).rejects.toMatchObject({ remoteCode: 'VIGIL_STATUS_INTERNAL' });
    expect(errors).toEqual(['/v1/privacy']);
  });

  it('tell the daemon about a check-now refused for being too soon (activity log)', async () => {
    const refused: unknown[] = [];
    await start({ minCheckIntervalMs: 60_000, onCheckNowRefused: (who, retry) => refused.push([who, retry]) });
    expect((await post('/v1/check-now', '{"uid":1000}')).status).toBe(202);
    expect((await post('/v1/check-now', '{"uid":1000}')).status).toBe(429);
    expect(refused).toEqual([[{ uid: 1000 }, 60]]);
  });
});
