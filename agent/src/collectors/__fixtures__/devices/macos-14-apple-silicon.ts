/**
 * A MacBook Pro (Apple silicon) on macOS 14.7, checked by the user's own agent (uid 501): FileVault
 * on (plus an encrypted "Projects" volume), firewall on with stealth mode, Full Security, automatic
 * security updates on, and a `softwareupdate --list` answer two hours old listing 14.7.1, Safari,
 * the Sequoia upgrade and the Command Line Tools.
 */
import type { DeviceScenario } from '../replay-io.js';
import { fixture } from './fixture-file.js';

const XPROTECT = '/Library/Apple/System/Library/CoreServices/XProtect.bundle/Contents';
const MISSING_DOMAIN = { stderr: fixture('os-auto-updates', 'defaults-softwareupdate.managed-missing.stderr.txt'), exitCode: 1 };

export const macos14AppleSilicon: DeviceScenario = {
  name: 'macOS 14 MacBook Pro, Apple silicon, FileVault on',
  platform: 'darwin',
  now: '2024-11-07T09:00:00.000Z',
  session: { env: { HOME: '/Users/jappleseed' }, uid: 501 },
  missingTools: [],
  commands: {
    sw_vers: { stdout: fixture('os-version', 'sw_vers.macos-14.txt') },
    'uname -r': { stdout: fixture('os-version', 'uname-r.macos-14.txt') },
    'uname -m': { stdout: fixture('boot-secure', 'uname-m.arm64.txt') },
    'fdesetup status': { stdout: fixture('disk-encryption', 'fdesetup.on.txt') },
    'diskutil apfs list -plist': { stdout: fixture('disk-encryption', 'apfs-list.apple-silicon-14-filevault-on.plist') },
    'diskutil info -plist /System/Volumes/Data': { stdout: fixture('disk-encryption', 'diskutil-info-data.apple-silicon-14.plist') },
    'socketfilterfw --getglobalstate': { stdout: fixture('net-firewall', 'socketfilterfw-globalstate.enabled.txt') },
    'socketfilterfw --getstealthmode': { stdout: fixture('net-firewall', 'socketfilterfw-stealth.on.txt') },
    'defaults read /Library/Preferences/com.apple.SoftwareUpdate': { stdout: fixture('os-auto-updates', 'defaults-softwareupdate.macos-14.txt') },
    'defaults read /Library/Managed Preferences/com.apple.SoftwareUpdate': MISSING_DOMAIN,
    'sysadminctl -screenLock status': { stderr: fixture('screen-lock', 'sysadminctl-screenlock.immediate.stderr.txt') },
    'defaults -currentHost read com.apple.screensaver idleTime': { stdout: fixture('screen-lock', 'defaults-idletime.600.txt') },
    'system_profiler -json SPiBridgeDataType': { stdout: fixture('boot-secure', 'sp-ibridge.apple-silicon-full.json') },
    'spctl --status': { stdout: fixture('av-enabled', 'spctl-status.enabled.txt') },
    'csrutil status': { stdout: fixture('av-enabled', 'csrutil-status.enabled.txt') },
    [`defaults read ${XPROTECT}/Info CFBundleShortVersionString`]: { stdout: fixture('av-enabled', 'defaults-xprotect-version.txt') },
  },
  slowProbes: {
    'softwareupdate --list': {
      stdout: fixture('os-patches', 'softwareupdate-list.macos-14-updates.txt'),
      stderr: '',
      exitCode: 0,
      durationMs: 41_200,
      finishedAt: '2024-11-07T07:00:00.000Z',
    },
  },
  files: { '/Library/Receipts/InstallHistory.plist': fixture('os-patches', 'install-history.macos-14.plist') },
  dirs: {},
  stats: { [`${XPROTECT}/Resources/XProtect.meta.plist`]: { mtime: '2024-11-05T02:10:08.000Z' } },
};
