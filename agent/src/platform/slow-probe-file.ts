/**
 * Slow-probe answers kept in one JSON file in the state dir, so they outlive the process: each
 * daemon cycle runs in a fresh child process, and `softwareupdate --list` or an unchanged
 * `apt-get -s upgrade` should not be re-run every time. It is a cache: an unreadable or damaged
 * file is an empty store, and a failed write (a full disk) only costs a re-run next cycle.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { SlowProbeAnswer, SlowProbeStore } from './slow-probe.js';

const MAX_FILE_BYTES = 16 * 1024 * 1024;

function isAnswer(value: unknown): value is SlowProbeAnswer {
  const a = value as Partial<SlowProbeAnswer> | null;
  return (
    typeof a === 'object' &&
    a !== null &&
    typeof a.command === 'string' &&
    typeof a.stdout === 'string' &&
    typeof a.stderr === 'string' &&
    typeof a.exitCode === 'number' &&
    typeof a.durationMs === 'number' &&
    typeof a.finishedAt === 'string' &&
    (a.inputs === undefined || typeof a.inputs === 'string')
  );
}

async function load(file: string): Promise<Map<string, SlowProbeAnswer>> {
  try {
    const text = await readFile(file, 'utf8');
    if (text.length > MAX_FILE_BYTES) return new Map();
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return new Map();
    return new Map(Object.entries(parsed).filter((entry): entry is [string, SlowProbeAnswer] => isAnswer(entry[1])));
  } catch {
    return new Map();
  }
}

export function createFileSlowProbeStore(file: string): SlowProbeStore {
  let answers: Promise<Map<string, SlowProbeAnswer>> | undefined;
  const all = () => (answers ??= load(file));
  return {
    get: async (key) => (await all()).get(key),
    async set(key, answer) {
      const map = await all();
      map.set(key, answer);
      const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await writeFile(temp, JSON.stringify(Object.fromEntries(map)), { mode: 0o600 });
        await rename(temp, file);
      } catch {
        await rm(temp, { force: true });
      }
    },
  };
}
