import { describe, expect, it } from 'vitest';
import type { CheckId } from '../../checks.js';
import { POSTURE_REPORT_SCHEMA_ID, PostureReportSchema, type Observations } from '../../posture.js';
import { DEFAULT_POLICY } from '../default-policy.js';
import { evaluatePolicy } from '../evaluate.js';
import { parsePolicy } from '../load.js';

const AT = '2026-11-29T09:41:00.000Z';
const NOW = new Date(AT);
const evidence = [{ kind: 'file' as const, source: '/sys/firmware/efi', at: AT, durationMs: 0 }];
const ok = <V>(value: V) => ({ state: 'ok' as const, value, evidence, collectedAt: AT, durationMs: 0 });
const unsupported = (reason: string) => ({ state: 'unsupported' as const, reason, collectedAt: AT });

function judge(
  check: CheckId,
  observation: unknown,
  policy = DEFAULT_POLICY,
  platform: 'linux' | 'darwin' | 'win32' = 'linux',
) {
  const report = PostureReportSchema.parse({
    schema: POSTURE_REPORT_SCHEMA_ID,
    device: { platform, arch: 'x64', ownership: 'managed' },
    agent: { name: 'vigil', version: '0.1.0' },
    collectedAt: AT,
    observations: { [check]: observation } as Observations,
  });
  const verdict = evaluatePolicy(report, policy, { now: NOW }).checks.find((c) => c.check === check);
  if (!verdict) throw new Error(`${check} not judged`);
  return verdict;
}

describe('disk.encryption exclusions and suspended volumes', () => {
  const volume = (mountpoint: string, state: string, extra: object = {}) => ({
    mountpoint,
    device: `/dev/${mountpoint}`,
    role: 'filesystem',
    state,
    detail: '',
    ...extra,
  });
  it('skips /boot and the EFI partition by default and says so', () => {
    const verdict = judge(
      'disk.encryption',
      ok({ volumes: [volume('/', 'encrypted'), volume('/boot', 'unencrypted'), volume('/boot/efi', 'unencrypted')] }),
    );
    expect(verdict).toMatchObject({
      result: 'pass',
      reason: 'all 1 volume(s) encrypted: /; not judged: /boot, /boot/efi',
    });
  });
  it('judges everything when the policy excludes nothing', () => {
    const policy = parsePolicy('id: t\nchecks:\n  disk.encryption: { requirement: always, excludeMountpoints: [] }\n');
    expect(
      judge('disk.encryption', ok({ volumes: [volume('/', 'encrypted'), volume('/boot', 'unencrypted')] }), policy),
    ).toMatchObject({
      result: 'fail',
      reason: 'not encrypted: /boot',
    });
  });
  it('is unknown when only excluded volumes were found', () => {
    expect(judge('disk.encryption', ok({ volumes: [volume('/boot', 'unencrypted')] })).result).toBe('unknown');
  });
  it('fails BitLocker that is suspended or waiting for activation, and never passes a transition', () => {
    expect(
      judge('disk.encryption', ok({ volumes: [volume('C:', 'suspended')] }), DEFAULT_POLICY, 'win32').reason,
    ).toContain('key stored unprotected: C:');
    expect(judge('disk.encryption', ok({ volumes: [volume('C:', 'encrypting', { percent: 42.5 })] })).result).toBe(
      'warn',
    );
    expect(judge('disk.encryption', ok({ volumes: [volume('C:', 'decrypting', { percent: 3 })] })).result).toBe('fail');
  });
});

describe('net.firewall on Windows', () => {
  it('fails when one profile is off and names it', () => {
    const profile = (name: string, active: boolean) => ({
      name: 'windows-firewall',
      active,
      defaultInbound: active ? 'deny' : 'allow',
      detail: `${name} profile: ${active ? 'on' : 'off'}`,
    });
    const verdict = judge(
      'net.firewall',
      ok({
        enabled: false,
        defaultInbound: 'allow',
        backends: [profile('Domain', true), profile('Private', true), profile('Public', false)],
      }),
      DEFAULT_POLICY,
      'win32',
    );
    expect(verdict).toMatchObject({ result: 'fail', reason: 'the firewall is not on everywhere: Public profile: off' });
  });
});

