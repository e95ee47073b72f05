/**
 * record-fixtures over recorded devices: what it writes must be redacted, and must replay to the
 * same observations (so a contributed recording is a faithful test as it is).
 */
import { describe, expect, it } from 'vitest';
import { debian12Vm } from './__fixtures__/devices/debian-12-vm.js';
import { fedoraWorkstation } from './__fixtures__/devices/fedora-40-workstation.js';
import { macos13IntelT2Managed } from './__fixtures__/devices/macos-13-intel-t2-managed.js';
import { macos14AppleSilicon } from './__fixtures__/devices/macos-14-apple-silicon.js';
import { ubuntuLaptop } from './__fixtures__/devices/ubuntu-22.04-laptop.js';
import { windows10DesktopUser } from './__fixtures__/devices/windows-10-desktop-user.js';
import { windows11Laptop } from './__fixtures__/devices/windows-11-laptop.js';
import { scenarioFromRecording } from './__fixtures__/recorded-scenario.js';
import { createReplayIO, type DeviceScenario } from './__fixtures__/replay-io.js';
import { collectPosture } from './collect.js';
import { createRedactor } from './fixture-recording/redact.js';
import { recordFixtures } from './record-fixtures.js';

async function record(scenario: DeviceScenario) {
  const written = new Map<string, string>();
  const { io, unexpected } = createReplayIO(scenario);
  const manifest = await recordFixtures({
    platform: scenario.platform ?? 'linux',
    io,
    agentVersion: '0.1.0',
    redaction: { hostnames: ['ada-laptop.corp.example', 'ada-laptop'], userNames: ['jappleseed', 'ada'] },
    write: async (path, content) => {
      written.set(path, content);
    },
  });
  expect(unexpected).toEqual([]);
  return { manifest, written };
}

describe('recordFixtures', () => {
  it.each([
    debian12Vm,
    ubuntuLaptop,
    fedoraWorkstation,
    macos14AppleSilicon,
    macos13IntelT2Managed,
    windows11Laptop,
    windows10DesktopUser,
  ])('records $name so that it replays to the same observations', async (scenario) => {
    const { manifest, written } = await record(scenario);
    expect(JSON.parse(written.get('manifest.json') ?? '{}')).toEqual(manifest);
    const platform = scenario.platform ?? 'linux';
    const recorded = scenarioFromRecording(manifest, (file) => {
      const text = written.get(file);
      if (text === undefined) throw new Error(`not written: ${file}`);
      return text;
    });
    const replay = createReplayIO(recorded);
    const again = await collectPosture({ platform, io: replay.io });
    expect(replay.unexpected).toEqual([]);
    // The same observations as during the recording, redacted the same way. The agent's own code
    // is not recorded (a replay hashes the fake install), so agent.integrity is left out.
    const normalize = (value: unknown) => {
      const copy = JSON.parse(JSON.stringify(value).replace(/"collectedAt":"[^"]*"/g, '"collectedAt":"T"')) as Record<
        string,
        unknown
      >;
      delete copy['agent.integrity'];
      return copy;
    };
    expect(normalize(again)).toEqual(normalize(JSON.parse(written.get('observations.json') ?? '{}')));
    const original = await collectPosture({ platform, io: createReplayIO(scenario).io });
    expect(Object.values(again).map((o) => o?.state)).toEqual(Object.values(original).map((o) => o?.state));
  });

  it('writes no user name, host name, serial, MAC or disk UUID', async () => {
    const ubuntu = await record(ubuntuLaptop);
    const mac = await record({
      ...macos14AppleSilicon,
      commands: {
        ...macos14AppleSilicon.commands,
        'fdesetup status': {
          stdout: "FileVault is Off.\nDeferred enablement appears to be active for user 'jappleseed'.\n",
        },
      },
    });
    const everything = [...ubuntu.written.values(), ...mac.written.values()].join('\n');
    expect(everything).not.toMatch(/jappleseed|ada-laptop/);
    expect(everything).not.toMatch(/7C8D9E0F-0015-4A1B-8C2D-3E4F5A6B7C15/i); // an APFS volume UUID
    expect(everything).toContain('8be4df61-93ca-11d2-aa0d-00e098032b8c'); // well-known EFI GUIDs stay
    expect(mac.manifest.redactions).toMatchObject({ uuid: expect.any(Number), user: expect.any(Number) });
  });
});

describe('createRedactor', () => {
  const redactor = () =>
    createRedactor({ hostnames: ['build-07.corp.example', 'build-07'], userNames: ['mhopper', 'root'] });
  it('replaces the same value with the same placeholder everywhere', () => {
    const r = redactor();
    const text =
      'vol 1A2B3C4D-0001-4E5F-8A9B-0C1D2E3F4A01 then 1a2b3c4d-0001-4e5f-8a9b-0c1d2e3f4a01, other 5E6F7A8B-0001-4C9D-8E0F-1A2B3C4D5E01';
    expect(r.redact(text)).toBe(
      'vol 00000000-0000-4000-8000-000000000001 then 00000000-0000-4000-8000-000000000001, other 00000000-0000-4000-8000-000000000002',
    );
  });
  it('covers serials, MACs, hosts, users and home paths, and leaves common words alone', () => {
    const r = redactor();
    const out = r.redact(
      [
        '"serial_number" : "C02XK1ABJG5H",',
        '<key>IOPlatformSerialNumber</key><string>C02XK1ABJG5H</string>',
        'Serial Number (system): C02XK1ABJG5H',
        'ether 3c:22:fb:11:22:33 on build-07.corp.example (build-07)',
        'Requested-By: mhopper (1000)',
        '/home/mhopper/.config and /Users/mhopper/Library and C:\\Users\\mhopper\\AppData and /Users/Shared',
        'mounted on / by root',
        'CRYPT-LUKS2-6c1f5a2e9b7d4c3a8e0f1d2c3b4a5968-luks-x',
      ].join('\n'),
    );
    expect(out).not.toMatch(/C02XK1ABJG5H|3c:22:fb|build-07|mhopper|6c1f5a2e9b7d/);
    expect(out).toContain('"serial_number" : "REDACTED-1"');
    expect(out).toContain('vigil-host (vigil-host)');
    expect(out).toContain('/Users/Shared');
    expect(out).toContain('by root');
    expect(out).toContain('CRYPT-LUKS2-00000000000000000000000000000001-luks-x');
  });
});
