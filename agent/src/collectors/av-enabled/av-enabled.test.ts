import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createReplayIO, type DeviceScenario } from '../__fixtures__/replay-io.js';
import { collectAvEnabledLinux } from './linux.js';
import { KNOWN_AGENT_PATHS } from './linux-agents.js';
import { parseCsrutil, parseGatekeeper } from './parse-macos-protections.js';
import { decodeProductState, parseWin32Av } from './parse-win32-av.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const NOT_FOUND = { error: 'VIGIL_IO_NOT_FOUND' } as const;
const none = Object.fromEntries(KNOWN_AGENT_PATHS.map((path) => [path, NOT_FOUND]));

async function linux(overrides: Partial<DeviceScenario>) {
  const replay = createReplayIO({
    name: 'av',
    now: '2024-11-07T09:00:00.000Z',
    commands: {},
    missingTools: [],
    files: {},
    dirs: {},
    ...overrides,
    stats: { ...none, ...overrides.stats },
  });
  const observation = await collectAvEnabledLinux(replay.io);
  expect(replay.unexpected).toEqual([]);
  return observation;
}

describe('av.enabled on Linux', () => {
  it('is unsupported unless a known agent is installed', async () => {
    expect(await linux({})).toMatchObject({
      state: 'unsupported',
      reason: expect.stringContaining('CrowdStrike Falcon'),
    });
  });
  it('judges an installed EDR by its service', async () => {
    const falcon = { '/opt/CrowdStrike/falcond': { mtime: '2024-09-01T00:00:00.000Z' } };
    expect(
      await linux({
        stats: falcon,
        commands: {
          'systemctl is-active falcon-sensor.service': { stdout: fixture('systemctl-is-active.active.txt') },
        },
      }),
    ).toMatchObject({
      state: 'ok',
      value: { enabled: true, products: [{ name: 'CrowdStrike Falcon', enabled: true, realTime: true }] },
    });
    expect(
      await linux({
        stats: falcon,
        commands: {
          'systemctl is-active falcon-sensor.service': {
            stdout: fixture('systemctl-is-active.inactive.txt'),
            exitCode: 3,
          },
        },
      }),
    ).toMatchObject({
      state: 'ok',
      value: { enabled: false },
    });
    expect(
      await linux({
        stats: falcon,
        commands: {
          'systemctl is-active falcon-sensor.service': {
            stderr: fixture('systemctl.no-systemd.stderr.txt'),
            exitCode: 1,
          },
        },
      }),
    ).toMatchObject({
      state: 'error',
      code: 'VIGIL_COLLECT_AV_UNREADABLE',
    });
  });
});

describe('av.enabled on macOS: parsers', () => {
  it('reads Gatekeeper and SIP, including a custom SIP configuration', () => {
    expect([
      parseGatekeeper(fixture('spctl-status.enabled.txt')),
      parseGatekeeper(fixture('spctl-status.disabled.txt')),
      parseGatekeeper(''),
    ]).toEqual([true, false, null]);
    expect(parseCsrutil(fixture('csrutil-status.enabled.txt'))).toEqual({ enabled: true, detail: 'SIP enabled' });
    expect(parseCsrutil(fixture('csrutil-status.disabled.txt'))).toMatchObject({ enabled: false });
    expect(parseCsrutil(fixture('csrutil-status.custom.txt'))).toEqual({
      enabled: false,
      detail: 'SIP custom configuration, disabled: Apple Internal, Filesystem Protections',
    });
  });
});

describe('av.enabled on Windows: parsers', () => {
  const parse = (name: string) => parseWin32Av(JSON.parse(fixture(name)));
  it('reads Defender and Security Center products without counting Defender twice', () => {
    expect(parse('ps-av.defender-on.json')?.products).toEqual([
      expect.objectContaining({ name: 'Microsoft Defender Antivirus', enabled: true, realTime: true, upToDate: true }),
    ]);
    expect(parse('ps-av.defender-realtime-off-stale.json')?.products).toEqual([
      expect.objectContaining({ enabled: true, realTime: false, upToDate: false }),
    ]);
    expect(parse('ps-av.third-party-defender-passive.json')?.products.map((p) => [p.name, p.enabled])).toEqual([
      ['Microsoft Defender Antivirus', false],
      ['Sophos Intercept X', true],
    ]);
    expect(parse('ps-av.server-no-securitycenter.json')).toMatchObject({
      products: [{ enabled: true }],
      problems: [expect.stringContaining('Security Center')],
    });
  });
  it('decodes productState', () => {
    expect(decodeProductState(397568)).toEqual({ on: true, upToDate: true }); // 0x061100
    expect(decodeProductState(393472)).toEqual({ on: false, upToDate: true }); // 0x060100
    expect(decodeProductState(397584)).toEqual({ on: true, upToDate: false }); // 0x061110
  });
});
