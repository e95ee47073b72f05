/**
 * unattended-upgrades on Debian/Ubuntu: `APT::Periodic::Unattended-Upgrade` (merged by apt-config
 * from every apt.conf.d file; 20auto-upgrades is the fallback) must be a non-zero interval, and
 * the unattended-upgrades package must be installed, or the setting does nothing. Shared with
 * os.patches, so both checks always agree.
 */
import type { CollectorIO } from '../../platform/io.js';
import { parseAptConfValue, parseAptConfigShell, periodicEnabled } from '../os-patches/parse-apt-logs.js';

const UNATTENDED = 'APT::Periodic::Unattended-Upgrade';
const CONF_FILE = '/etc/apt/apt.conf.d/20auto-upgrades';

export interface AutoUpdateReading {
  /** false: this mechanism is not on the machine at all. */
  installed: boolean;
  enabled: boolean | null;
  detail: string;
}

export async function readUnattendedUpgrades(io: CollectorIO): Promise<AutoUpdateReading> {
  const [config, binary] = await Promise.all([
    io.exec('apt-config', ['shell', 'UU', UNATTENDED], { timeoutMs: 5_000 }),
    io.stat('/usr/bin/unattended-upgrade'),
  ]);
  const installed = config.ok || config.error.code !== 'VIGIL_EXEC_NOT_FOUND';
  let setting: string | null;
  let from = 'apt-config';
  if (config.ok && config.exitCode === 0) setting = parseAptConfigShell(config.stdout, 'UU');
  else {
    from = CONF_FILE;
    const file = await io.readFile(CONF_FILE, { maxBytes: 64 * 1024 });
    if (!file.ok && file.error.code !== 'VIGIL_IO_NOT_FOUND') {
      return { installed, enabled: null, detail: `${CONF_FILE}: ${file.error.message}` };
    }
    setting = file.ok ? parseAptConfValue(file.text, UNATTENDED) : null;
  }
  const shown = `${UNATTENDED} ${setting === null ? 'not set' : `"${setting}"`} (${from})`;
  if (!periodicEnabled(setting)) return { installed, enabled: false, detail: shown };
  if (binary.ok) return { installed, enabled: true, detail: `${shown}, unattended-upgrades installed` };
  const missing = binary.error.code === 'VIGIL_IO_NOT_FOUND';
  return {
    installed,
    enabled: missing ? false : null,
    detail: `${shown}, but unattended-upgrades ${missing ? 'is not installed' : `cannot be checked: ${binary.error.message}`}`,
  };
}
