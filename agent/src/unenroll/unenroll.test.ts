import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PushError } from '../push/errors.js';
import { tempDir, testIdentity } from '../test-support/fixtures.js';
import { unenroll, type UnenrollDeps } from './unenroll.js';
import { wipeLocalState } from './wipe.js';

function stateDir(extra: string[] = []): string {
  const dir = join(tempDir('vigil-unenroll-'), 'state');
  mkdirSync(join(dir, 'identity'), { recursive: true });
  for (const name of [
    'identity/identity.json',
    'identity/device-1.key',
    'cache.db',
    'cache.db-wal',
    'consent.json',
    'probes.json',
    'probes.json.0123abcd.tmp',
    'config.json',
    'agent.log',
    '.0123456789ab.tmp',
    ...extra,
  ])
    writeFileSync(join(dir, name), 'x');
  return dir;
}

function deps(dir: string, service: () => Promise<void>): UnenrollDeps & { autostartRemoved: number } {
  const d = {
    autostartRemoved: 0,
    stateDir: dir,
    socketPath: join(dir, 'status.sock'),
    loadIdentity: async () => testIdentity(),
    tellService: service,
    removeAutostart: async () => {
      d.autostartRemoved++;
      return null;
    },
    daemonAnswers: async () => false,
  };
  return d;
}

describe('vigil unenroll', () => {
  it('service told: removes keys, certificates, cache, consent, state and the directory', async () => {
    const dir = stateDir();
    const d = deps(dir, async () => undefined);
    const result = await unenroll(d, { force: false });
    expect(result).toMatchObject({ service: 'retired', done: true, kept: [], agentStillRunning: false });
    expect(d.autostartRemoved).toBe(1);
    expect(existsSync(dir)).toBe(false);
  });

  it('service unreachable: deletes nothing without --force, everything with it', async () => {
    const dir = stateDir();
    const down = async () => {
      throw new PushError('VIGIL_PUSH_UNREACHABLE', 'down');
    };
    const refused = await unenroll(deps(dir, down), { force: false });
    expect(refused).toMatchObject({
      done: false,
      service: 'not-told',
      serviceError: { code: 'VIGIL_PUSH_UNREACHABLE' },
    });
    expect(readdirSync(join(dir, 'identity'))).toContain('device-1.key');
    const forced = await unenroll(deps(dir, down), { force: true });
    expect(forced).toMatchObject({ done: true, service: 'not-told' });
    expect(existsSync(dir)).toBe(false);
  });

  it('a device the service already retired counts as told; a refusal for another reason does not', async () => {
    const retired = async () => {
      throw new PushError('VIGIL_PUSH_UNAUTHORIZED', 'HTTP 403', {
        status: 403,
        serviceCode: 'VIGIL_AUTH_DEVICE_RETIRED',
      });
    };
    expect(await unenroll(deps(stateDir(), retired), { force: false })).toMatchObject({
      service: 'already-retired',
      done: true,
    });
    const banned = async () => {
      throw new PushError('VIGIL_PUSH_UNAUTHORIZED', 'HTTP 403', {
        status: 403,
        serviceCode: 'VIGIL_AUTH_DEVICE_BANNED',
      });
    };
    expect(await unenroll(deps(stateDir(), banned), { force: false })).toMatchObject({
      done: false,
      serviceError: { code: 'VIGIL_AUTH_DEVICE_BANNED' },
    });
  });

  it('not enrolled: nothing to tell, local files still go', async () => {
    const dir = stateDir();
    const d = deps(dir, async () => {
      throw new Error('must not be called');
    });
    d.loadIdentity = async () => {
      throw Object.assign(new Error('not enrolled'), { code: 'VIGIL_IDENTITY_NOT_ENROLLED' });
    };
    expect(await unenroll(d, { force: false })).toMatchObject({ service: 'not-enrolled', done: true });
    expect(existsSync(dir)).toBe(false);
  });

  it('waits for a running agent to stop, and says so when it does not', async () => {
    let answers = 3;
    const d = deps(stateDir(), async () => undefined);
    d.daemonAnswers = async () => answers-- > 0;
    d.sleep = async () => undefined;
    expect((await unenroll(d, { force: false })).agentStillRunning).toBe(false);
    expect(answers).toBe(-1);
  });
});

describe('wipeLocalState', () => {
  it('never deletes what Vigil did not write', async () => {
    const dir = stateDir(['notes.txt']);
    mkdirSync(join(dir, 'photos'));
    const result = await wipeLocalState({ stateDir: dir, socketPath: join(dir, 'status.sock') });
    expect(result.kept.sort()).toEqual([join(dir, 'notes.txt'), join(dir, 'photos')]);
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'photos']);
  });

  it('removes a runtime-dir socket and its vigil directory', async () => {
    const dir = stateDir();
    const runtime = join(tempDir(), 'run', 'vigil');
    mkdirSync(runtime, { recursive: true });
    writeFileSync(join(runtime, 'status.sock'), '');
    const result = await wipeLocalState({ stateDir: dir, socketPath: join(runtime, 'status.sock') });
    expect(result.removed).toContain(runtime);
    expect(existsSync(runtime)).toBe(false);
  });
});
