// Property-based tests of every patch-level reader (apt, dnf, macOS, Windows): see docs/fuzzing.md.
import { describe, expect, it } from 'vitest';
import { fixtures } from '../__fixtures__/fuzz-inputs.js';
import { fuzzJsonParser, fuzzParser } from '../__fixtures__/fuzz-parser.js';
import {
  lastUpgradeFromDpkgLog,
  lastUpgradeFromHistory,
  parseAptConfValue,
  parseAptConfigShell,
  periodicEnabled,
} from './parse-apt-logs.js';
import { parseAptSimulate } from './parse-apt-simulate.js';
import {
  dnfAutomaticApplies,
  lastUpgradeFromDnfRpmLog,
  parseDnfCheckUpdate,
  parseDnfSecurityList,
} from './parse-dnf.js';
import { lastMacPatch } from './parse-install-history.js';
import { newerKernelInstalled } from './parse-kernel-images.js';
import { classifyMacUpdates, parseSoftwareUpdateList } from './parse-softwareupdate.js';
import { parsePatchState, parseUpdateSearch } from './parse-windows-update.js';

const read = (names: string[]) => fixtures(import.meta.url, names);
const isoOrNull = (value: string | null | undefined) =>
  expect(value === null || value === undefined || !Number.isNaN(Date.parse(value))).toBe(true);

fuzzParser('apt-get -s upgrade', {
  samples: read([
    'apt-get-upgrade.debian-12-stable-security.txt',
    'apt-get-upgrade.debian-12.txt',
    'apt-get-upgrade.ubuntu-22.04.txt',
    'apt-get-upgrade.ubuntu-24.04-phased-not-root.txt',
    'apt-get-upgrade.debian-12-none.txt',
  ]),
  parse: parseAptSimulate,
  // Nothing pending, as the collector reads it: a summary, and no upgrade or kept-back package.
  passes: (sim) => sim.upgradedCount !== null && sim.upgrades.length + sim.keptBack.length === 0,
  hostile: ['Inst a [', 'Inst a (b '],
});

fuzzParser('apt history.log and dpkg.log', {
  samples: read([
    'apt-history.debian-12.log',
    'apt-history.ubuntu-22.04.log',
    'dpkg.debian-12.log',
    'dpkg.ubuntu-22.04.log',
  ]),
  parse: (text) => [lastUpgradeFromHistory(text), lastUpgradeFromDpkgLog(text)],
  hostile: ['End-Date: 2024-05-06 ', '2024-05-06 10:00:05 upgrade '],
});

fuzzParser('apt-config shell and 20auto-upgrades', {
  samples: read([
    '20auto-upgrades.disabled.txt',
    'apt-config-shell.unset.txt',
    '20auto-upgrades.ubuntu.txt',
    'apt-config-shell.uu-enabled.txt',
  ]),
  parse: (text) =>
    periodicEnabled(parseAptConfigShell(text, 'UU')) ||
    periodicEnabled(parseAptConfValue(text, 'APT::Periodic::Unattended-Upgrade')),
  passes: (enabled) => enabled,
  hostile: ["UU='", "UU='\\''", 'APT::Periodic::Unattended-Upgrade "'],
});

fuzzParser('dnf check-update (exit 100)', {
  samples: read(['dnf-check-update.fedora-40.txt', 'dnf5-check-update.fedora-41.txt']),
  parse: (stdout) => parseDnfCheckUpdate(stdout, 100),
  passes: (result) => result.packages?.length === 0,
  hostile: ['a.x86_64 '],
});

fuzzParser('dnf updateinfo list --security', {
  samples: read([
    'dnf-updateinfo-security.fedora-40.txt',
    'dnf-updateinfo-security.rhel-9.txt',
    'dnf5-updateinfo-security.fedora-41.txt',
  ]),
  parse: parseDnfSecurityList,
  // An empty list is a genuine answer, so cutting the output short is not lossy here.
  passes: (names) => names.length === 0,
  lossyKinds: ['crlf'],
  hostile: ['FEDORA-2024-1 ', 'a-1-1.x86_64 '],
});

