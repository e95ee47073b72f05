/**
 * A Windows 11 23H2 laptop read by the agent service (SYSTEM): BitLocker on C: and D: with a USB
 * stick attached, all firewall profiles on, a machine inactivity limit of 15 minutes, Secure Boot
 * and TPM 2.0, Defender on, and a Windows Update search from three hours ago that found the
 * November cumulative update.
 */
import type { DeviceScenario } from '../replay-io.js';
import { fixture } from './fixture-file.js';

export const windows11Laptop: DeviceScenario = {
  name: 'Windows 11 23H2 laptop, BitLocker, as SYSTEM',
  platform: 'win32',
  now: '2024-11-13T09:00:00.000Z',
  missingTools: [],
  commands: {
    'powershell os-version': { stdout: fixture('os-version', 'ps-os-version.win11-23h2.json') },
    'powershell patches': { stdout: fixture('os-patches', 'ps-patches.win11.json') },
    'powershell auto-updates': { stdout: fixture('os-auto-updates', 'ps-auto-updates.default.json') },
    'powershell bitlocker': { stdout: fixture('disk-encryption', 'ps-bitlocker.win11-on-removable.json') },
    'powershell firewall': { stdout: fixture('net-firewall', 'ps-firewall.all-on-numbers.json') },
    'powershell screen-lock': { stdout: fixture('screen-lock', 'ps-screen-lock.machine-policy.json') },
    'powershell secure-boot': { stdout: fixture('boot-secure', 'ps-secure-boot.on.json') },
    'powershell tpm': { stdout: fixture('device-tpm', 'ps-tpm.tpm20-ready.json') },
    'powershell antivirus': { stdout: fixture('av-enabled', 'ps-av.defender-on.json') },
  },
  slowProbes: {
    'powershell windows-update-search': {
      stdout: fixture('os-patches', 'ps-wu-search.win11-pending.json'),
      stderr: '',
      exitCode: 0,
      durationMs: 94_000,
      finishedAt: '2024-11-13T06:00:00.000Z',
    },
  },
  files: {},
  dirs: {},
  stats: {},
  agent: { version: '0.1.0', codeDir: 'C:\\Program Files\\Vigil\\agent\\dist' },
};

// The install on Windows, served by path like any other file.
const DIST = 'C:\\Program Files\\Vigil\\agent\\dist';
windows11Laptop.dirs[DIST] = ['main.js', 'main.js.map'];
windows11Laptop.files[`${DIST}/main.js`] = 'export {};\n';
windows11Laptop.stats[DIST] = { mtime: '2024-11-01T00:00:00.000Z', isDirectory: true };
