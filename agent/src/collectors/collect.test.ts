import { CHECK_IDS, ObservationsSchema, PLATFORMS, type CheckId, type Observation } from '@vigil/shared';
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
  // Every Linux entry is replaced: os.version by a stub, the others by "not in this test".
  const linux = (check: CheckId) =>
    overrides[check] ??
    (check === 'os.version' ? { collect: async () => version() } : { unsupported: 'not in this test' });
  return Object.fromEntries(
    CHECK_IDS.map((check) => [check, { ...COLLECTORS[check], linux: linux(check) }]),
  ) as unknown as CollectorRegistry;
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
});

describe('registry', () => {
  it('has, for every check on every platform, a collector or an explicit reason', () => {
    for (const check of CHECK_IDS) {
      for (const platform of PLATFORMS) {
        const entry = collectorFor(check, platform);
        if ('collect' in entry) expect(typeof entry.collect, `${check} on ${platform}`).toBe('function');
        else expect(entry.unsupported.length, `${check} on ${platform}`).toBeGreaterThan(10);
      }
    }
    expect(Object.keys(COLLECTORS).sort()).toEqual([...CHECK_IDS].sort());
  });

  it.each(PLATFORMS)('never reports a pass-like value on %s when nothing can be read', async (platform) => {
    // An IO with no recordings: every command and file fails. No check may come back ok with a
    // protective value; the only ok answers allowed are "absent" facts (no TPM).
    const observations = await collectPosture({ platform, io: emptyIO() });
    expect(Object.keys(observations).sort()).toEqual([...CHECK_IDS].sort());
    expect(ObservationsSchema.safeParse(observations).success).toBe(true);
    for (const [check, observation] of Object.entries(observations)) {
      if (observation?.state !== 'ok') continue;
      const value = observation.value as unknown as Record<string, unknown>;
      expect({ check, protective: value.enabled === true || value.present === true }).toEqual({
        check,
        protective: false,
      });
    }
  });
});
