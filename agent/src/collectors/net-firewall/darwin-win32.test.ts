import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createReplayIO, type DeviceScenario } from '../__fixtures__/replay-io.js';
import { collectNetFirewallDarwin } from './darwin.js';
import { parseGlobalState, parseManagedFirewall, parseSpFirewall, parseStealthMode } from './parse-socketfilterfw.js';
import { parseWin32Firewall } from './parse-win32-firewall.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('macOS Application Firewall parsers', () => {
  it('reads socketfilterfw, and never reads the managed-Mac refusal as off', () => {
    expect(parseGlobalState(fixture('socketfilterfw-globalstate.enabled.txt'))).toBe(1);
    expect(parseGlobalState(fixture('socketfilterfw-globalstate.disabled.txt'))).toBe(0);
    expect(parseGlobalState(fixture('socketfilterfw-globalstate.block-all.txt'))).toBe(2);
    expect(parseGlobalState(fixture('socketfilterfw.managed.txt'))).toBeNull();
    expect(parseStealthMode(fixture('socketfilterfw-stealth.on.txt'))).toBe(true);
    expect(parseStealthMode(fixture('socketfilterfw-stealth.off.txt'))).toBe(false);
    expect(parseStealthMode(fixture('socketfilterfw-stealth.legacy-enabled.txt'))).toBe(true);
    expect(parseStealthMode(fixture('socketfilterfw.managed.txt'))).toBeNull();
  });
  it('reads system_profiler keys and the management profile', () => {
    expect(parseSpFirewall(fixture('sp-firewall.macos-15-limit.json'))).toEqual({ state: 1, stealth: true });
    expect(parseSpFirewall(fixture('sp-firewall.macos-15-block-all.json'))).toEqual({ state: 2, stealth: false });
    expect(parseSpFirewall(fixture('sp-firewall.macos-15-off.json'))).toEqual({ state: 0, stealth: false });
    expect(
      parseSpFirewall('{"SPFirewallDataType":[{"spfirewall_globalstate":"Activé","spfirewall_stealthenabled":"Oui"}]}'),
    ).toEqual({ state: null, stealth: null });
    expect(parseManagedFirewall(fixture('defaults-managed-firewall.enabled.txt'))).toEqual({ state: 1, stealth: true });
  });
});

describe('collectNetFirewallDarwin', () => {
  const base = (commands: DeviceScenario['commands']): DeviceScenario => ({
    name: 'fw',
    platform: 'darwin',
    now: '2024-11-07T09:00:00.000Z',
    commands,
    missingTools: [],
    files: {},
    dirs: {},
    stats: {},
  });
  const managed = { stdout: fixture('socketfilterfw.managed.txt') };
  it('asks system_profiler as well on macOS 15 and reports the less protective answer when they disagree', async () => {
    const { io, unexpected } = createReplayIO(
      base({
        'socketfilterfw --getglobalstate': { stdout: fixture('socketfilterfw-globalstate.block-all.txt') },
        'socketfilterfw --getstealthmode': { stdout: fixture('socketfilterfw-stealth.on.txt') },
        sw_vers: {
          stdout: readFileSync(new URL('../os-version/__fixtures__/sw_vers.macos-15.txt', import.meta.url), 'utf8'),
        },
        'system_profiler -json SPFirewallDataType': { stdout: fixture('sp-firewall.macos-15-limit.json') },
      }),
    );
    const observation = await collectNetFirewallDarwin(io);
    expect(unexpected).toEqual([]);
    if (observation.state !== 'ok') throw new Error(JSON.stringify(observation));
    expect(observation.value).toMatchObject({ enabled: true, defaultInbound: 'deny' });
    expect(observation.value.backends[0]?.detail).toMatch(/State = 1.*sources disagree/);
  });
  it('falls back to the management profile, and is an error (never off) when nothing answers', async () => {
    const profile = createReplayIO(
      base({
        'socketfilterfw --getglobalstate': managed,
        'socketfilterfw --getstealthmode': managed,
        sw_vers: { error: 'VIGIL_EXEC_TIMEOUT' },
        'system_profiler -json SPFirewallDataType': { error: 'VIGIL_EXEC_TIMEOUT' },
        'defaults read /Library/Managed Preferences/com.apple.security.firewall': {
          stdout: fixture('defaults-managed-firewall.enabled.txt'),
        },
      }),
    );
    expect(await collectNetFirewallDarwin(profile.io)).toMatchObject({
      state: 'ok',
      value: { enabled: true, backends: [{ detail: expect.stringContaining('management profile') }] },
    });
    const nothing = createReplayIO(
      base({
        'socketfilterfw --getglobalstate': managed,
        'socketfilterfw --getstealthmode': managed,
        sw_vers: { error: 'VIGIL_EXEC_TIMEOUT' },
        'system_profiler -json SPFirewallDataType': { error: 'VIGIL_EXEC_TIMEOUT' },
        'defaults read /Library/Managed Preferences/com.apple.security.firewall': {
          stderr: fixture('defaults-managed-firewall.missing.stderr.txt'),
          exitCode: 1,
        },
      }),
    );
    expect(await collectNetFirewallDarwin(nothing.io)).toMatchObject({
      state: 'error',
      code: 'VIGIL_COLLECT_FIREWALL_UNREADABLE',
    });
  });
});

describe('parseWin32Firewall', () => {
  const parse = (name: string) => parseWin32Firewall(JSON.parse(fixture(name)));
  it('requires all three profiles, enums as numbers or names', () => {
    expect(parse('ps-firewall.all-on-numbers.json')).toMatchObject({
      ok: true,
      value: { enabled: true, defaultInbound: 'deny' },
    });
    const partial = parse('ps-firewall.public-off-strings.json');
    expect(partial).toMatchObject({ ok: true, value: { enabled: false, defaultInbound: 'allow' } });
    if (partial.ok)
      expect(partial.value.backends.map((b) => [b.active, b.defaultInbound])).toEqual([
        [true, 'deny'],
        [true, 'unknown'],
        [false, 'allow'],
      ]);
  });
  it('treats a stopped firewall service as off, and NotConfigured as unreadable rather than a state', () => {
    expect(parse('ps-firewall.service-stopped.json')).toMatchObject({ ok: true, value: { enabled: false } });
    expect(parse('ps-firewall.not-configured.json')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('Domain'),
    });
    expect(parseWin32Firewall({ service: { state: 'Running' }, profiles: [] })).toMatchObject({ ok: false });
  });
});
