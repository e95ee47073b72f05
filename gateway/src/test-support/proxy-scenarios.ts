/**
 * The acceptance scenarios of issue 5, run identically against each real proxy: compliant → 200
 * from the upstream; non-compliant → 403; expired, forged, other-audience and other-device
 * results → 401/403; a spoofed certificate header changes nothing; after a CAEP event the next
 * request is refused within 1 s.
 */
import { expect, it } from 'vitest';
import { AUDIENCE, DEVICE_ID, ear, serviceKey } from './ear.js';
import { deviceRequest, type World } from './proxy-world.js';
import { setClaims, signSet } from './set.js';

export interface ProxyUnderTest {
  world: World;
  port: number;
}

export function proxyScenarios(get: () => ProxyUnderTest): void {
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const tokenFor = (world: World, overrides = {}) =>
    ear(world.key, { cnf: { 'x5t#S256': world.deviceA.x5t }, ...overrides });

  it('lets a compliant device through to the upstream, with its identity', async () => {
    const { world, port } = get();
    const res = await deviceRequest(world, port, world.deviceA, bearer(await tokenFor(world)));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ upstream: true, device: DEVICE_ID, status: 'affirming' });
  });

  it('also reads the EAR from the vigil_ear cookie', async () => {
    const { world, port } = get();
    const res = await deviceRequest(world, port, world.deviceA, { cookie: `vigil_ear=${await tokenFor(world)}` });
    expect(res.status).toBe(200);
  });

  it('refuses a non-compliant device with 403 and says what to fix', async () => {
    const { world, port } = get();
    // As the service issues it for a blocking policy: configuration 96, verdict block.
    const token = await tokenFor(world, {
      ear_status: 'contraindicated',
      submods: {
        vigil: {
          ear_status: 'contraindicated',
          ear_trustworthiness_vector: { configuration: 96, 'instance-identity': 2 },
        },
      },
      vigil_checks: { 'disk.encryption': { result: 'fail', reason: 'root volume is not encrypted' } },
      vigil_verdict: { status: 'noncompliant', action: 'block' },
    });
    const res = await deviceRequest(world, port, world.deviceA, bearer(token));
    expect(res.status).toBe(403);
    expect(res.body).not.toContain('upstream');
    expect(res.body).toContain('This device needs attention');
  });

  it('refuses a missing, expired, forged or other-audience result', async () => {
    const { world, port } = get();
    const now = Math.floor(Date.now() / 1000);
    const forger = { ...(await serviceKey()), kid: world.key.kid };
    const cases = {
      missing: {},
      expired: bearer(await tokenFor(world, { iat: now - 1200, exp: now - 600 })),
      forged: bearer(await ear(forger, { cnf: { 'x5t#S256': world.deviceA.x5t } })),
      otherAudience: bearer(await tokenFor(world, { aud: `${AUDIENCE}:other` })),
    };
    for (const [name, headers] of Object.entries(cases)) {
      const res = await deviceRequest(world, port, world.deviceA, headers);
      expect([name, res.status]).toEqual([name, 401]);
      expect(res.body).not.toContain('upstream');
    }
  });

  it("refuses device A's result presented over device B's connection, spoofed header or not", async () => {
    const { world, port } = get();
    const token = await tokenFor(world);
    const plain = await deviceRequest(world, port, world.deviceB, bearer(token));
    expect(plain.status).toBe(401);
    const spoofed = await deviceRequest(world, port, world.deviceB, {
      ...bearer(token),
      'x-client-cert': encodeURIComponent(world.deviceA.certPem),
      'x-forwarded-tls-client-cert': world.deviceA.certPem.replace(/-----[^-]+-----|\s/g, ''),
    });
    expect(spoofed.status).toBe(401);
  });

  it('refuses the next request within 1 s of a CAEP not-compliant event', async () => {
    const { world, port } = get();
    const token = await tokenFor(world);
    expect((await deviceRequest(world, port, world.deviceA, bearer(token))).status).toBe(200);
    const set = await signSet(world.key, setClaims());
    const pushed = await fetch(`http://127.0.0.1:${world.gatewayPort}/caep/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/secevent+jwt' },
      body: set,
      signal: AbortSignal.timeout(5_000),
    });
    const acceptedAt = Date.now();
    expect(pushed.status).toBe(202);
    const res = await deviceRequest(world, port, world.deviceA, bearer(token));
    expect(Date.now() - acceptedAt).toBeLessThan(1_000);
    expect(res.status).toBe(403);
    expect(res.body).not.toContain('upstream');
  });
}
