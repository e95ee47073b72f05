/**
 * Personal mode's promise, tested three ways: against the posture schema (which fields could
 * identify the machine or a person), on every recorded device (Linux, macOS, Windows), and on
 * this machine's real collectors, by scanning the signed evidence for its real host name,
 * account name and MAC addresses.
 */
import { hostname, networkInterfaces, userInfo } from 'node:os';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  POSTURE_REPORT_SCHEMA_ID,
  PostureReportSchema,
  type Observations,
  type Platform,
  type PostureReport,
} from '@vigil/shared/core';
import { debian12Vm } from '../collectors/__fixtures__/devices/debian-12-vm.js';
import { fedoraWorkstation } from '../collectors/__fixtures__/devices/fedora-40-workstation.js';
import { macos13IntelT2Managed } from '../collectors/__fixtures__/devices/macos-13-intel-t2-managed.js';
import { macos14AppleSilicon } from '../collectors/__fixtures__/devices/macos-14-apple-silicon.js';
import { ubuntuLaptop } from '../collectors/__fixtures__/devices/ubuntu-22.04-laptop.js';
import { windows10DesktopUser } from '../collectors/__fixtures__/devices/windows-10-desktop-user.js';
import { windows11Laptop } from '../collectors/__fixtures__/devices/windows-11-laptop.js';
import { replayDevice } from '../collectors/__fixtures__/replay-run.js';
import { createReport } from '../cycle/create-report.js';
import { collectPostureReport } from '../cycle/posture.js';
import { testCache, testIdentity } from '../test-support/fixtures.js';
import { PrivacyError } from './errors.js';
import type { DeviceIdentifiers } from './identifiers.js';
import { assertNoIdentifiers, personalPosture } from './personal-report.js';
import { findIdentifiers } from './scrub.js';

const IDENTIFYING_NAME = /host|serial|mac(?!hine)|user|uuid|udid|computer|owner(?!ship)|email|ip_?addr/i;

function propertyNames(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((item) => propertyNames(item, into));
  else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
      if (key === 'properties' && value && typeof value === 'object')
        Object.keys(value as object).forEach((name) => into.add(name));
      propertyNames(value, into);
    }
  }
  return into;
}

function report(platform: Platform, observations: Observations, host = 'vigil-host'): PostureReport {
  return {
    schema: POSTURE_REPORT_SCHEMA_ID,
    device: { platform, arch: 'x64', hostname: host, ownership: 'personal' },
    agent: { name: 'vigil', version: '0.1.0' },
    collectedAt: '2025-01-06T09:40:00.000Z',
    observations,
  };
}

describe('personal mode against the posture schema', () => {
  it('the only identifying field the schema has is device.hostname, and a personal report omits it', async () => {
    const names = [...propertyNames(z.toJSONSchema(PostureReportSchema))].filter((name) => IDENTIFYING_NAME.test(name));
    // A new field that could carry a serial, MAC, user or host name must be handled here first.
    expect(names).toEqual(['hostname']);
    const cleaned = personalPosture(report('linux', {}), { hostnames: [], userNames: [], homeDirs: [], macs: [] });
    expect(cleaned.device).toEqual({ platform: 'linux', arch: 'x64', ownership: 'personal' });
    expect(JSON.stringify(cleaned)).not.toContain('hostname');
  });
});

describe('personal mode on every recorded device', () => {
  // The recordings were redacted with these placeholders, and carry a few real-looking names.
  const ids: DeviceIdentifiers = {
    hostnames: ['vigil-host'],
    userNames: ['ada', 'mhopper', 'jappleseed'],
    homeDirs: ['/home/ada', '/Users/ada'],
    macs: ['02:00:00:00:00:01'],
  };
  const devices = [
    debian12Vm,
    fedoraWorkstation,
    ubuntuLaptop,
    macos13IntelT2Managed,
    macos14AppleSilicon,
    windows10DesktopUser,
    windows11Laptop,
  ];

  it.each(devices.map((device) => [device.name, device] as const))(
    '%s: nothing identifying survives',
    async (_name, device) => {
      const observations = await replayDevice(device);
      const cleaned = personalPosture(report(device.platform ?? 'linux', observations), ids);
      expect(PostureReportSchema.safeParse(cleaned).success).toBe(true);
      expect(findIdentifiers(cleaned, ids)).toEqual([]);
      const text = JSON.stringify(cleaned);
      expect(text).not.toMatch(/REDACTED-\d+/); // serial numbers (redacted in the recordings)
      expect(text).not.toMatch(/\b([0-9a-f]{2}[:-]){5}[0-9a-f]{2}\b/i);
      expect(text).not.toMatch(/\/home\/(?!\[user\])|\/Users\/(?!\[user\]|Shared)/);
      // Same checks, same states: cleaning changes words, never facts.
      for (const [check, observation] of Object.entries(observations))
        expect(cleaned.observations[check as keyof Observations]?.state).toBe(observation?.state);
    },
  );

  it('the Fedora disk UUID in its LUKS mapping name is removed', async () => {
    const raw = JSON.stringify(await replayDevice(fedoraWorkstation));
    expect(raw).toContain('luks-6c1f5a2e-9b7d-4c3a-8e0f-1d2c3b4a5968');
    const cleaned = JSON.stringify(personalPosture(report('linux', JSON.parse(raw) as Observations), ids));
    expect(cleaned).not.toContain('6c1f5a2e');
    expect(cleaned).toContain('luks-[uuid]');
  });
});

