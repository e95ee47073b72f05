/**
 * Deletes what Vigil keeps on this device: the identity (keys, certificates, service CA), the
 * cache (reports, results, activity log), slow-probe answers, the TLS session, the consent record, the state dir's config file, logs,
 * leftover temporary files and the status socket; then the directories, if nothing else is in
 * them. Only names Vigil writes are removed: a state dir pointed at a directory holding other
 * files (`--state-dir ~`) loses nothing but Vigil's files.
 */
import { readdir, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isNamedPipePath } from '../status-api/socket-path.js';

const VIGIL_ENTRIES = [
  /^identity$/,
  /^cache\.db(-wal|-shm)?$/,
  /^cache\.db\.corrupt-[\w-]+$/,
  /^consent\.json$/,
  /^probes\.json(\.[0-9a-f]{8}\.tmp)?$/,
  /^tls-session\.json(\.\d+\.tmp)?$/,
  /^config\.json$/,
  /^status\.sock$/,
  /^agent\.log$/,
  /^\.[0-9a-f]{12}\.tmp$/,
];

export interface WipeResult {
  removed: string[];
  /** What is left that Vigil did not write (never deleted). */
  kept: string[];
}

export async function wipeLocalState(options: { stateDir: string; socketPath: string }): Promise<WipeResult> {
  const result: WipeResult = { removed: [], kept: [] };
  const entries = await readdir(options.stateDir).catch(() => [] as string[]);
  for (const name of entries) {
    const path = join(options.stateDir, name);
    if (!VIGIL_ENTRIES.some((pattern) => pattern.test(name))) {
      result.kept.push(path);
      continue;
    }
    await rm(path, { recursive: true, force: true });
    result.removed.push(path);
  }
  if (result.kept.length === 0 && (await removeDir(options.stateDir))) result.removed.push(options.stateDir);
  // The socket in the runtime dir (user mode) and its `vigil` directory.
  if (!isNamedPipePath(options.socketPath) && dirname(options.socketPath) !== options.stateDir) {
    if (await removeFile(options.socketPath)) result.removed.push(options.socketPath);
    const socketDir = dirname(options.socketPath);
    if (basename(socketDir) === 'vigil' && (await removeDir(socketDir))) result.removed.push(socketDir);
  }
  return result;
}

async function removeDir(path: string): Promise<boolean> {
  return rmdir(path).then(
    () => true,
    () => false,
  );
}

async function removeFile(path: string): Promise<boolean> {
  return rm(path).then(
    () => true,
    () => false,
  );
}