fuzzParser('dnf.rpm.log and dnf-automatic.conf', {
  samples: read(['dnf-automatic.conf.fedora.txt', 'dnf.rpm.fedora-40.log']),
  parse: (text) => ({ last: lastUpgradeFromDnfRpmLog(text), applies: dnfAutomaticApplies(text) }),
  check: ({ last }) => isoOrNull(last),
  passes: ({ applies }) => applies,
  hostile: ['[commands]\n', '2024-10-01T08:12:45+0200 '],
});

fuzzParser('/boot kernel images', {
  samples: ['vmlinuz-6.1.0-25-amd64\nvmlinuz-6.1.0-26-amd64\nconfig-6.1.0-25-amd64\ninitrd.img-6.1.0-25-amd64'],
  parse: (listing) => newerKernelInstalled('6.1.0-25-amd64', listing.split('\n')),
  hostile: ['vmlinuz-', '1.'],
});

fuzzParser('InstallHistory.plist', {
  samples: read(['install-history.macos-14.plist']),
  parse: lastMacPatch,
  check: isoOrNull,
  hostile: ['<dict>', '<date>'],
});

const [noneStdout = '', noneStderr = ''] = read([
  'softwareupdate-list.none.stdout.txt',
  'softwareupdate-list.none.stderr.txt',
]);
fuzzParser('softwareupdate --list (updates found)', {
  samples: read([
    'softwareupdate-list.legacy-10.13.txt',
    'softwareupdate-list.macos-13-rsr.txt',
    'softwareupdate-list.macos-14-updates.txt',
  ]),
  parse: (stdout) => {
    const updates = parseSoftwareUpdateList(stdout, '');
    return { updates, classified: updates && classifyMacUpdates(updates, 14) };
  },
  // Nothing to install: only a complete answer may say so.
  passes: ({ updates }) => updates?.length === 0,
  hostile: ['\tTitle: a, Version: ', '\ta (', 'Title: '],
});

fuzzParser('softwareupdate --list (nothing found)', {
  samples: [noneStderr],
  parse: (stderr) => parseSoftwareUpdateList(noneStdout, stderr),
});

fuzzJsonParser('Windows Update search answer', {
  samples: read(['ps-wu-search.none.json', 'ps-wu-search.win11-pending.json']),
  parse: parseUpdateSearch,
  check: (search) => {
    if (search) expect(search.security.every((name) => name.length <= 200)).toBe(true);
  },
});

fuzzJsonParser('Windows patch history answer', {
  samples: read(['ps-patches.win10-history-denied.json', 'ps-patches.win11.json']),
  parse: parsePatchState,
  check: (state) => {
    isoOrNull(state?.lastPatchedAt);
    isoOrNull(state?.lastSearchAt);
  },
});

describe('patch readers: regressions found by fuzzing', () => {
  it('apt: output cut after the summary is not "nothing pending" (seed -570126842)', () => {
    const [full = ''] = read(['apt-get-upgrade.debian-12-stable-security.txt']);
    const cut = full.slice(0, full.indexOf('Inst '));
    expect(parseAptSimulate(full).upgradedCount).toBe(3);
    expect(parseAptSimulate(cut)).toMatchObject({ upgrades: [], upgradedCount: null });
  });

  it('apt: a periodic value apt cannot run on is not "enabled"', () => {
    expect(parseAptConfValue('APT::Periodic::Unattended-Upgrade "\'0";', 'APT::Periodic::Unattended-Upgrade')).toBe(
      "'0",
    );
    expect(["'0", 'yes', '1x', '-1', '0d'].map(periodicEnabled)).toEqual([false, false, false, false, false]);
    expect(['1', '7', 'always', '12h'].map(periodicEnabled)).toEqual([true, true, true, true]);
  });

  it('dnf: exit 100 with no readable package is unknown, not zero (seed -2060403165)', () => {
    expect(parseDnfCheckUpdate('', 100).packages).toBeNull();
    expect(parseDnfCheckUpdate('', 0).packages).toEqual([]);
  });

  it('softwareupdate: the banner alone is not "no new software" (seed 619293520)', () => {
    const banner = 'Software Update Tool\n\nFinding available software';
    expect(parseSoftwareUpdateList(banner, '')).toBeNull();
    expect(parseSoftwareUpdateList(noneStdout, noneStderr)).toEqual([]);
  });
});
