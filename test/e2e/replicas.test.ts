/**
 * Two real `vigil-service` processes (HTTPS + mTLS on loopback) on one PostgreSQL database —
 * the issue #10 acceptance test. Each round sends the same thing to both replicas at the same
 * moment: the same enrollment token, the same evidence (same nonce, same Idempotency-Key), the
 * same nonce in two different reports, and two different next reports of one device. Exactly one
 * succeeds every time, the loser gets the documented code, and every device's stored chain is
 * linear. Then one replica drains on SIGTERM while the other carries on.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpsRequest, TestDevice, type SignedReport } from '../../service/src/test-support/index.js';
import { startPostgresCluster, type PostgresCluster } from '../postgres/cluster.js';
import { code, DeviceClient, type Replica } from './replicas-client.js';
import {
  createAdminToken,
  freePort,
  startService,
  stopProcess,
  waitFor,
  type RunningService,
} from './support/processes.js';

const ROUNDS = 10;
/** Both replicas get two challenges per round here; the per-replica burst is 10 per device. */
const FORK_ROUNDS = 8;

let cluster: PostgresCluster;
let dir: string;
let services: RunningService[] = [];
let a: Replica;
let b: Replica;
let ca: string;
let adminToken: string;
let db: pg.Pool;
const clients: DeviceClient[] = [];
/** Every report a test sent, by jti: to check the stored chain link by link. */
const sent = new Map<string, { prev: string | undefined; hash: string }>();

beforeAll(async () => {
  cluster = await startPostgresCluster();
  dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-replicas-'));
  // The password travels in the environment, as an operator would pass it (not in argv).
  const env = { VIGIL_DB: cluster.url, VIGIL_SERVICE_DRAIN_SECONDS: '2' };
  const [portA, portB] = [await freePort(), await freePort()];
  // Both start at once: migrations, CA and key ring are created once, under the database's locks.
  services = await Promise.all([
    startService(join(dir, 'a'), portA, { env }),
    startService(join(dir, 'b'), portB, { env }),
  ]);
  a = { name: 'a', url: services[0]!.url };
  b = { name: 'b', url: services[1]!.url };
  ca = readFileSync(join(dir, 'a', 'ca-cert.pem'), 'utf8');
  adminToken = createAdminToken(join(dir, 'a'), { VIGIL_DB: cluster.url });
  db = new pg.Pool({ connectionString: cluster.url, max: 2 });
  // The cluster stops after the pool ends; a connection still closing then hears "terminating".
  db.on('error', () => undefined);
}, 120_000);

afterAll(async () => {
  clients.forEach((client) => client.close());
  await Promise.all(services.map((service) => service.stop()));
  await db?.end();
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function enrollmentToken(): Promise<string> {
  const response = await httpsRequest(`${a.url}/v1/admin/enrollment-tokens`, {
    ca,
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ uses: 1 }),
  });
  expect(response.status).toBe(201);
  return response.json<{ token: string }>().token;
}

function enroll(replica: Replica, device: TestDevice, token: string) {
  return httpsRequest(`${replica.url}/v1/enroll`, {
    ca,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, csr: device.csr() }),
  });
}

async function report(client: DeviceClient, nonce: string): Promise<SignedReport> {
  const signed = await client.device.report({ nonce });
  sent.set(signed.jti, {
    prev: signed.claims.prev as string | undefined,
    hash: createHash('sha256').update(signed.jws).digest('base64url'),
  });
  return signed;
}

/** The stored chain: seq 1, 2, 3… and each report's prev = the hash of the one before. */
async function expectLinearChain(deviceId: string, length: number): Promise<void> {
  const { rows } = await db.query<{ jti: string; seq: string; hash: string }>(
    'SELECT jti, seq, hash FROM reports WHERE device_id = $1 ORDER BY id',
    [deviceId],
  );
  expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length }, (_, i) => i + 1));
  rows.forEach((row, i) => {
    const report = sent.get(row.jti);
    expect(report?.hash).toBe(row.hash);
    expect(report?.prev).toBe(i === 0 ? undefined : rows[i - 1]!.hash);
  });
  const device = await db.query<{ last_seq: string; last_hash: string }>(
    'SELECT last_seq, last_hash FROM devices WHERE id = $1',
    [deviceId],
  );
  expect([Number(device.rows[0]?.last_seq), device.rows[0]?.last_hash]).toEqual([length, rows.at(-1)?.hash]);
}

