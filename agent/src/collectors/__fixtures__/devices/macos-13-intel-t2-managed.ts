/**
 * A managed Intel iMac with a T2 chip on macOS 13.3.1 (a) (a Rapid Security Response), read by
 * the root daemon (no user session): FileVault turning on (42.5%), a Time Machine disk attached,
 * socketfilterfw refusing to answer on a managed Mac so system_profiler decides, Medium Security,
 * SIP partly disabled, automatic updates set by a profile, and no softwareupdate answer yet: the
 * slow probe runs during the check.
 */
import type { DeviceScenario } from '../replay-io.js';
import { fixture } from './fixture-file.js';

const XPROTECT = '/Library/Apple/System/Library/CoreServices/XProtect.bundle/Contents';

export const macos13IntelT2Managed: DeviceScenario = {
  name: 'macOS 13 iMac, Intel with T2, managed, FileVault encrypting',
  platform: 'darwin',
  now: '2023-07-20T10:00:00.000Z',
  missingTools: [],
  commands: {
    sw_vers: { stdout: fixture('os-version', 'sw_vers.macos-13.3.1-rsr.txt') },
    'uname -r': { stdout: '22.4.0\n' },
    'uname -m': { stdout: fixture('boot-secure', 'uname-m.x86_64.txt') },
    'fdesetup status': { stdout: fixture('disk-encryption', 'fdesetup.encrypting.txt') },
    'diskutil apfs list -plist': { stdout: fixture('disk-encryption', 'apfs-list.intel-t2-13-encrypting-external.plist') },
    'diskutil info -plist /System/Volumes/Data': { stdout: fixture('disk-encryption', 'diskutil-info-data.intel-t2-13.plist') },
    'socketfilterfw --getglobalstate': { stdout: fixture('net-firewall', 'socketfilterfw.managed.txt') },
    'socketfilterfw --getstealthmode': { stdout: fixture('net-firewall', 'socketfilterfw.managed.txt') },
    'system_profiler -json SPFirewallDataType': { stdout: fixture('net-firewall', 'sp-firewall.macos-15-limit.json') },
    'defaults read /Library/Preferences/com.apple.SoftwareUpdate': { stdout: fixture('os-auto-updates', 'defaults-softwareupdate.macos-13-off.txt') },
    'defaults read /Library/Managed Preferences/com.apple.SoftwareUpdate': { stdout: fixture('os-auto-updates', 'defaults-softwareupdate.managed.txt') },
    'softwareupdate --list': { stdout: fixture('os-patches', 'softwareupdate-list.macos-13-rsr.txt'), durationMs: 35_000 },
    'system_profiler -json SPiBridgeDataType': { stdout: fixture('boot-secure', 'sp-ibridge.intel-t2-medium.json') },
    'spctl --status': { stdout: fixture('av-enabled', 'spctl-status.enabled.txt') },
    'csrutil status': { stdout: fixture('av-enabled', 'csrutil-status.custom.txt') },
    [`defaults read ${XPROTECT}/Info CFBundleShortVersionString`]: { stdout: '2168\n' },
  },
  files: { '/Library/Receipts/InstallHistory.plist': { error: 'VIGIL_IO_PERMISSION_DENIED' } },
  dirs: {},
  stats: { [`${XPROTECT}/Resources/XProtect.meta.plist`]: { mtime: '2023-03-01T00:00:00.000Z' } },
};
