/**
 * A user-mode agent (personal devices) runs without root or administrator rights. What the OS
 * refuses such a user is reported `unsupported` with the reason, never guessed and never an
 * error that looks like a broken check. Which checks that is was measured on this Debian VM:
 * only the kernel firewall rulesets (nft, iptables need CAP_NET_ADMIN); disk encryption is read
 * from sysfs, which every user may read. On Windows, BitLocker and the TPM need administrator.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { windows10DesktopUser } from './__fixtures__/devices/windows-10-desktop-user.js';
import { createReplayIO, type DeviceScenario } from './__fixtures__/replay-io.js';
import { collectPosture } from './collect.js';

const firewallFixture = (name: string) =>
  readFileSync(new URL(`./net-firewall/__fixtures__/${name}`, import.meta.url), 'utf8');

const notRootFirewall: DeviceScenario = {
  name: 'Debian 12, regular user',
  now: '2024-10-07T09:00:00.000Z',
  commands: {
    'nft -j list ruleset': { stderr: firewallFixture('nft.not-root.stderr.txt'), exitCode: 1 },
    'iptables -S': { stderr: firewallFixture('iptables.not-root.stderr.txt'), exitCode: 4 },
    'iptables -V': { stdout: firewallFixture('iptables-V.debian-12.txt') },
    'ip6tables -S': {
      stderr: firewallFixture('iptables.not-root.stderr.txt').replaceAll('iptables', 'ip6tables'),
      exitCode: 4,
    },
    'ufw status verbose': { stdout: firewallFixture('ufw-status.not-root.txt'), exitCode: 1 },
  },
  missingTools: ['firewall-cmd'],
  files: { '/etc/ufw/ufw.conf': firewallFixture('ufw.conf.debian-12.txt') },
  dirs: {},
  stats: {},
};

async function collect(
  scenario: DeviceScenario,
  privileged: boolean,
  only?: Parameters<typeof collectPosture>[0]['only'],
) {
  const { io } = createReplayIO(scenario);
  return collectPosture({ platform: scenario.platform ?? 'linux', io, privileged, ...(only ? { only } : {}) });
}

describe('checks that need privileges, in a user-mode agent', () => {
  it('Linux firewall: unsupported with the reason, instead of an error', async () => {
    const asUser = await collect(notRootFirewall, false, ['net.firewall']);
    expect(asUser['net.firewall']).toMatchObject({
      state: 'unsupported',
      reason: expect.stringMatching(
        /^needs root, and this Vigil agent runs as a regular user \(user-mode agent\): .*you must be root/,
      ),
    });
    // The system agent that lacks the rights has a problem to fix: that stays an error.
    const asSystem = await collect(notRootFirewall, true, ['net.firewall']);
    expect(asSystem['net.firewall']).toMatchObject({ state: 'error', code: 'VIGIL_COLLECT_PERMISSION_DENIED' });
  });

  it('Windows standard user: BitLocker and TPM unsupported with the reason; the rest still read', async () => {
    const observations = await collect(windows10DesktopUser, false);
    for (const check of ['disk.encryption', 'device.tpm'] as const) {
      expect(observations[check]).toMatchObject({
        state: 'unsupported',
        reason: expect.stringMatching(/^needs administrator rights, and this Vigil agent runs as a regular user/),
      });
    }
    expect(observations['boot.secure']?.state).toBe('ok');
    expect(observations['net.firewall']?.state).toBe('ok');
    expect(Object.values(observations).filter((o) => o?.state === 'error')).toEqual([]);
  });
});