describe('boot.secure', () => {
  it('is not applicable (never a false pass or an unfixable fail) on a BIOS boot under if_supported', () => {
    const verdict = judge('boot.secure', unsupported('booted in legacy BIOS mode: Secure Boot does not exist here'));
    expect(verdict).toMatchObject({ result: 'pass', observed: 'unsupported' });
    expect(verdict.reason).toMatch(/^not applicable: .*legacy BIOS/);
  });
  it('fails when off or in setup mode, and never passes an unreadable UEFI machine', () => {
    expect(
      judge('boot.secure', ok({ enabled: false, setupMode: false, level: null, detail: 'SecureBoot=0' })),
    ).toMatchObject({ result: 'fail' });
    expect(judge('boot.secure', ok({ enabled: true, setupMode: true, level: null, detail: '' })).result).toBe('fail');
    const error = {
      state: 'error',
      code: 'VIGIL_COLLECT_EFIVARS_UNREADABLE',
      message: 'efivarfs not mounted',
      collectedAt: AT,
    };
    expect(judge('boot.secure', error).result).toBe('unknown');
  });
  it('warns on reduced Apple security and passes full security', () => {
    expect(
      judge(
        'boot.secure',
        ok({ enabled: true, setupMode: null, level: 'reduced', detail: '' }),
        DEFAULT_POLICY,
        'darwin',
      ).result,
    ).toBe('warn');
    expect(
      judge('boot.secure', ok({ enabled: true, setupMode: null, level: 'full', detail: '' }), DEFAULT_POLICY, 'darwin')
        .result,
    ).toBe('pass');
  });
});

describe('device.tpm', () => {
  const tpm = (present: boolean, version: string | null, ready: boolean | null = null) =>
    ok({ present, kind: 'tpm', version, ready, detail: 'x' });
  it('suggests a TPM 2.0: absent or old warns under the default policy', () => {
    expect(judge('device.tpm', tpm(false, null))).toMatchObject({
      result: 'warn',
      reason: 'suggested: no TPM found: x',
    });
    expect(judge('device.tpm', tpm(true, '1.2')).reason).toContain('older than the required 2.0');
    expect(judge('device.tpm', tpm(true, '2.0', true)).result).toBe('pass');
  });
  it('fails under always, and accepts a Secure Enclave', () => {
    const policy = parsePolicy('id: t\nchecks:\n  device.tpm: { requirement: always }\n');
    expect(judge('device.tpm', tpm(false, null), policy).result).toBe('fail');
    expect(judge('device.tpm', tpm(true, '2.0', false), policy).result).toBe('warn');
    expect(
      judge(
        'device.tpm',
        ok({ present: true, kind: 'secure-enclave', version: null, ready: null, detail: 'Apple M2' }),
        policy,
        'darwin',
      ).result,
    ).toBe('pass');
  });
});

describe('screen.lock', () => {
  const lock = (enabled: boolean, idleSeconds: number | null, lockDelaySeconds: number | null) =>
    ok({ enabled, idleSeconds, lockDelaySeconds, source: 'gnome', detail: 'd' });
  // The default policy only suggests a screen lock (the root daemon has no session); judge strictly here.
  const always = parsePolicy('id: t\nchecks:\n  screen.lock: { requirement: always, maxDelaySeconds: 900 }\n');
  const judgeStrict = (check: 'screen.lock', observation: unknown) => judge(check, observation, always);
  it('only suggests a screen lock by default, so a root daemon is not blocked for lack of a session', () => {
    const error = { state: 'error', code: 'VIGIL_COLLECT_NO_USER_SESSION', message: 'no session bus', collectedAt: AT };
    expect(judge('screen.lock', error).result).toBe('warn');
  });
  it('judges idle time plus lock delay against the maximum', () => {
    expect(judgeStrict('screen.lock', lock(true, 300, 0)).result).toBe('pass');
    expect(judgeStrict('screen.lock', lock(true, 900, 30))).toMatchObject({
      result: 'fail',
      reason: expect.stringContaining('after 930 s'),
    });
    expect(judgeStrict('screen.lock', lock(false, 300, 0)).result).toBe('fail');
  });
  it('never passes on a partly known delay', () => {
    expect(judgeStrict('screen.lock', lock(true, null, 0)).result).toBe('warn');
    expect(judgeStrict('screen.lock', lock(true, null, 3600)).result).toBe('fail');
  });
  it('is unknown, not a pass, when there is no user session', () => {
    const error = { state: 'error', code: 'VIGIL_COLLECT_NO_USER_SESSION', message: 'no session bus', collectedAt: AT };
    expect(judgeStrict('screen.lock', error).result).toBe('unknown');
  });
});

