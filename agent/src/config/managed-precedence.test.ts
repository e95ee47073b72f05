/**
 * The same enforced configuration in each OS's managed format (Linux JSON, macOS plist XML and
 * binary, Windows registry) beats the local config file, is marked as managed, and a broken
 * managed source stops the agent with a message naming it.
 */
import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ExecOutcome } from '../platform/exec.js';
import { tempDir } from '../test-support/fixtures.js';
import { ConfigError } from './errors.js';
import { jsonFileSource, type ManagedConfigSource } from './managed.js';
import { managedPreferencesSource } from './managed-darwin.js';
import { registryPolicySource } from './managed-win32.js';
import { resolveConfig } from './resolve.js';

const fixture = (name: string) => fileURLToPath(new URL(`./__fixtures__/managed/${name}`, import.meta.url));
const uid = process.getuid?.() ?? 0;
const host = { platform: 'linux' as const, uid: 1000, homeDir: '/home/ada' };

function plistCopy(name: string): string {
  const path = join(tempDir(), name);
  copyFileSync(fixture(name), path);
  chmodSync(path, 0o644);
  return path;
}
function regReplay(stdout: string): ManagedConfigSource {
  return registryPolicySource(async (): Promise<ExecOutcome> => ({
    ok: true,
    command: 'reg',
    stdout,
    stderr: '',
    exitCode: 0,
    durationMs: 1,
  }));
}

const FORMATS: [string, () => ManagedConfigSource][] = [
  ['linux managed.json', () => jsonFileSource(fixture('managed.json'))],
  [
    'macOS plist (XML)',
    () => managedPreferencesSource({ path: plistCopy('darwin-managed.xml.plist'), expectedUid: uid }),
  ],
  [
    'macOS plist (binary)',
    () => managedPreferencesSource({ path: plistCopy('darwin-managed.binary.plist'), expectedUid: uid }),
  ],
  ['Windows registry', () => regReplay(readFileSync(fixture('win32-reg-query.txt'), 'utf8'))],
];
const MANAGED_KEYS = [
  'checks',
  'intervalMinutes',
  'ownership',
  'push.timeoutMs',
  'serverUrl',
  'tray.allowHideWhenHealthy',
];

/** A local config file (what a local admin or a user-level agent could edit) that disagrees. */
function localFile(): string {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      serverUrl: 'https://attacker.example',
      intervalMinutes: 1440,
      ownership: 'managed',
      checks: ['os.version'],
      push: { timeoutMs: 1000, retries: 0 },
      tray: { allowHideWhenHealthy: false },
      jitterSeconds: 5,
    }),
  );
  return dir;
}

describe.each(FORMATS)('managed configuration from %s', (_label, source) => {
  it('beats the local config file and is reported as managed', async () => {
    const config = await resolveConfig({ env: {}, flags: { stateDir: localFile() }, host, managedSources: [source()] });
    expect(config).toMatchObject({
      serverUrl: 'https://vigil.example.com',
      intervalMinutes: 10,
      ownership: 'personal',
      checks: ['os.version', 'disk.encryption'],
      push: { timeoutMs: 20000, retries: 0 },
      tray: { allowHideWhenHealthy: true },
      jitterSeconds: 5,
    });
    expect(config.managedKeys).toEqual(MANAGED_KEYS);
    expect(config.origins).toMatchObject({
      serverUrl: 'managed',
      'push.timeoutMs': 'managed',
      'push.retries': 'file',
      jitterSeconds: 'file',
    });
  });

  // The issue requires that the user cannot override managed settings: managed has the last word.
  it('cannot be overridden by VIGIL_* variables or flags', async () => {
    const config = await resolveConfig({
      env: { VIGIL_SERVER_URL: 'https://attacker.example', VIGIL_INTERVAL_MINUTES: '1440' },
      flags: { stateDir: tempDir(), ownership: 'managed' },
      host,
      managedSources: [source()],
    });
    expect(config).toMatchObject({
      serverUrl: 'https://vigil.example.com',
      intervalMinutes: 10,
      ownership: 'personal',
    });
  });
});

describe('a broken managed source', () => {
  it('stops configuration with every problem, naming the source', async () => {
    const dir = tempDir();
    const plist = join(dir, 'dev.vigil.agent.plist');
    writeFileSync(
      plist,
      '<plist><dict><key>intervalMinutes</key><string>10</string><key>colour</key><true/></dict></plist>',
      { mode: 0o644 },
    );
    const reg = regReplay(readFileSync(fixture('win32-reg-query-typos.txt'), 'utf8'));
    const error = await resolveConfig({
      env: {},
      flags: { stateDir: dir },
      host,
      managedSources: [managedPreferencesSource({ path: plist, expectedUid: uid }), reg],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain(`${plist}: intervalMinutes:`);
    expect(problems).toContain('colour');
    expect(problems).toContain('HKLM\\SOFTWARE\\Policies\\Vigil: jitterSeconds:');
    expect(problems).toContain('intervalMinuts');
    expect(problems).toContain('push\\extra');
  });
});
