import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ToolName } from '../../platform/exec.js';
import { createReplayIO, type DeviceScenario } from '../__fixtures__/replay-io.js';
import { collectNetFirewallLinux, combineInbound } from './linux.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const NOT_FOUND = { error: 'VIGIL_IO_NOT_FOUND' } as const;

function scenario(
  commands: DeviceScenario['commands'],
  missingTools: ToolName[],
  files: DeviceScenario['files'] = {},
): DeviceScenario {
  return { name: 'fw', now: '2024-10-07T09:00:00.000Z', commands, missingTools, files, dirs: {}, stats: {} };
}

async function collect(s: DeviceScenario) {
  const { io, unexpected } = createReplayIO(s);
  const observation = await collectNetFirewallLinux(io);
  expect(unexpected).toEqual([]);
  return observation;
}

describe('collectNetFirewallLinux', () => {
  it('sees ufw on legacy iptables although the nft ruleset is empty (real outputs)', async () => {
    const observation = await collect(
      scenario(
        {
          'nft -j list ruleset': { stdout: fixture('nft.debian-12-empty.json') },
          'iptables -S': { stdout: fixture('iptables.ufw-legacy.txt') },
          'iptables -V': { stdout: fixture('iptables-V.legacy.txt') },
          'ufw status verbose': { stdout: fixture('ufw-status.active-legacy.txt') },
        },
        ['ip6tables', 'firewall-cmd'],
      ),
    );
    expect(observation).toMatchObject({ state: 'ok', value: { enabled: true, defaultInbound: 'deny' } });
    if (observation.state === 'ok') {
      expect(observation.value.backends.map((b) => [b.name, b.active])).toEqual([
        ['nftables', false],
        ['iptables', true],
        ['ufw', true],
      ]);
      expect(observation.value.backends[1]?.detail).toMatch(/^\(legacy\) /);
    }
  });

  it('is an error, never a pass, when no firewall tool exists', async () => {
    const observation = await collect(
      scenario({}, ['nft', 'iptables', 'ip6tables', 'ufw', 'firewall-cmd'], { '/etc/ufw/ufw.conf': NOT_FOUND }),
    );
    expect(observation).toMatchObject({ state: 'error', code: 'VIGIL_COLLECT_NO_FIREWALL_TOOL' });
  });

  it('does not conclude "disabled" when a backend could not be read (real non-root errors)', async () => {
    const observation = await collect(
      scenario(
        {
          'nft -j list ruleset': { stderr: fixture('nft.not-root.stderr.txt'), exitCode: 1 },
          'iptables -S': { stderr: fixture('iptables.not-root.stderr.txt'), exitCode: 4 },
          'iptables -V': { stdout: fixture('iptables-V.debian-12.txt') },
          'ufw status verbose': { stdout: fixture('ufw-status.not-root.txt'), exitCode: 1 },
        },
        ['ip6tables', 'firewall-cmd'],
        { '/etc/ufw/ufw.conf': fixture('ufw.conf.debian-12.txt') },
      ),
    );
    // Every failure is the kernel refusing a non-root reader: a permission problem, said so.
    expect(observation).toMatchObject({ state: 'error', code: 'VIGIL_COLLECT_PERMISSION_DENIED' });
    if (observation.state === 'error') expect(observation.evidence?.length).toBeGreaterThan(0);
  });

  it('trusts ufw.conf only when the kernel ruleset cannot contradict it', async () => {
    const ufwFromConfig = {
      'ufw status verbose': { stdout: fixture('ufw-status.not-root.txt'), exitCode: 1 },
    };
    const files = {
      '/etc/ufw/ufw.conf': fixture('ufw.conf.enabled.txt'),
      '/etc/default/ufw': fixture('default-ufw.debian-12.txt'),
    };
    const loaded = await collect(scenario(ufwFromConfig, ['nft', 'iptables', 'ip6tables', 'firewall-cmd'], files));
    expect(loaded).toMatchObject({
      state: 'ok',
      value: { enabled: true, defaultInbound: 'deny', backends: [{ name: 'ufw', active: true }] },
    });

    const contradicted = await collect(
      scenario(
        { ...ufwFromConfig, 'nft -j list ruleset': { stdout: fixture('nft.debian-12-empty.json') } },
        ['iptables', 'ip6tables', 'firewall-cmd'],
        files,
      ),
    );
    expect(contradicted).toMatchObject({
      state: 'ok',
      value: { enabled: false, backends: [{ name: 'nftables' }, { name: 'ufw', active: false }] },
    });
  });

  it('reports firewalld not running as inactive', async () => {
    const observation = await collect(
      scenario(
        {
          'nft -j list ruleset': { stdout: fixture('nft.debian-12-empty.json') },
          'firewall-cmd --state': { stderr: fixture('firewall-cmd-state.not-running.stderr.txt'), exitCode: 252 },
        },
        ['iptables', 'ip6tables', 'ufw'],
        { '/etc/ufw/ufw.conf': NOT_FOUND },
      ),
    );
    expect(observation).toMatchObject({
      state: 'ok',
      value: {
        enabled: false,
        backends: [{ name: 'nftables' }, { name: 'firewalld', active: false, detail: 'not running' }],
      },
    });
  });
});

describe('combineInbound', () => {
  const backend = (defaultInbound: 'deny' | 'allow' | 'unknown') => ({
    name: 'nftables' as const,
    active: true,
    defaultInbound,
    detail: '',
  });
  it('takes the most protective default', () => {
    expect(combineInbound([backend('allow'), backend('deny')])).toBe('deny');
    expect(combineInbound([backend('allow'), backend('unknown')])).toBe('unknown');
    expect(combineInbound([backend('allow')])).toBe('allow');
  });
});
