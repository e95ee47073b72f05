import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  dnfAutomaticApplies,
  lastUpgradeFromDnfRpmLog,
  nameFromNevra,
  parseDnfCheckUpdate,
  parseDnfSecurityList,
  parseNeedsRestarting,
} from './parse-dnf.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('dnf check-update', () => {
  it('reads dnf 4 output, with a wrapped long name, stopping at obsoletes', () => {
    const { packages } = parseDnfCheckUpdate(fixture('dnf-check-update.fedora-40.txt'), 100);
    expect(packages).toHaveLength(10);
    expect(packages).toContain('gnome-shell-extension-background-logo');
    expect(packages).not.toContain('grub2-tools-efi');
  });

  it('reads dnf 5 output', () => {
    expect(parseDnfCheckUpdate(fixture('dnf5-check-update.fedora-41.txt'), 100).packages).toEqual([
      'expat',
      'kernel',
      'kernel-core',
    ]);
  });

  it('maps exit codes: 0 none, 100 updates, anything else unknown', () => {
    expect(parseDnfCheckUpdate('', 0).packages).toEqual([]);
    expect(parseDnfCheckUpdate('', 1).packages).toBeNull();
    expect(parseDnfCheckUpdate('something unexpected here\n', 100).packages).toBeNull();
  });
});

describe('dnf updateinfo list --security', () => {
  it.each([
    [
      'dnf-updateinfo-security.fedora-40.txt',
      ['curl', 'firefox', 'kernel', 'kernel-core', 'kernel-modules', 'libcurl', 'openssl-libs'],
    ],
    ['dnf5-updateinfo-security.fedora-41.txt', ['expat', 'kernel', 'kernel-core']],
    ['dnf-updateinfo-security.rhel-9.txt', ['glibc', 'glibc-common', 'kernel']],
  ])('%s', (name, expected) => {
    expect(parseDnfSecurityList(fixture(name))).toEqual(expected);
  });

  it('strips epoch, version, release and arch from a NEVRA', () => {
    expect(nameFromNevra('openssl-libs-1:3.2.2-3.fc40.x86_64')).toBe('openssl-libs');
    expect(nameFromNevra('kernel-core-6.10.12-200.fc40.x86_64')).toBe('kernel-core');
    expect(nameFromNevra('noversion')).toBeNull();
  });
});

describe('other dnf facts', () => {
  it('needs-restarting -r: 1 reboot, 0 none, else unknown', () => {
    expect([parseNeedsRestarting(1), parseNeedsRestarting(0), parseNeedsRestarting(2)]).toEqual([true, false, null]);
  });

  it('last upgrade from dnf.rpm.log, offsets honoured', () => {
    expect(lastUpgradeFromDnfRpmLog(fixture('dnf.rpm.fedora-40.log'))).toBe('2024-10-05T07:12:44.000Z');
    expect(lastUpgradeFromDnfRpmLog('2024-10-06T18:30:02Z SUBDEBUG Upgrade: a-1-1.fc40.x86_64\n')).toBe(
      '2024-10-06T18:30:02.000Z',
    );
    expect(lastUpgradeFromDnfRpmLog('2024-10-06T18:30:02+0200 SUBDEBUG Installed: a-1-1.fc40.x86_64\n')).toBeNull();
  });

  it('dnf-automatic applies updates only with apply_updates = yes in [commands]', () => {
    expect(dnfAutomaticApplies(fixture('dnf-automatic.conf.fedora.txt'))).toBe(false);
    expect(dnfAutomaticApplies('[commands]\napply_updates = yes\n')).toBe(true);
    expect(dnfAutomaticApplies('[emitters]\napply_updates = yes\n')).toBe(false);
  });
});
