/**
 * User-mode autostart on each OS. The plans are pure, so the unit, the plist and the exact `reg`
 * argv are pinned here (Windows by fixture); install and remove run for real against a temporary
 * home with an exec that records what it was asked to run.
 */
import { existsSync, lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ExecOutcome } from '../platform/exec.js';
import { tempDir } from '../test-support/fixtures.js';
import { applyAutostart } from './apply.js';
import { LAUNCH_AGENT_LABEL } from './launch-agent.js';
import { planAutostart, type AutostartContext } from './plan.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as string[];
const installers = fileURLToPath(new URL('../../../installers/', import.meta.url));

function linux(home: string): AutostartContext {
  return {
    platform: 'linux',
    homeDir: home,
    uid: 1000,
    program: { node: '/usr/bin/node', script: '/opt/vigil/agent/bin/vigil.js' },
    stateDir: `${home}/.local/state/vigil`,
    socketPath: '/run/user/1000/vigil/status.sock',
  };
}

function recordingExec(exitCode = 0) {
  const calls: { tool: string; args: readonly string[] }[] = [];
  const exec = async (tool: string, args: readonly string[]): Promise<ExecOutcome> => {
    calls.push({ tool, args });
    return {
      ok: true,
      command: tool,
      stdout: '',
      stderr: exitCode ? 'Failed to connect to bus' : '',
      exitCode,
      durationMs: 1,
    };
  };
  return { calls, exec };
}

