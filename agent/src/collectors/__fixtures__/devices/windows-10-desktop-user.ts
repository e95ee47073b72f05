/**
 * A Windows 10 22H2 desktop checked by a standard user (`vigil check` without administrator
 * rights): BitLocker and TPM status need administrator rights (errors, never guesses), the Public
 * firewall profile is off, a password-protected screen saver, Secure Boot read from the registry,
 * Defender with real-time protection off and week-old signatures, updates paused, Windows Update
 * history not accessible, and no update search answer yet: the slow probe runs and finds nothing.
 */
import type { DeviceScenario } from '../replay-io.js';
import { fixture } from './fixture-file.js';

export const windows10DesktopUser: DeviceScenario = {
  name: 'Windows 10 22H2 desktop, standard user',
  platform: 'win32',
  now: '2024-11-07T09:00:00.000Z',
  missingTools: [],
  commands: {
    'powershell os-version': { stdout: fixture('os-version', 'ps-os-version.win10-22h2.json') },
    'powershell patches': { stdout: fixture('os-patches', 'ps-patches.win10-history-denied.json') },
    'powershell auto-updates': { stdout: fixture('os-auto-updates', 'ps-auto-updates.paused.json') },
    'powershell windows-update-search': { stdout: fixture('os-patches', 'ps-wu-search.none.json'), durationMs: 61_000 },
    'powershell bitlocker': { stdout: fixture('disk-encryption', 'ps-bitlocker.access-denied.json') },
    'powershell firewall': { stdout: fixture('net-firewall', 'ps-firewall.public-off-strings.json') },
    'powershell screen-lock': { stdout: fixture('screen-lock', 'ps-screen-lock.user-screensaver.json') },
    'powershell secure-boot': { stdout: fixture('boot-secure', 'ps-secure-boot.not-admin.json') },
    'powershell tpm': { stdout: fixture('device-tpm', 'ps-tpm.not-admin.json') },
    'powershell antivirus': { stdout: fixture('av-enabled', 'ps-av.defender-realtime-off-stale.json') },
  },
  files: {},
  dirs: {},
  stats: {},
};
