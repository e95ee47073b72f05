/**
 * The firmware, TPM and antivirus side of a Linux device scenario, described once (`efi`, `tpm`,
 * `av`) instead of as paths: the recordings boot.secure, device.tpm and av.enabled read.
 */
import { KNOWN_AGENT_PATHS } from '../../av-enabled/linux-agents.js';
import type { RecordedCommand, RecordedDir, RecordedFile, RecordedStat } from '../replay-io.js';

const NOT_FOUND = { error: 'VIGIL_IO_NOT_FOUND' } as const;
const EFIVARS = '/sys/firmware/efi/efivars';
const GLOBAL = '8be4df61-93ca-11d2-aa0d-00e098032b8c';
const byte = (value: 0 | 1) => `\x06\x00\x00\x00${String.fromCharCode(value)}`;

export interface LinuxFirmware {
  efi: 'bios' | { secureBoot: 0 | 1; setupMode: 0 | 1 };
  tpm: null | { major: '1' | '2' };
  /** Installed agents' paths, and the systemctl answers their checks get. */
  av?: { installed: string[]; commands: Record<string, RecordedCommand>; stats?: Record<string, RecordedStat> };
}

export function linuxFirmware(firmware: LinuxFirmware): {
  commands: Record<string, RecordedCommand>;
  files: Record<string, RecordedFile>;
  dirs: Record<string, RecordedDir>;
  stats: Record<string, RecordedStat>;
} {
  const files: Record<string, RecordedFile> = {};
  const dirs: Record<string, RecordedDir> = {};
  const stats: Record<string, RecordedStat> = {};
  if (firmware.efi === 'bios') stats['/sys/firmware/efi'] = NOT_FOUND;
  else {
    stats['/sys/firmware/efi'] = { mtime: '2024-10-07T06:00:00.000Z', isDirectory: true };
    files[`${EFIVARS}/SecureBoot-${GLOBAL}`] = byte(firmware.efi.secureBoot);
    files[`${EFIVARS}/SetupMode-${GLOBAL}`] = byte(firmware.efi.setupMode);
    files[`${EFIVARS}/MokSBStateRT-605dab50-e046-4300-abb6-3dd810dd8b23`] = NOT_FOUND;
  }
  if (firmware.tpm === null) dirs['/sys/class/tpm'] = NOT_FOUND;
  else {
    dirs['/sys/class/tpm'] = ['tpm0'];
    files['/sys/class/tpm/tpm0/tpm_version_major'] = `${firmware.tpm.major}\n`;
  }
  for (const path of KNOWN_AGENT_PATHS) {
    stats[path] = firmware.av?.installed.includes(path) ? { mtime: '2024-09-01T00:00:00.000Z' } : NOT_FOUND;
  }
  Object.assign(stats, firmware.av?.stats ?? {});
  return { commands: firmware.av?.commands ?? {}, files, dirs, stats };
}
