import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lastMacPatch } from './parse-install-history.js';
import { classifyMacUpdates, parseSoftwareUpdateList } from './parse-softwareupdate.js';
import { hotfixDate, parsePatchState, parseUpdateSearch } from './parse-windows-update.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('softwareupdate --list', () => {
  it('reads the modern and the pre-10.15 formats, and "no new software" from stderr', () => {
    const updates = parseSoftwareUpdateList(fixture('softwareupdate-list.macos-14-updates.txt'), '');
    expect(updates?.map((u) => [u.title, u.version, u.recommended])).toEqual([
      ['macOS Sonoma 14.7.1', '14.7.1', true],
      ['Safari', '18.1', true],
      ['macOS Sequoia 15.1', '15.1', true],
      ['Command Line Tools for Xcode', '16.1', true],
    ]);
    expect(parseSoftwareUpdateList(fixture('softwareupdate-list.legacy-10.13.txt'), '')?.map((u) => u.title)).toEqual([
      'Security Update 2019-004',
      'iTunes',
    ]);
    expect(
      parseSoftwareUpdateList(
        fixture('softwareupdate-list.none.stdout.txt'),
        fixture('softwareupdate-list.none.stderr.txt'),
      ),
    ).toEqual([]);
    expect(parseSoftwareUpdateList('', 'Cannot connect\n')).toBeNull();
  });
  it('counts point releases, Security Responses and Safari as security, not the next major version', () => {
    const updates = parseSoftwareUpdateList(fixture('softwareupdate-list.macos-14-updates.txt'), '') ?? [];
    expect(classifyMacUpdates(updates, 14)).toEqual({
      pending: 4,
      security: ['macOS Sonoma 14.7.1', 'Safari 18.1'],
      upgrades: ['macOS Sequoia 15.1'],
    });
    const rsr = parseSoftwareUpdateList(fixture('softwareupdate-list.macos-13-rsr.txt'), '') ?? [];
    expect(classifyMacUpdates(rsr, 13).security).toEqual(['macOS Ventura 13.4.1 (a)']);
  });
});

describe('InstallHistory.plist', () => {
  it('takes the latest OS, Safari or security install, not background security data or other apps', () => {
    expect(lastMacPatch(fixture('install-history.macos-14.plist'))).toBe('2024-10-01T07:02:11.000Z');
    expect(lastMacPatch('<plist><array/></plist>')).toBeNull();
    expect(lastMacPatch('garbage')).toBeUndefined();
  });
});

describe('Windows Update', () => {
  it('counts security updates by category id or MSRC severity; signatures and .NET updates are pending but not security', () => {
    expect(parseUpdateSearch(JSON.parse(fixture('ps-wu-search.win11-pending.json')))).toEqual({
      pending: 3,
      security: ['KB5046633'],
    });
    expect(parseUpdateSearch(JSON.parse(fixture('ps-wu-search.none.json')))).toEqual({ pending: 0, security: [] });
    expect(parseUpdateSearch({ resultCode: 4, updates: [] })).toBeNull(); // failed search: unknown, not 0
  });
  it('dates patches by installs that succeeded, never by signature updates', () => {
    expect(parsePatchState(JSON.parse(fixture('ps-patches.win11.json')))).toEqual({
      lastPatchedAt: '2024-10-09T17:02:55.000Z',
      lastSearchAt: '2024-11-07T06:14:02.000Z',
      rebootRequired: true,
    });
    expect(parsePatchState(JSON.parse(fixture('ps-patches.win10-history-denied.json')))).toEqual({
      lastPatchedAt: '2024-10-08T00:00:00.000Z',
      lastSearchAt: null,
      rebootRequired: true,
    });
  });
  it('reads hotfix dates as WMI stores them, and nothing else', () => {
    expect(hotfixDate('10/8/2024')).toBe('2024-10-08T00:00:00.000Z');
    expect(hotfixDate('01da1b2c3d4e5f60')).toMatch(/^20\d\d-/);
    expect([hotfixDate(''), hotfixDate('08.10.2024'), hotfixDate(null)]).toEqual([null, null, null]);
  });
});
