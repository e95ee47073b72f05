import { CHECK_IDS, ObservationsSchema, type Observation } from '@vigil/shared';
import { describe, expect, it } from 'vitest';
import type { ExecOptions } from '../platform/exec.js';
import { createReplayIO } from './__fixtures__/replay-io.js';
import { collectPosture } from './collect.js';
import { COLLECTORS, collectorFor, type CollectorRegistry } from './registry.js';

const NOW = '2024-10-07T09:00:00.000Z';
const emptyIO = () =>
  createReplayIO({ name: 'none', now: NOW, commands: {}, missingTools: [], files: {}, dirs: {}, stats: {} }).io;
const version = (): Observation<'os.version'> => ({
  state: 'ok',
  value: { platform: 'linux', distroId: 'debian', name: 'Debian GNU/Linux', version: '12 (bookworm)' },
  evidence: [{ kind: 'file', source: '/etc/os-release', at: NOW, durationMs: 0 }],
  collectedAt: NOW,
  durationMs: 0,
});

function registry(
  overrides: Partial<{ [C in keyof CollectorRegistry]: CollectorRegistry[C]['linux'] }>,
): CollectorRegistry {
  return {
    'os.version': { ...COLLECTORS['os.version'], linux: overrides['os.version'] ?? { collect: async () => version() } },
    'os.patches': {
      ...COLLECTORS['os.patches'],
      linux: overrides['os.patches'] ?? { unsupported: 'not in this test' },
    },
    'disk.encryption': {
      ...COLLECTORS['disk.encryption'],
      linux: overrides['disk.encryption'] ?? { unsupported: 'not in this test' },
    },
    'net.firewall': {
      ...COLLECTORS['net.firewall'],
      linux: overrides['net.firewall'] ?? { unsupported: 'not in this test' },
    },
  };
}

describe('collectPosture', () => {
  it('turns slow, throwing and malformed collectors into errors without blocking the others', async () => {
    let signal: AbortSignal | undefined;
    const started = Date.now();
    const observations = await collectPosture({
      platform: 'linux',
      timeoutMs: 200,
      io: {
        ...emptyIO(),
        exec: async (_tool, _args, options?: ExecOptions) => {
          signal = options?.signal;
          return new Promise(() => undefined); // a tool that never returns
        },
      },
      registry: registry({
        'os.patches': {
          collect: async (io) => {
            await io.exec('apt-get', ['-s', 'upgrade']);
            throw new Error('unreachable: the tool never returns');
          },
        },
        'disk.encryption': {
          collect: async () => {
            throw new Error('boom');
          },
        },
        // Deliberately malformed: no backends, no evidence.
        'net.firewall': {
          collect: async () =>
            ({
              state: 'ok',
              value: { enabled: true },
              evidence: [],
              collectedAt: NOW,
              durationMs: 0,
            }) as unknown as Observation<'net.firewall'>,
        },
      }),
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(observations['os.version']?.state).toBe('ok');
    expect(observations['os.patches']).toMatchObject({ state: 'error', code: 'VIGIL_COLLECT_TIMEOUT' });
    expect(signal?.aborted).toBe(true); // the stuck process is killed, not left behind
    expect(observations['disk.encryption']).toMatchObject({
      state: 'error',
      code: 'VIGIL_COLLECT_FAILED',
      message: 'disk.encryption: boom',
    });
    expect(observations['net.firewall']).toMatchObject({ state: 'error', code: 'VIGIL_COLLECT_INVALID_OBSERVATION' });
    expect(ObservationsSchema.safeParse(observations).success).toBe(true);
  });

  it("uses the registry entry's budget unless the caller sets one for every check", async () => {
    const slow = {
      collect: () => new Promise<Observation<'os.version'>>((resolve) => setTimeout(() => resolve(version()), 300)),
      timeoutMs: 50,
    };
    const byEntry = await collectPosture({
      platform: 'linux',
      io: emptyIO(),
      only: ['os.version'],
      registry: registry({ 'os.version': slow }),
    });
    expect(byEntry['os.version']).toMatchObject({
      state: 'error',
      code: 'VIGIL_COLLECT_TIMEOUT',
      message: 'os.version: no result within 50 ms',
    });
    const byCaller = await collectPosture({
      platform: 'linux',
      io: emptyIO(),
      only: ['os.version'],
      timeoutMs: 2_000,
      registry: registry({ 'os.version': slow }),
    });
    expect(byCaller['os.version']?.state).toBe('ok');
    expect(collectorFor('os.patches', 'linux')).toMatchObject({ timeoutMs: 30_000 });
  });

  it('collects only the requested checks', async () => {
    const observations = await collectPosture({
      platform: 'linux',
      io: emptyIO(),
      only: ['os.version'],
      registry: registry({}),
    });
    expect(Object.keys(observations)).toEqual(['os.version']);
  });

  it.each(['darwin', 'win32'] as const)(
    'reports every check on %s as unsupported, never as a pass',
    async (platform) => {
      const observations = await collectPosture({ platform, io: emptyIO() });
      expect(Object.keys(observations).sort()).toEqual([...CHECK_IDS].sort());
      for (const observation of Object.values(observations)) {
        expect(observation).toMatchObject({
          state: 'unsupported',
          reason: expect.stringMatching(/not implemented yet/),
        });
      }
    },
  );
});

describe('registry', () => {
  it('has an entry for every check on every platform', () => {
    for (const check of CHECK_IDS) {
      expect('collect' in collectorFor(check, 'linux')).toBe(true);
      expect(collectorFor(check, 'darwin')).toEqual({ unsupported: 'macOS collector not implemented yet' });
      expect(collectorFor(check, 'win32')).toEqual({ unsupported: 'Windows collector not implemented yet' });
    }
  });
});
