// Simulated devices for the ingest benchmark: real RSA-2048 keys, certificates enrolled through
// the service API, one mTLS keep-alive connection each, and the agent's report cycle.
import { constants, createHash, generateKeyPair, sign } from 'node:crypto';
import { Agent } from 'node:https';
import { promisify } from 'node:util';
import { buildCsr, healthyPosture, httpsRequest } from '@vigil/service/test-support';

const generateKeyPairAsync = promisify(generateKeyPair);
const signAsync = promisify(sign);
const b64u = (data) => Buffer.from(data).toString('base64url');
const PSS = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };

export function post(client, path, headers, body = '') {
  return httpsRequest(`${client.url}${path}`, { method: 'POST', headers, body, ca: client.ca, agent: client.agent });
}

export async function enrollFleet(info, count) {
  const { ca, url } = info;
  const admin = { authorization: `Bearer ${info.adminToken}`, 'content-type': 'application/json' };
  const minted = await httpsRequest(`${url}/v1/admin/enrollment-tokens`, {
    ca,
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ uses: count }),
  });
  const { token } = minted.json();
  const fleet = [];
  for (let start = 0; start < count; start += 16) {
    const batch = Array.from({ length: Math.min(16, count - start) }, async () => {
      const keys = await generateKeyPairAsync('rsa', { modulusLength: 2048 });
      const body = JSON.stringify({ token, csr: buildCsr(keys) });
      const response = await httpsRequest(`${url}/v1/enroll`, {
        ca,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      if (response.status !== 201) throw new Error(`enroll failed: ${response.text}`);
      const enrolled = response.json();
      const certDer = Buffer.from(enrolled.certificate.replace(/-----[^-]+-----|\s/g, ''), 'base64');
      const key = keys.privateKey.export({ type: 'pkcs8', format: 'pem' });
      return {
        url,
        ca,
        agent: new Agent({
          keepAlive: true,
          maxSockets: 1,
          key,
          cert: enrolled.certificate,
          ca,
          minVersion: 'TLSv1.2',
        }),
        privateKey: keys.privateKey,
        deviceId: enrolled.deviceId,
        header: b64u(
          JSON.stringify({
            alg: 'PS256',
            typ: 'eat+jwt',
            kid: createHash('sha256').update(certDer).digest('base64url'),
          }),
        ),
        seq: 0,
        prev: undefined,
      };
    });
    fleet.push(...(await Promise.all(batch)));
  }
  return fleet;
}

const posture = healthyPosture(new Date());

/** One agent report: challenge → sign (PS256, threadpool) → evidence; the chain advances. */
export async function reportCycle(device) {
  const challenge = await post(device, '/v1/challenges', {});
  if (challenge.status !== 201) throw new Error(`challenge ${challenge.status}: ${challenge.text.slice(0, 200)}`);
  const seq = device.seq + 1;
  const jti = `${device.deviceId.slice(0, 8)}-${seq}-${Math.random().toString(36).slice(2, 10)}`;
  const claims = {
    eat_profile: 'https://vigil.dev/eat-profile/v1',
    ueid: device.deviceId,
    iat: Math.floor(Date.now() / 1000),
    eat_nonce: JSON.parse(challenge.text).nonce,
    jti,
    seq,
    ...(device.prev ? { prev: device.prev } : {}),
    agent: { name: 'vigil', version: '0.1.0' },
    posture,
  };
  const input = `${device.header}.${b64u(JSON.stringify(claims))}`;
  const jws = `${input}.${b64u(await signAsync('sha256', Buffer.from(input), { key: device.privateKey, ...PSS }))}`;
  const response = await post(
    device,
    '/v1/evidence',
    { 'content-type': 'application/eat+jwt', 'idempotency-key': jti },
    jws,
  );
  if (response.status !== 200) throw new Error(`evidence ${response.status}: ${response.text.slice(0, 200)}`);
  device.seq = seq;
  device.prev = createHash('sha256').update(jws).digest('base64url');
}

/** The same two requests against the bare server: a similar evidence-sized body, no work. */
export function bareFleet(info, count) {
  const body = 'x'.repeat(3400); // about the size of a signed report
  return Array.from({ length: count }, () => ({
    url: info.url,
    ca: info.ca,
    agent: new Agent({ keepAlive: true, maxSockets: 1, ca: info.ca, minVersion: 'TLSv1.2' }),
    body,
  }));
}

export async function bareCycle(client) {
  await post(client, '/v1/challenges', {});
  await post(
    client,
    '/v1/evidence',
    { 'content-type': 'application/eat+jwt', 'idempotency-key': 'k'.repeat(16) },
    client.body,
  );
}
