// Simulated device identities, shared by the ingest benchmark, the fleet simulator and the soak:
// real RSA-2048 keys (cached on disk, since key generation costs ~50 ms each), enrollment
// through the service API (CSR → certificate), and signed EAT reports chained like the agent's
// (seq + SHA-256 of the previous JWS). Signing runs in the libuv threadpool.
import { constants, createHash, createPrivateKey, createPublicKey, generateKeyPair, sign } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildCsr, httpsRequest } from '@vigil/service/test-support';

const generateKeyPairAsync = promisify(generateKeyPair);
const signAsync = promisify(sign);
const PSS = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
export const b64u = (data) => Buffer.from(data).toString('base64url');
export const EAT_PROFILE = 'https://vigil.dev/eat-profile/v1';

/**
 * `count` RSA-2048 key pairs. With `cacheDir`, key N lives in `<cacheDir>/device-N.pem` (0600)
 * and is generated only once; without it every call generates fresh keys.
 */
export async function deviceKeys(count, { cacheDir, log = () => {}, start = 0 } = {}) {
  if (cacheDir) mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
  const keys = new Array(count);
  const missing = [];
  for (let i = 0; i < count; i++) {
    const file = cacheDir && join(cacheDir, `device-${start + i}.pem`);
    if (file && existsSync(file)) keys[i] = fromPem(readFileSync(file, 'utf8'));
    else missing.push(i);
  }
  if (missing.length > 0) log(`generating ${missing.length} RSA-2048 device keys…`);
  for (let at = 0; at < missing.length; at += 32) {
    await Promise.all(
      missing.slice(at, at + 32).map(async (i) => {
        const pair = await generateKeyPairAsync('rsa', { modulusLength: 2048 });
        keys[i] = { ...pair, pem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) };
        if (cacheDir) {
          const file = join(cacheDir, `device-${start + i}.pem`);
          writeFileSync(file, keys[i].pem, { mode: 0o600 });
          chmodSync(file, 0o600);
        }
      }),
    );
  }
  return keys;
}

function fromPem(pem) {
  const privateKey = createPrivateKey(pem);
  return { privateKey, publicKey: createPublicKey(privateKey), pem };
}

/** Mints one enrollment token good for `uses` enrollments (admin API). */
export async function mintEnrollmentToken({ url, ca, adminToken }, uses) {
  const response = await httpsRequest(`${url}/v1/admin/enrollment-tokens`, {
    ca,
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ uses, ttlSeconds: 3600 }),
  });
  if (response.status !== 201) throw new Error(`enrollment token: HTTP ${response.status} ${response.text}`);
  return response.json().token;
}

/** Enrolls one key pair: POST /v1/enroll with a CSR → {deviceId, certificate}. */
export async function enrollKey({ url, ca }, token, keys) {
  const body = JSON.stringify({ token, csr: buildCsr(keys) });
  let response;
  // Enrolling many devices at once can overload the service (the CA's certificate building is
  // synchronous): it answers 503 + Retry-After, which a well-behaved client honours.
  for (let attempt = 0; attempt < 8; attempt++) {
    response = await httpsRequest(`${url}/v1/enroll`, {
      ca,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    if (response.status !== 503 && response.status !== 429) break;
    const seconds = Number(response.headers['retry-after']);
    await new Promise((resolve) => setTimeout(resolve, (Number.isFinite(seconds) ? Math.min(seconds, 30) : 1) * 1000));
  }
  if (response.status !== 201) throw new Error(`enroll: HTTP ${response.status} ${response.text.slice(0, 200)}`);
  const { deviceId, certificate } = response.json();
  return { deviceId, certificate };
}

/** The JWS protected header of a device: PS256, eat+jwt, kid = SHA-256 of the certificate DER. */
export function jwsHeader(certificatePem) {
  const der = Buffer.from(certificatePem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  return b64u(
    JSON.stringify({ alg: 'PS256', typ: 'eat+jwt', kid: createHash('sha256').update(der).digest('base64url') }),
  );
}

/**
 * Signs the device's next report; the chain advances only through `accept`. `postureJson` is
 * the posture already serialised (the same object for many reports saves the simulator CPU).
 * Without a nonce the report is unchallenged (queued offline: history only, no EAR).
 */
export async function signReport(device, { nonce, postureJson, now = Date.now() }) {
  const seq = device.seq + 1;
  const jti = `${device.deviceId.slice(0, 8)}-${seq}-${Math.random().toString(36).slice(2, 10)}`;
  const claims =
    `{"eat_profile":"${EAT_PROFILE}","ueid":"${device.deviceId}","iat":${Math.floor(now / 1000)}` +
    (nonce ? `,"eat_nonce":"${nonce}"` : '') +
    `,"jti":"${jti}","seq":${seq}` +
    (device.prev ? `,"prev":"${device.prev}"` : '') +
    `,"agent":{"name":"vigil","version":"0.1.0"},"posture":${postureJson}}`;
  const input = `${device.header}.${b64u(claims)}`;
  const signature = await signAsync('sha256', Buffer.from(input), { key: device.privateKey, ...PSS });
  const jws = `${input}.${b64u(signature)}`;
  const hash = createHash('sha256').update(jws).digest('base64url');
  return { jws, jti, seq, prev: device.prev, hash, challenged: Boolean(nonce), postureJson };
}

/** The service accepted `report`: the device's chain moves on. */
export function accept(device, report) {
  device.seq = report.seq;
  device.prev = report.hash;
}
