/**
 * Builders for the sysfs files a device scenario serves, so a block-device stack is described
 * once (`disk`, `partition`, `dm`) instead of as dozens of paths.
 */
import type { RecordedDir, RecordedFile } from '../replay-io.js';

export interface SysfsTree {
  files: Record<string, RecordedFile>;
  dirs: Record<string, RecordedDir>;
}

const NOT_FOUND = { error: 'VIGIL_IO_NOT_FOUND' } as const;
const SYS = '/sys/class/block';

export function sysfs(): SysfsTree & {
  disk(kname: string, major: number, minor: number, options?: { removable?: boolean }): void;
  partition(kname: string, major: number, minor: number, options?: { removable?: boolean }): void;
  dm(kname: string, minor: number, options: { uuid: string; name: string; slaves: string[]; major?: number }): void;
} {
  const files: Record<string, RecordedFile> = {};
  const dirs: Record<string, RecordedDir> = {};
  const uevent = (kname: string, major: number, minor: number, devtype: string) => {
    const text = `MAJOR=${major}\nMINOR=${minor}\nDEVNAME=${kname}\nDEVTYPE=${devtype}\n`;
    files[`${SYS}/${kname}/uevent`] = text;
    files[`/sys/dev/block/${major}:${minor}/uevent`] = text;
  };
  return {
    files,
    dirs,
    disk(kname, major, minor, options = {}) {
      uevent(kname, major, minor, 'disk');
      dirs[`${SYS}/${kname}/slaves`] = [];
      files[`${SYS}/${kname}/removable`] = options.removable ? '1\n' : '0\n';
    },
    partition(kname, major, minor, options = {}) {
      uevent(kname, major, minor, 'partition');
      files[`${SYS}/${kname}/uevent`] += `PARTN=${minor}\n`;
      dirs[`${SYS}/${kname}/slaves`] = NOT_FOUND; // partitions have no slaves/ directory
      files[`${SYS}/${kname}/../removable`] = options.removable ? '1\n' : '0\n';
    },
    dm(kname, minor, { uuid, name, slaves, major = 253 }) {
      uevent(kname, major, minor, 'disk');
      dirs[`${SYS}/${kname}/slaves`] = slaves;
      files[`${SYS}/${kname}/dm/uuid`] = `${uuid}\n`;
      files[`${SYS}/${kname}/dm/name`] = `${name}\n`;
    },
  };
}
