import { describe, expect, it } from 'vitest';
import type { CheckId } from '../checks.js';
import { POSTURE_REPORT_SCHEMA_ID, PostureReportSchema, type Observations, type PostureReport } from '../posture.js';
import { DEFAULT_POLICY } from './default-policy.js';
import { evaluatePolicy } from './evaluate.js';
import { parsePolicy } from './load.js';

const AT = '2026-11-29T09:41:00.000Z';
const NOW = new Date(AT);
const evidence = [{ kind: 'command' as const, source: '/usr/bin/true', at: AT, durationMs: 1 }];

function ok<V>(value: V) {
  return { state: 'ok' as const, value, evidence, collectedAt: AT, durationMs: 1 };
}

const HEALTHY: Observations = {
  'os.version': ok({ platform: 'linux' as const, distroId: 'ubuntu', name: 'Ubuntu', version: '24.04.1 LTS' }),
  'os.patches': ok({
    manager: 'apt' as const,
    pendingUpdates: 0,
    pendingSecurityUpdates: 0,
    securityPackages: [],
    lastPatchedAt: '2026-11-28T10:00:00.000Z',
    listsUpdatedAt: '2026-11-29T06:00:00.000Z',
    autoUpdates: true,
    rebootRequired: false,
  }),
  'disk.encryption': ok({
    volumes: [
      {
        mountpoint: '/',
        device: '/dev/mapper/root',
        role: 'filesystem' as const,
        state: 'encrypted' as const,
        method: 'luks2',
        detail: 'dm uuid CRYPT-LUKS2',
      },
    ],
  }),
  'net.firewall': ok({
    enabled: true,
    defaultInbound: 'deny' as const,
    backends: [{ name: 'ufw' as const, active: true, defaultInbound: 'deny' as const, detail: 'Status: active' }],
  }),
  'os.auto_updates': ok({
    enabled: true,
    mechanism: 'unattended-upgrades' as const,
    pausedUntil: null,
    managed: false,
    detail: 'on',
  }),
  'screen.lock': ok({
    enabled: true,
    idleSeconds: 300,
    lockDelaySeconds: 0,
    source: 'gnome' as const,
    detail: 'lock-enabled true',
  }),
  'boot.secure': ok({ enabled: true, setupMode: false, level: null, detail: 'SecureBoot=1' }),
  'device.tpm': ok({ present: true, kind: 'tpm' as const, version: '2.0', ready: null, detail: 'tpm0' }),
  'av.enabled': { state: 'unsupported' as const, reason: 'no known antivirus agent found', collectedAt: AT },
  'agent.integrity': ok({
    version: '0.1.0',
    sha256: 'a'.repeat(64),
    algorithm: 'sha256-manifest-v1' as const,
    files: 42,
  }),
};

function report(
  overrides: Partial<Observations> = {},
  platform: 'linux' | 'darwin' | 'win32' = 'linux',
): PostureReport {
  return PostureReportSchema.parse({
    schema: POSTURE_REPORT_SCHEMA_ID,
    device: { platform, arch: 'x64', ownership: 'managed' },
    agent: { name: 'vigil', version: '0.1.0' },
    collectedAt: AT,
    observations: { ...HEALTHY, ...overrides },
  });
}

const resultOf = (verdict: ReturnType<typeof evaluatePolicy>, check: CheckId) =>
  verdict.checks.find((c) => c.check === check);

