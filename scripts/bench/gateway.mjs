#!/usr/bin/env node
// `npm run bench -- gateway`: decisions/s and p50/p99 of the forward-auth endpoint at 64
// concurrent keep-alive connections, next to a bare node:http 200 endpoint and raw ES256
// `crypto.verify`, all in the same run. Targets (issue 5): ≥ 60 % of the bare endpoint's
// throughput, p99 < 2 ms. Each server runs in its own worker thread; the load generator
// (gateway-load.mjs) runs on the main thread. Requests look like nginx's: a Bearer EAR and the
// URL-escaped client certificate. Needs `npm run build` first (it loads gateway/dist).
import { createHash, createSign, generateKeyPairSync, randomUUID, verify, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runLoad } from './gateway-load.mjs';

const CONNECTIONS = 64;
const ISSUER = 'https://vigil.bench';
const AUDIENCE = 'urn:vigil:gateway:bench';

export async function run(options = {}) {
  const log = options.log ?? ((line) => console.error(line));
  const durationMs = options.durationMs ?? 2_000;
  const { signEar, EAR_PROFILE } = await import(new URL('../../shared/dist/index.js', import.meta.url).href);

  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'bench', alg: 'ES256', use: 'sig' }] };
  const pem = readFileSync(new URL('../../gateway/src/cert/__fixtures__/device.pem', import.meta.url), 'utf8');
  const x5t = createHash('sha256').update(new X509Certificate(pem).raw).digest('base64url');
  const certHeader = encodeURIComponent(pem);
  const now = Math.floor(Date.now() / 1000);
  const tokens = await Promise.all(
    Array.from({ length: CONNECTIONS }, () => signEar(claims(EAR_PROFILE, x5t, now), privateKey, 'bench')),
  );
  const requests = tokens.map((t) =>
    Buffer.from(
      `GET /auth HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer ${t}\r\nX-Client-Cert: ${certHeader}\r\n\r\n`,
    ),
  );

  const servers = {};
  for (const mode of ['bare', 'cached', 'uncached'])
    servers[mode] = await startServer(mode, { jwks, issuer: ISSUER, audience: AUDIENCE });
  const measure = async (mode, loadOptions = {}) => {
    const result = await runLoad({ port: servers[mode].port, requests, durationMs, warmupMs: 1_000, ...loadOptions });
    const bad = Object.entries(result.statuses).filter(([status]) => status !== '200');
    if (bad.length > 0) throw new Error(`${mode}: unexpected statuses ${JSON.stringify(result.statuses)}`);
    const rate = loadOptions.ratePerSecond ? ` @${loadOptions.ratePerSecond}/s` : '';
    log(
      `${mode}${rate}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50.toFixed(3)} ms, p99 ${result.p99.toFixed(3)} ms`,
    );
    return result;
  };

  let bare, cached, uncached, bareAtRate, cachedAtRate, rate;
  try {
    // Alternate the two servers over a few rounds and keep each one's median round: the machines
    // this runs on are shared, and a neighbour's burst should not decide the ratio.
    const rounds = options.rounds ?? 5;
    const bareRuns = [];
    const cachedRuns = [];
    for (let i = 0; i < rounds; i++) {
      bareRuns.push(await measure('bare'));
      cachedRuns.push(await measure('cached'));
    }
    bare = median(bareRuns);
    cached = median(cachedRuns);
    uncached = await measure('uncached');
    // Closed-loop latency at saturation is queueing (Little's law: 64 in flight / throughput), so
    // latency is also measured open-loop at a fixed rate both servers can sustain.
    rate = Math.round((Math.min(bare.rps, cached.rps) * 0.5) / 1000) * 1000 || 1000;
    bareAtRate = await measure('bare', { ratePerSecond: rate });
    cachedAtRate = await measure('cached', { ratePerSecond: rate });
  } finally {
    await Promise.all(Object.values(servers).map((server) => server.stop()));
  }
  const verifyRate = rawVerifyRate(privateKey, publicKey);
  log(`raw crypto.verify ES256: ${verifyRate.toFixed(0)} verifications/s`);

  const ratio = cached.rps / bare.rps;
  const ms = (value) => Number(value.toFixed(3));
  return {
    name: 'gateway',
    figures: [
      {
        name: `forward-auth decisions/s (${CONNECTIONS} keep-alive conns)`,
        value: Math.round(cached.rps),
        unit: 'req/s',
        baseline: { name: 'bare node:http 200', value: Math.round(bare.rps), unit: 'req/s' },
        ratio: Number(ratio.toFixed(3)),
        target: '≥ 0.60× bare',
        met: ratio >= 0.6,
      },
      {
        name: 'forward-auth p50 (closed loop, saturated)',
        value: ms(cached.p50),
        unit: 'ms',
        baseline: { name: 'bare p50', value: ms(bare.p50), unit: 'ms' },
        ratio: Number((cached.p50 / bare.p50).toFixed(3)),
      },
      {
        name: 'forward-auth p99 (closed loop, saturated)',
        value: ms(cached.p99),
        unit: 'ms',
        baseline: { name: 'bare p99', value: ms(bare.p99), unit: 'ms' },
        ratio: Number((cached.p99 / bare.p99).toFixed(3)),
        target: '< 2 ms',
        met: cached.p99 < 2,
      },
      {
        name: `forward-auth p50 at ${rate} req/s`,
        value: ms(cachedAtRate.p50),
        unit: 'ms',
        baseline: { name: 'bare p50', value: ms(bareAtRate.p50), unit: 'ms' },
      },
      {
        name: `forward-auth p99 at ${rate} req/s`,
        value: ms(cachedAtRate.p99),
        unit: 'ms',
        baseline: { name: 'bare p99', value: ms(bareAtRate.p99), unit: 'ms' },
        target: '< 2 ms',
        met: cachedAtRate.p99 < 2,
      },
      {
        name: 'decisions/s without the token cache',
        value: Math.round(uncached.rps),
        unit: 'req/s',
        baseline: { name: 'raw crypto.verify ES256', value: Math.round(verifyRate), unit: 'ops/s' },
        ratio: Number((uncached.rps / verifyRate).toFixed(3)),
      },
      { name: 'raw crypto.verify ES256 (1 thread)', value: Math.round(verifyRate), unit: 'ops/s' },
    ],
  };
}