/** `Key=value` lines of a unit, in order, without comments. */
function directives(unit: string): string[] {
  return unit.split('\n').filter((line) => /^\[|^\w+=/.test(line));
}

describe('autostart on Linux: a systemd user unit', () => {
  it('writes the unit and its enable link, then asks the user manager to start it (best effort)', async () => {
    const home = tempDir('vigil-home-');
    const { calls, exec } = recordingExec(1); // no user manager: still installed, starts at next login
    const result = await applyAutostart(planAutostart('install', linux(home)), { exec: exec as never });
    const unit = join(home, '.config/systemd/user/vigil-agent.service');
    const link = join(home, '.config/systemd/user/default.target.wants/vigil-agent.service');
    expect(result).toMatchObject({ failed: false, wrote: [unit, link] });
    expect(readlinkSync(link)).toBe(unit);
    const text = readFileSync(unit, 'utf8');
    expect(text).toContain(
      'ExecStart="/usr/bin/node" "/opt/vigil/agent/bin/vigil.js" "run" "--state-dir" "' +
        `${home}/.local/state/vigil" "--socket" "/run/user/1000/vigil/status.sock"`,
    );
    expect(calls.map((c) => [c.tool, ...c.args].join(' '))).toEqual([
      'systemctl --user daemon-reload',
      'systemctl --user start vigil-agent.service',
    ]);
    expect(result.commands.every((c) => !c.ok && c.detail.includes('Failed to connect to bus'))).toBe(true);

    const removed = await applyAutostart(planAutostart('remove', linux(home)), { exec: exec as never });
    expect(removed.removed).toEqual([link, unit]);
    expect(existsSync(unit) || existsSync(link)).toBe(false);
    expect(calls.slice(2).map((c) => c.args.join(' '))).toEqual([
      '--user stop vigil-agent.service',
      '--user daemon-reload',
    ]);
    // Removing again is not an error: unenroll always runs it.
    expect((await applyAutostart(planAutostart('remove', linux(home)), { exec: exec as never })).removed).toEqual([]);
  });

  it('quotes paths for systemd and honours XDG_CONFIG_HOME', () => {
    const plan = planAutostart('install', {
      ...linux('/home/ada'),
      configHome: '/home/ada/cfg',
      stateDir: '/home/ada/my state/100%/$vigil',
    });
    expect(plan.write[0]?.path).toBe('/home/ada/cfg/systemd/user/vigil-agent.service');
    expect(plan.write[0]?.content).toContain('"--state-dir" "/home/ada/my state/100%%/$$vigil"');
  });

  it('has the same directives as the packaged user unit (installers/linux), ExecStart aside', () => {
    const packaged = readFileSync(join(installers, 'linux/vigil-agent.user.service'), 'utf8');
    const written = planAutostart('install', linux('/home/ada')).write[0]!.content;
    const withoutExec = (unit: string) => directives(unit).filter((line) => !line.startsWith('ExecStart='));
    expect(withoutExec(written)).toEqual(withoutExec(packaged));
  });
});

describe('autostart on macOS: a LaunchAgent', () => {
  const mac: AutostartContext = {
    platform: 'darwin',
    homeDir: '/Users/ada',
    uid: 501,
    program: { node: '/usr/local/vigil/node/bin/node', script: '/usr/local/vigil/app/bin/vigil.js' },
    stateDir: '/Users/ada/Library/Application Support/Vigil',
    socketPath: '/Users/ada/Library/Application Support/Vigil/status.sock',
  };

  it('writes the plist to ~/Library/LaunchAgents and bootstraps it in the GUI domain', () => {
    const plan = planAutostart('install', mac);
    expect(plan.write[0]?.path).toBe(`/Users/ada/Library/LaunchAgents/${LAUNCH_AGENT_LABEL}.plist`);
    expect(plan.write[0]?.content).toContain('<string>/Users/ada/Library/Application Support/Vigil/agent.log</string>');
    expect(plan.after.map((c) => [c.tool, ...c.args])).toEqual([
      ['launchctl', 'bootstrap', 'gui/501', `/Users/ada/Library/LaunchAgents/${LAUNCH_AGENT_LABEL}.plist`],
    ]);
    expect(planAutostart('remove', mac).before.map((c) => c.args)).toEqual([
      ['bootout', `gui/501/${LAUNCH_AGENT_LABEL}`],
    ]);
  });

  it('has the same keys as the packaged LaunchAgent (installers/macos)', () => {
    const keys = (plist: string) => [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
    const packaged = readFileSync(join(installers, 'macos/dev.vigil.agent.user.plist'), 'utf8');
    expect(keys(planAutostart('install', mac).write[0]!.content)).toEqual(keys(packaged));
    expect(packaged).toContain(`<string>${LAUNCH_AGENT_LABEL}</string>`);
  });
});

describe('autostart on Windows: the per-user Run key, through reg.exe', () => {
  const win: AutostartContext = {
    platform: 'win32',
    homeDir: 'C:\\Users\\Ada Lovelace',
    uid: null,
    program: { node: 'C:\\Program Files\\nodejs\\node.exe', script: 'C:\\Program Files\\Vigil\\app\\bin\\vigil.js' },
    stateDir: 'C:\\Users\\Ada Lovelace\\AppData\\Local\\Vigil',
    socketPath: '\\\\.\\pipe\\vigil-agent-Ada_Lovelace',
  };

  it('runs exactly the recorded reg add / reg delete commands', async () => {
    const { calls, exec } = recordingExec();
    const installed = await applyAutostart(planAutostart('install', win), { exec: exec as never });
    expect(installed.failed).toBe(false);
    const removed = await applyAutostart(planAutostart('remove', win), { exec: exec as never });
    expect(removed.failed).toBe(false);
    expect(calls).toEqual([
      { tool: 'reg', args: fixture('reg-add-run.argv.json') },
      { tool: 'reg', args: fixture('reg-delete-run.argv.json') },
    ]);
  });

  it('fails the install when reg.exe refuses, and writes no file anywhere', async () => {
    const { exec } = recordingExec(1);
    const result = await applyAutostart(planAutostart('install', win), { exec: exec as never });
    expect(result).toMatchObject({ failed: true, wrote: [] });
  });
});

describe('apply', () => {
  it('replaces a stale enable link', async () => {
    const home = tempDir('vigil-home-');
    const { exec } = recordingExec();
    await applyAutostart(planAutostart('install', linux(home)), { exec: exec as never });
    await applyAutostart(planAutostart('install', linux(home)), { exec: exec as never });
    expect(
      lstatSync(join(home, '.config/systemd/user/default.target.wants/vigil-agent.service')).isSymbolicLink(),
    ).toBe(true);
  });
});