describe('evaluatePolicy', () => {
  it('is compliant when every check passes', () => {
    const verdict = evaluatePolicy(report(), DEFAULT_POLICY, { now: NOW });
    expect(verdict.status).toBe('compliant');
    expect(verdict.enforcement.action).toBe('allow');
    expect(verdict.checks.map((c) => c.result)).toEqual(Array.from({ length: 10 }, () => 'pass'));
    expect(resultOf(verdict, 'av.enabled')?.reason).toMatch(/^not applicable: /);
    expect(verdict.checks.every((c) => c.remediation === undefined)).toBe(true);
  });

  it('never turns an error, an unsupported check or a missing check into a pass', () => {
    const verdict = evaluatePolicy(
      report({
        'disk.encryption': { state: 'error', code: 'VIGIL_EXEC_TIMEOUT', message: 'lsblk timed out', collectedAt: AT },
        'net.firewall': { state: 'unsupported', reason: 'no firewall API on this platform', collectedAt: AT },
        'os.patches': undefined,
      }),
      DEFAULT_POLICY,
      { now: NOW },
    );
    expect(verdict.status).toBe('unknown');
    expect(verdict.enforcement.action).toBe('block');
    expect(resultOf(verdict, 'disk.encryption')).toMatchObject({ result: 'unknown', observed: 'error' });
    expect(resultOf(verdict, 'net.firewall')).toMatchObject({ result: 'unknown', observed: 'unsupported' });
    expect(resultOf(verdict, 'os.patches')).toMatchObject({ result: 'unknown', observed: 'missing' });
  });

  it('judges this kind of machine noncompliant, each reason right and with remediation', () => {
    const verdict = evaluatePolicy(
      report({
        'os.version': ok({
          platform: 'linux' as const,
          distroId: 'debian',
          name: 'Debian GNU/Linux',
          version: '12 (bookworm)',
        }),
        'os.patches': ok({
          ...(HEALTHY['os.patches'] as { value: object }).value,
          pendingUpdates: 120,
          pendingSecurityUpdates: 31,
          securityPackages: ['libc6', 'openssl'],
        } as never),
        'disk.encryption': ok({
          volumes: [
            {
              mountpoint: '/',
              device: '/dev/vda',
              role: 'filesystem' as const,
              state: 'unencrypted' as const,
              detail: 'no device-mapper parent',
            },
          ],
        }),
        'net.firewall': ok({
          enabled: false,
          defaultInbound: 'allow' as const,
          backends: [
            { name: 'nftables' as const, active: false, defaultInbound: 'allow' as const, detail: 'empty ruleset' },
          ],
        }),
      }),
      DEFAULT_POLICY,
      { now: NOW },
    );
    expect(verdict.status).toBe('noncompliant');
    expect(resultOf(verdict, 'os.version')).toMatchObject({ result: 'warn' });
    expect(resultOf(verdict, 'os.patches')?.reason).toContain(
      '31 security update(s) pending (allowed: 0): libc6, openssl',
    );
    expect(resultOf(verdict, 'disk.encryption')).toMatchObject({ result: 'fail', reason: 'not encrypted: /' });
    expect(resultOf(verdict, 'net.firewall')?.reason).toContain('no firewall is filtering incoming traffic');
    expect(resultOf(verdict, 'net.firewall')?.remediation).toContain('ufw enable');
  });

  it('applies version rules per platform and distro, with the nudge band', () => {
    const linux = (version: string, distroId = 'ubuntu') =>
      resultOf(
        evaluatePolicy(
          report({ 'os.version': ok({ platform: 'linux' as const, distroId, name: distroId, version }) }),
          DEFAULT_POLICY,
          { now: NOW },
        ),
        'os.version',
      )?.result;
    expect(linux('22.04.4 LTS')).toBe('warn');
    expect(linux('20.04.6 LTS')).toBe('fail');
    expect(linux('24.04')).toBe('pass');
    expect(linux('1.0', 'mystery-os')).toBe('unknown');

    const policy = parsePolicy(
      'id: t\nchecks:\n  os.version:\n    requirement: always\n    rules:\n      linux: { ubuntu: { minimum: "22.04.4" } }\n      darwin: { minimum: "14.4.1 (a)" }\n      win32: { minimum: "10.0.22631.4460" }\n',
    );
    const judge = (value: object, platform: 'linux' | 'darwin' | 'win32') =>
      resultOf(
        evaluatePolicy(report({ 'os.version': ok(value) } as Partial<Observations>, platform), policy, { now: NOW }),
        'os.version',
      )?.result;
    expect(judge({ platform: 'linux', distroId: 'ubuntu', name: 'Ubuntu', version: '22.04' }, 'linux')).toBe('fail');
    expect(judge({ platform: 'darwin', distroId: 'macos', name: 'macOS', version: '14.4.1' }, 'darwin')).toBe('fail');
    expect(judge({ platform: 'darwin', distroId: 'macos', name: 'macOS', version: '14.4.1 (a)' }, 'darwin')).toBe(
      'pass',
    );
    expect(
      judge(
        { platform: 'win32', distroId: 'windows', name: 'Windows 11', version: '23H2', build: '10.0.22631.4317' },
        'win32',
      ),
    ).toBe('fail');
    expect(
      judge(
        { platform: 'win32', distroId: 'windows', name: 'Windows 11', version: '23H2', build: '10.0.22631.4460' },
        'win32',
      ),
    ).toBe('pass');
  });

  it('maps requirements: suggested warns, if_supported accepts unsupported, never inverts', () => {
    const unencrypted = ok({
      volumes: [
        {
          mountpoint: '/',
          device: '/dev/sda1',
          role: 'filesystem' as const,
          state: 'unencrypted' as const,
          detail: '',
        },
      ],
    });
    const withRequirement = (requirement: string, observations: Partial<Observations>) =>
      resultOf(
        evaluatePolicy(
          report(observations),
          parsePolicy(`id: t\nchecks:\n  disk.encryption: { requirement: ${requirement} }\n`),
          { now: NOW },
        ),
        'disk.encryption',
      );
    expect(withRequirement('suggested', { 'disk.encryption': unencrypted })?.result).toBe('warn');
    expect(withRequirement('never', { 'disk.encryption': unencrypted })?.result).toBe('pass');
    expect(withRequirement('never', {})?.result).toBe('fail');
    const unsupported = { 'disk.encryption': { state: 'unsupported' as const, reason: 'no API', collectedAt: AT } };
    expect(withRequirement('if_supported', unsupported)?.result).toBe('pass');
    expect(withRequirement('always', unsupported)?.result).toBe('unknown');
    const error = { 'disk.encryption': { state: 'error' as const, code: 'VIGIL_X', message: 'boom', collectedAt: AT } };
    expect(withRequirement('if_supported', error)?.result).toBe('unknown');
  });

  it('treats transitional encryption states as not passing', () => {
    const volumes = (state: 'encrypting' | 'decrypting') =>
      ok({
        volumes: [
          { mountpoint: '/', device: 'disk3s1', role: 'filesystem' as const, state, percent: 42.5, detail: '' },
        ],
      });
    expect(
      resultOf(
        evaluatePolicy(report({ 'disk.encryption': volumes('encrypting') }), DEFAULT_POLICY, { now: NOW }),
        'disk.encryption',
      )?.result,
    ).toBe('warn');
    expect(
      resultOf(
        evaluatePolicy(report({ 'disk.encryption': volumes('decrypting') }), DEFAULT_POLICY, { now: NOW }),
        'disk.encryption',
      )?.result,
    ).toBe('fail');
  });

  it('gives a grace period with a deadline under warn-then-block, then blocks', () => {
    const policy = parsePolicy(
      'id: t\nenforcement: { mode: warn-then-block, graceDays: 3 }\nchecks:\n  net.firewall: { requirement: always }\n',
    );
    const off = { 'net.firewall': ok({ enabled: false, defaultInbound: 'allow' as const, backends: [] }) };
    const fresh = evaluatePolicy(report(off), policy, {
      now: NOW,
      firstFailedAt: { 'net.firewall': '2026-11-28T09:41:00.000Z' },
    });
    expect(fresh.status).toBe('warning');
    expect(fresh.enforcement.action).toBe('warn');
    expect(fresh.deadline).toBe('2026-12-01T09:41:00.000Z');
    const late = evaluatePolicy(report(off), policy, {
      now: NOW,
      firstFailedAt: { 'net.firewall': '2026-11-20T00:00:00.000Z' },
    });
    expect(late.status).toBe('noncompliant');
    expect(late.enforcement.action).toBe('block');
  });

  it('flags stale package lists and old patches', () => {
    const patches = (changes: object) => ok({ ...(HEALTHY['os.patches'] as { value: object }).value, ...changes });
    const judge = (changes: object) =>
      resultOf(
        evaluatePolicy(report({ 'os.patches': patches(changes) } as Partial<Observations>), DEFAULT_POLICY, {
          now: NOW,
        }),
        'os.patches',
      );
    expect(judge({ listsUpdatedAt: '2026-10-01T00:00:00.000Z' })?.result).toBe('warn');
    expect(judge({ lastPatchedAt: '2026-08-01T00:00:00.000Z' })?.result).toBe('fail');
    expect(judge({ lastPatchedAt: null })?.result).toBe('unknown');
    expect(judge({ pendingSecurityUpdates: null })?.result).toBe('unknown');
  });

  it('is unknown, not compliant, when the policy evaluates nothing', () => {
    expect(evaluatePolicy(report(), parsePolicy('id: empty\nchecks: {}\n'), { now: NOW }).status).toBe('unknown');
  });
});
