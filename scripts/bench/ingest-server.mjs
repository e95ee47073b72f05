#!/usr/bin/env node
// Child process for the ingest benchmark, the fleet simulator and the soak: the built service
// (or, with --bare, a bare fastify HTTPS server with the same TLS settings) on loopback, so the
// load generator does not share its event loop. Reports {url, ca, adminToken, pid} over IPC; on
// "stop" replies with its CPU time. --data-dir DIR keeps the service's data (CA, database)
// across runs; --settings JSON overrides service settings.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { mintToken, openService } from '@vigil/service';
import { TEST_POLICY_YAML } from '@vigil/service/test-support';

const bare = process.argv.includes('--bare');
const option = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const keptDir = option('data-dir');
const dataDir = keptDir ?? mkdtempSync(join(tmpdir(), 'vigil-bench-'));
const extraSettings = JSON.parse(option('settings') ?? '{}');
let close;
let info;

if (bare) {
  // Same certificates and TLS options as the real service; handlers do no work.
  const probe = await openService({ dataDir, caKeyBits: 2048 });
  await probe.close();
  const app = Fastify({
    logger: false,
    https: {
      key: probe.tls.key,
      cert: probe.tls.cert,
      ca: [probe.authority.certPem],
      requestCert: true,
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    },
  });
  app.addContentTypeParser('application/eat+jwt', { parseAs: 'string' }, (_r, body, done) => done(null, body));
  app.post('/v1/challenges', async (_request, reply) =>
    reply.status(201).send({ nonce: 'A'.repeat(43), expiresAt: new Date().toISOString() }),
  );
  app.post('/v1/evidence', async (request) => ({ ok: true, bytes: request.body.length }));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  info = { url, ca: probe.authority.certPem };
  close = () => app.close();
} else {
  const service = await openService({
    dataDir,
    caKeyBits: 2048,
    // The benchmark drives every device far faster than a real agent would.
    settings: { challengeBurst: 1_000_000, challengeRefillPerMinute: 60_000_000, ...extraSettings },
    logger: { level: 'warn' },
  });
  const admin = mintToken('adm');
  await service.store.createAdminToken({ id: admin.id, secretHash: admin.secretHash, now: new Date() });
  // The simulated devices report the four fixture checks; judge them by the matching policy.
  await service.app.inject({
    method: 'PUT',
    url: '/v1/admin/policy',
    headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/yaml' },
    payload: TEST_POLICY_YAML,
  });
  const url = await service.app.listen({ host: '127.0.0.1', port: 0 });
  const metrics = (await service.app.inject({ url: '/metrics' })).body;
  const appraisalThreads = Number(/^vigil_appraisal_threads (\d+)$/m.exec(metrics)?.[1] ?? Number.NaN);
  info = { url, ca: service.authority.certPem, adminToken: admin.token, pid: process.pid, appraisalThreads };
  close = () => service.close();
}

// CPU time of the main (event-loop) thread, from /proc on Linux: the event loop's ceiling.
const mainThreadMicros = () => {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
};

// mark → start counting CPU; cpu → CPU time since the mark (all threads, and the main thread);
// stop → shut down.
let cpuMark = process.cpuUsage();
let mainMark = mainThreadMicros();
process.on('message', async (message) => {
  if (message === 'mark') {
    cpuMark = process.cpuUsage();
    mainMark = mainThreadMicros();
    process.send({ marked: true });
  } else if (message === 'cpu') {
    const cpu = process.cpuUsage(cpuMark);
    process.send({ cpuMicros: cpu.user + cpu.system, mainMicros: mainThreadMicros() - mainMark });
  } else if (message === 'stop') {
    await shutdown();
    process.send({ stopped: true });
    process.disconnect();
  }
});
let stopping;
const shutdown = () =>
  (stopping ??= close().then(() => {
    if (!keptDir) rmSync(dataDir, { recursive: true, force: true });
  }));
// The parent went away without saying stop (killed): do not linger as an orphan. Ctrl-C in a
// terminal reaches this process too; the parent decides when to stop it, so it is ignored.
process.on('disconnect', () => void shutdown().finally(() => process.exit(0)));
process.on('SIGINT', () => {});
process.send(info);