/** Every way this machine's identifiers could be spelled in the evidence. */
function realIdentifiers(): { label: string; pattern: RegExp }[] {
  const word = (text: string) =>
    new RegExp(`(?<![A-Za-z0-9_])${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_])`, 'i');
  const macs = Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .map((address) => address.mac.toLowerCase())
    .filter((mac) => mac !== '00:00:00:00:00:00');
  return [
    { label: `host name ${hostname()}`, pattern: word(hostname()) },
    { label: `user name ${userInfo().username}`, pattern: word(userInfo().username) },
    ...[...new Set(macs)].flatMap((mac) => [
      { label: `MAC ${mac}`, pattern: new RegExp(mac, 'i') },
      { label: `MAC ${mac} (dashes)`, pattern: new RegExp(mac.replaceAll(':', '-'), 'i') },
      { label: `MAC ${mac} (bare)`, pattern: new RegExp(mac.replaceAll(':', ''), 'i') },
    ]),
  ];
}

function found(text: string): string[] {
  return realIdentifiers()
    .filter(({ pattern }) => pattern.test(text))
    .map(({ label }) => label);
}

describe('personal mode on this machine', () => {
  it('the scan finds this machine in a managed report (so it can fail)', () => {
    expect(found(JSON.stringify({ device: { hostname: hostname() }, who: userInfo().username }))).toEqual(
      realIdentifiers()
        .filter(({ label }) => label.startsWith('host') || label.startsWith('user'))
        .map(({ label }) => label),
    );
  });

  it('the signed evidence of the real collectors holds no host name, user name or MAC', async () => {
    const posture = await collectPostureReport({ ownership: 'personal', checkTimeoutMs: 45_000 });
    expect(posture.device.hostname).toBeUndefined();
    expect(Object.keys(posture.observations).length).toBeGreaterThan(5);
    const cache = testCache();
    const identity = testIdentity();
    cache.reports.bindDevice(identity.deviceId);
    const created = await createReport({
      cache,
      identity,
      posture,
      maxPendingReports: 10,
      now: () => new Date(),
    });
    const jws = cache.reports.byJti(created.jti)!.jws;
    const payload = Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8');
    const header = Buffer.from(jws.split('.')[0]!, 'base64url').toString('utf8');
    expect(found(payload)).toEqual([]);
    expect(found(header)).toEqual([]);
    expect(JSON.parse(payload)).toMatchObject({ posture: { device: { ownership: 'personal' } } });
    cache.close();
  }, 120_000);

  it('a report that still names this machine is never signed', async () => {
    const leaky = report('linux', {
      'os.version': {
        state: 'ok',
        value: { platform: 'linux', distroId: 'debian', name: `Debian on ${hostname()}`, version: '12' },
        evidence: [{ kind: 'file', source: '/etc/os-release', at: '2025-01-06T09:40:00.000Z', durationMs: 1 }],
        collectedAt: '2025-01-06T09:40:00.000Z',
        durationMs: 1,
      },
    });
    const withoutHost = {
      ...leaky,
      device: { platform: 'linux' as const, arch: 'x64', ownership: 'personal' as const },
    };
    expect(() => assertNoIdentifiers(withoutHost)).toThrow(PrivacyError);
    expect(() => assertNoIdentifiers(withoutHost)).toThrow(/host name; it was not signed/);
    expect(() => assertNoIdentifiers(withoutHost)).not.toThrow(new RegExp(hostname()));
    const cache = testCache();
    cache.reports.bindDevice(testIdentity().deviceId);
    await expect(
      createReport({
        cache,
        identity: testIdentity(),
        posture: withoutHost,
        maxPendingReports: 10,
        now: () => new Date(),
      }),
    ).rejects.toMatchObject({ code: 'VIGIL_PRIVACY_IDENTIFIER_FOUND' });
    expect(cache.reports.counts().pending).toBe(0);
    cache.close();
  });
});
