import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  lastUpgradeFromDpkgLog,
  lastUpgradeFromHistory,
  parseAptConfValue,
  parseAptConfigShell,
  periodicEnabled,
} from './parse-apt-logs.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('apt and dpkg logs', () => {
  it('takes the last End-Date of an entry that upgraded something', () => {
    expect(lastUpgradeFromHistory(fixture('apt-history.debian-12.log'))).toBe('2026-11-29T00:53:54');
    // The newer entry only installed htop: not a patch.
    expect(lastUpgradeFromHistory(fixture('apt-history.ubuntu-22.04.log'))).toBe('2024-10-01T06:41:15');
    expect(
      lastUpgradeFromHistory(
        'Start-Date: 2024-01-01  10:00:00\nInstall: x:amd64 (1)\nEnd-Date: 2024-01-01  10:00:01\n',
      ),
    ).toBeNull();
  });

  it('reads upgrade actions from dpkg.log, which also sees dpkg -i', () => {
    expect(lastUpgradeFromDpkgLog(fixture('dpkg.debian-12.log'))).toBe('2026-11-29T00:53:48');
    expect(lastUpgradeFromDpkgLog(fixture('dpkg.ubuntu-22.04.log'))).toBe('2024-10-01T06:41:14');
    expect(lastUpgradeFromDpkgLog('2024-10-03 14:02:52 install htop:amd64 <none> 3.0.5-7build2\n')).toBeNull();
  });
});

describe('unattended-upgrades settings', () => {
  it('reads apt-config shell output', () => {
    expect(parseAptConfigShell(fixture('apt-config-shell.uu-enabled.txt'), 'UU')).toBe('1');
    expect(parseAptConfigShell(fixture('apt-config-shell.unset.txt'), 'UU')).toBeNull();
    expect(parseAptConfigShell("UU='it'\\''s'\n", 'UU')).toBe("it's");
  });

  it('reads 20auto-upgrades, skipping comments', () => {
    const key = 'APT::Periodic::Unattended-Upgrade';
    expect(parseAptConfValue(fixture('20auto-upgrades.ubuntu.txt'), key)).toBe('1');
    expect(parseAptConfValue(fixture('20auto-upgrades.disabled.txt'), key)).toBe('0');
    expect(parseAptConfValue('// APT::Periodic::Unattended-Upgrade "1";\n', key)).toBeNull();
  });

  it.each([
    ['1', true],
    ['7', true],
    ['always', true],
    ['0', false],
    ['', false],
    [null, false],
  ] as const)('periodic value %j enabled: %s', (value, enabled) => {
    expect(periodicEnabled(value)).toBe(enabled);
  });
});