/** One server on its own worker thread (own event loop), kept up across rounds so it is warm. */
async function startServer(mode, data) {
  const worker = new Worker(new URL('./gateway-worker.mjs', import.meta.url), { workerData: { mode, ...data } });
  const { port } = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    port,
    stop: async () => {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('stop');
      await exited;
    },
  };
}

function median(runs) {
  return [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)];
}

function claims(profile, x5t, now) {
  return {
    iss: ISSUER,
    sub: `urn:vigil:device:${randomUUID()}`,
    aud: AUDIENCE,
    iat: now,
    exp: now + 900,
    jti: randomUUID(),
    cnf: { 'x5t#S256': x5t },
    eat_profile: profile,
    ear_verifier_id: { developer: 'https://vigil.dev', build: 'bench' },
    ear_status: 'affirming',
    submods: {
      vigil: {
        ear_status: 'affirming',
        ear_trustworthiness_vector: { configuration: 2, 'instance-identity': 2, hardware: 0, 'storage-opaque': 32 },
      },
    },
    vigil_checks: {
      'os.version': { result: 'pass', reason: 'Ubuntu 24.04 is supported' },
      'os.patches': { result: 'pass', reason: 'no pending security updates' },
      'disk.encryption': { result: 'pass', reason: 'all volumes encrypted' },
      'net.firewall': { result: 'pass', reason: 'nftables, inbound default deny' },
    },
    vigil_policy: { id: 'vigil-default', hash: x5t },
    vigil_verdict: { status: 'compliant', action: 'allow' },
  };
}

/** Raw ES256 verification (P-256, SHA-256, JOSE signature encoding) on one thread for ~1 s. */
function rawVerifyRate(privateKey, publicKey) {
  const data = Buffer.from('eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJiZW5jaCJ9');
  const signature = createSign('sha256').update(data).sign({ key: privateKey, dsaEncoding: 'ieee-p1363' });
  const key = { key: publicKey, dsaEncoding: 'ieee-p1363' };
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < 1_000) {
    for (let i = 0; i < 100; i++) if (verify('sha256', data, key, signature)) count++;
  }
  return count / ((performance.now() - started) / 1000);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await run();
  console.log(JSON.stringify(result, null, 2));
}
