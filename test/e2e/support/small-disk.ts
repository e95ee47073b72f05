/**
 * A real full disk: a tiny tmpfs mounted where the agent state or the service data lives, filled
 * to the last byte with a file the test removes again. Mounting needs root, as CI runs; without
 * it the scenario fails with that reason instead of passing untested.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface SmallDisk {
  path: string;
  /** Writes zeros until the file system is full. */
  fill(): void;
  /** Deletes the filler: the space is back. */
  free(): void;
  unmount(): void;
}

export function mountSmallDisk(path: string, sizeMb: number): SmallDisk {
  mkdirSync(path, { recursive: true });
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0700`, 'tmpfs', path], {
    encoding: 'utf8',
  });
  if (mounted.status !== 0) {
    throw new Error(
      `cannot mount a ${sizeMb} MB tmpfs at ${path} (the disk-full scenarios run as root): ${mounted.stderr}`,
    );
  }
  const filler = join(path, 'filler');
  return {
    path,
    fill() {
      spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=16k'], { stdio: 'ignore' });
    },
    free() {
      rmSync(filler, { force: true });
    },
    unmount() {
      spawnSync('umount', ['-l', path]);
    },
  };
}