describe('os.auto_updates', () => {
  const updates = (enabled: boolean, pausedUntil: string | null = null) =>
    ok({ enabled, mechanism: 'windows-update', pausedUntil, managed: null, detail: 'AUOptions 4' });
  it('suggests automatic updates; a running pause warns, an expired one does not', () => {
    expect(judge('os.auto_updates', updates(false)).result).toBe('warn');
    const always = parsePolicy('id: t\nchecks:\n  os.auto_updates: { requirement: always }\n');
    expect(judge('os.auto_updates', updates(false), always).result).toBe('fail');
    expect(judge('os.auto_updates', updates(true, '2026-12-05T00:00:00Z'), always).result).toBe('warn');
    expect(judge('os.auto_updates', updates(true, '2026-11-01T00:00:00Z'), always).result).toBe('pass');
    const strict = parsePolicy('id: t\nchecks:\n  os.auto_updates: { requirement: always, failWhenPaused: true }\n');
    expect(judge('os.auto_updates', updates(true, '2026-12-05T00:00:00Z'), strict).result).toBe('fail');
  });
});

describe('av.enabled', () => {
  const product = (name: string, enabled: boolean | null, realTime: boolean | null, upToDate: boolean | null) => ({
    name,
    enabled,
    realTime,
    upToDate,
    detail: 'd',
  });
  it('requires a running product with real-time protection, and warns on old signatures', () => {
    expect(
      judge('av.enabled', ok({ enabled: true, products: [product('Microsoft Defender Antivirus', true, true, true)] }))
        .result,
    ).toBe('pass');
    expect(
      judge('av.enabled', ok({ enabled: true, products: [product('Microsoft Defender Antivirus', true, false, true)] }))
        .result,
    ).toBe('fail');
    expect(
      judge('av.enabled', ok({ enabled: true, products: [product('Microsoft Defender Antivirus', true, true, false)] }))
        .result,
    ).toBe('warn');
    expect(judge('av.enabled', ok({ enabled: false, products: [product('ClamAV', false, null, null)] })).result).toBe(
      'fail',
    );
  });
  it('is not applicable on Linux without a known agent', () => {
    expect(judge('av.enabled', unsupported('no known antivirus agent found')).result).toBe('pass');
  });
});

describe('agent.integrity', () => {
  const agent = (version: string, sha256: string) =>
    ok({ version, sha256, algorithm: 'sha256-manifest-v1', files: 10 });
  it('reports by default and enforces a minimum version and expected hashes when set', () => {
    expect(judge('agent.integrity', agent('0.1.0', 'b'.repeat(64))).result).toBe('pass');
    const policy = parsePolicy(
      `id: t\nchecks:\n  agent.integrity:\n    requirement: always\n    minimumVersion: "0.2.0"\n    expectedSha256: ["${'c'.repeat(64)}"]\n`,
    );
    expect(judge('agent.integrity', agent('0.1.0', 'c'.repeat(64)), policy).reason).toContain(
      'older than the required 0.2.0',
    );
    expect(judge('agent.integrity', agent('0.2.0', 'b'.repeat(64)), policy).result).toBe('fail');
    expect(judge('agent.integrity', agent('0.2.1', 'c'.repeat(64)), policy).result).toBe('pass');
  });
  it('rejects a malformed expected hash in the policy', () => {
    expect(() =>
      parsePolicy('id: t\nchecks:\n  agent.integrity: { requirement: always, expectedSha256: ["ABC"] }\n'),
    ).toThrow(/schema/);
  });
});
