import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAptSimulate } from './parse-apt-simulate.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const security = (text: string) =>
  parseAptSimulate(text)
    .upgrades.filter((u) => u.security)
    .map((u) => u.name);

describe('parseAptSimulate', () => {
  it('reads the real Debian 12 output of this machine (oldstable-security origins)', () => {
    const result = parseAptSimulate(fixture('apt-get-upgrade.debian-12.txt'));
    expect(result.upgrades).toHaveLength(136);
    expect(result.upgradedCount).toBe(136);
    expect(security(fixture('apt-get-upgrade.debian-12.txt'))).toHaveLength(85);
    // Two origins, one of them security: a security update.
    expect(result.upgrades.find((u) => u.name === 'libcups2')).toEqual({
      name: 'libcups2',
      from: '2.4.2-3+deb12u8',
      to: '2.4.2-3+deb12u9',
      origins: ['Debian:12.15/oldstable', 'Debian-Security:12/oldstable-security'],
      security: true,
    });
    // A trailing dependency list `[]` does not disturb the origins.
    expect(result.upgrades.find((u) => u.name === 'curl')).toMatchObject({
      origins: ['Debian:12.15/oldstable'],
      security: false,
    });
  });

  it('recognises stable-security, as in the classic example', () => {
    expect(security(fixture('apt-get-upgrade.debian-12-stable-security.txt'))).toEqual(['libc6', 'libc-bin']);
  });

  it('counts kept-back packages and Ubuntu Pro (ESM) security origins', () => {
    const result = parseAptSimulate(fixture('apt-get-upgrade.ubuntu-22.04.txt'));
    expect(result.upgrades).toHaveLength(9);
    expect(result.keptBack).toEqual([
      'linux-generic-hwe-22.04',
      'linux-headers-generic-hwe-22.04',
      'linux-image-generic-hwe-22.04',
    ]);
    expect(security(fixture('apt-get-upgrade.ubuntu-22.04.txt'))).toEqual([
      'libssl3',
      'openssl',
      'curl',
      'libcurl4',
      'libcurl3-gnutls',
      'libyaml-0-2',
    ]);
  });

  it('separates phased (deferred) updates and survives the non-root NOTE banner', () => {
    const result = parseAptSimulate(fixture('apt-get-upgrade.ubuntu-24.04-phased-not-root.txt'));
    expect(result.upgrades).toHaveLength(11);
    expect(result.deferred).toEqual([
      'python3-distupgrade',
      'ubuntu-release-upgrader-core',
      'ubuntu-release-upgrader-gtk',
    ]);
    expect(result.keptBack).toEqual([]);
    expect(result.upgrades.every((u) => !u.security)).toBe(true);
  });

  it('knows "nothing to upgrade" from "did not understand the output"', () => {
    expect(parseAptSimulate(fixture('apt-get-upgrade.debian-12-none.txt'))).toMatchObject({
      upgrades: [],
      upgradedCount: 0,
    });
    expect(parseAptSimulate('E: Could not open lock file\n')).toMatchObject({ upgrades: [], upgradedCount: null });
  });
});