const enrolled: DeviceClient[] = [];

/**
 * `GET /v1/devices/self/result` on a new mTLS connection, offering `session`: the status, whether the
 * handshake resumed, and the ticket the replica sent.
 */
function freshConnection(
  replica: Replica,
  client: DeviceClient,
  session?: Buffer,
): Promise<{ status: number; code: string | undefined; resumed: boolean; session: Buffer | undefined }> {
  const url = new URL(replica.url);
  const socket = tlsConnect({
    host: url.hostname,
    port: Number(url.port),
    ca,
    key: client.device.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    ...(client.device.certPem ? { cert: client.device.certPem } : {}),
    ...(session ? { session } : {}),
  });
  let ticket: Buffer | undefined;
  socket.on('session', (s: Buffer) => (ticket = s));
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: '/v1/devices/self/result', createConnection: () => socket },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          const code = (JSON.parse(body) as { code?: string }).code;
          resolve({ status: response.statusCode ?? 0, code, resumed: socket.isSessionReused(), session: ticket });
          socket.destroy();
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('two service replicas on one PostgreSQL database', () => {
  it('started together with one CA, and never print the database password', async () => {
    expect(readFileSync(join(dir, 'b', 'ca-cert.pem'), 'utf8')).toBe(ca);
    for (const service of services) {
      expect((await httpsRequest(`${service.url}/readyz`, { ca })).json()).toEqual({ status: 'ready' });
      expect(service.logs()).toContain('"store":"postgres://postgres:***@127.0.0.1');
      expect(service.logs()).not.toContain(cluster.password);
    }
  });

  it('lets exactly one of two enrollments with the same one-use token succeed', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const token = await enrollmentToken();
      const devices = [new TestDevice(), new TestDevice()];
      const responses = await Promise.all([enroll(a, devices[0]!, token), enroll(b, devices[1]!, token)]);
      const winner = responses.findIndex((r) => r.status === 201);
      expect(responses.map((r) => r.status).sort()).toEqual([201, 401]);
      expect(code(responses[1 - winner]!)).toBe('VIGIL_ENROLL_TOKEN_USED');
      const client = new DeviceClient(devices[winner]!.adopt(responses[winner]!.json()), ca);
      clients.push(client);
      enrolled.push(client);
    }
    const { rows } = await db.query('SELECT COUNT(*)::int AS n FROM devices');
    expect(rows[0]).toEqual({ n: ROUNDS });
  });

  it('stores the same evidence (same nonce, same key) sent to both once; the other hears in-progress or the replay', async () => {
    const client = enrolled[0]!;
    await client.warm(a, b);
    for (let round = 0; round < ROUNDS; round++) {
      const signed = await report(client, await client.challenge(round % 2 ? a : b));
      const responses = await Promise.all([client.evidence(a, signed), client.evidence(b, signed)]);
      const fresh = responses.filter((r) => r.status === 200 && r.headers['idempotent-replayed'] !== 'true');
      expect(fresh).toHaveLength(1);
      const other = responses.find((r) => r !== fresh[0])!;
      if (other.status === 200)
        expect([other.headers['idempotent-replayed'], other.text]).toEqual(['true', fresh[0]!.text]);
      else expect([other.status, code(other)]).toEqual([409, 'VIGIL_IDEMPOTENCY_IN_PROGRESS']);
      client.device.accepted(signed);
    }
    await expectLinearChain(client.device.deviceId, ROUNDS);
  });

  it('accepts one of two different reports answering the same nonce; the other finds it spent', async () => {
    const client = enrolled[1]!;
    await client.warm(a, b);
    for (let round = 0; round < ROUNDS; round++) {
      const nonce = await client.challenge(round % 2 ? a : b);
      const reports = [await report(client, nonce), await report(client, nonce)];
      const responses = await Promise.all([client.evidence(a, reports[0]!), client.evidence(b, reports[1]!)]);
      expect(responses.map((r) => r.status).sort()).toEqual([200, 400]);
      const winner = responses.findIndex((r) => r.status === 200);
      expect(code(responses[1 - winner]!)).toBe('VIGIL_EVIDENCE_NONCE_UNKNOWN');
      client.device.accepted(reports[winner]!);
    }
    await expectLinearChain(client.device.deviceId, ROUNDS);
  });

  it('extends a device chain by one report when two next reports reach both replicas at once', async () => {
    const client = enrolled[2]!;
    await client.warm(a, b);
    for (let round = 0; round < FORK_ROUNDS; round++) {
      const [nonceA, nonceB] = await Promise.all([client.challenge(a), client.challenge(b)]);
      const reports = [await report(client, nonceA), await report(client, nonceB)];
      const responses = await Promise.all([client.evidence(a, reports[0]!), client.evidence(b, reports[1]!)]);
      expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = responses.findIndex((r) => r.status === 200);
      // Two different reports for one position: the second is a regress, and flags the device.
      expect(code(responses[1 - winner]!)).toBe('VIGIL_EVIDENCE_SEQUENCE');
      client.device.accepted(reports[winner]!);
    }
    await expectLinearChain(client.device.deviceId, FORK_ROUNDS);
    const { rows } = await db.query('SELECT forked_at IS NOT NULL AS forked FROM devices WHERE id = $1', [
      client.device.deviceId,
    ]);
    expect(rows[0]).toEqual({ forked: true });
  });

  it('resumes at one replica the TLS session another issued (shared ticket keys); a ban still applies', async () => {
    const device = new TestDevice();
    const enrolledNow = await enroll(a, device, await enrollmentToken());
    expect(enrolledNow.status).toBe(201);
    const client = new DeviceClient(device.adopt(enrolledNow.json()), ca);
    const first = await freshConnection(a, client);
    // Authenticated (no report yet): a 401 would mean the certificate was not accepted.
    expect([first.status, first.code, first.resumed]).toEqual([404, 'VIGIL_DEVICE_NO_REPORT', false]);
    expect(first.session).toBeDefined();
    const other = await freshConnection(b, client, first.session);
    expect([other.status, other.code, other.resumed]).toEqual([404, 'VIGIL_DEVICE_NO_REPORT', true]);

    const ban = await httpsRequest(`${a.url}/v1/admin/devices/${device.deviceId}/ban`, {
      ca,
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(ban.status).toBe(200);
    const banned = await freshConnection(b, client, other.session ?? first.session);
    expect([banned.status, banned.code, banned.resumed]).toEqual([403, 'VIGIL_AUTH_DEVICE_BANNED', true]);
  });

  it('drains one replica on SIGTERM: not ready at once, in-flight work finishes, exit 0; the other carries on', async () => {
    const client = enrolled[3]!;
    const [drainingService] = services;
    const exited = new Promise<number | null>((resolve) => drainingService!.process.once('exit', resolve));
    drainingService!.process.kill('SIGTERM');
    await waitFor(
      async () => (await httpsRequest(`${a.url}/readyz`, { ca }).catch(() => undefined))?.status === 503,
      'a not ready',
      2_000,
      50,
    );
    const notReady = await httpsRequest(`${a.url}/readyz`, { ca });
    expect([notReady.status, code(notReady)]).toEqual([503, 'VIGIL_SERVICE_DRAINING']);
    // Still serving during the drain window: a whole challenge → evidence exchange completes.
    const signed = await report(client, await client.challenge(a));
    expect((await client.evidence(a, signed)).status).toBe(200);
    client.device.accepted(signed);
    expect(await exited).toBe(0);
    expect((await httpsRequest(`${b.url}/readyz`, { ca })).json()).toEqual({ status: 'ready' });
    const next = await report(client, await client.challenge(b));
    expect((await client.evidence(b, next)).status).toBe(200);
    client.device.accepted(next);
    await expectLinearChain(client.device.deviceId, 2);
    expect(await stopProcess(services[1]!.process)).toBe(0);
  });
});
