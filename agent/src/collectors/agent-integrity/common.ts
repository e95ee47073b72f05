/**
 * agent.integrity on every platform: the running agent's version and the hash of its code files,
 * walked through the injected IO. Only entries that look like code are read; other names are
 * stat-ed only when they could be directories (no dot), so declaration and map files cost nothing.
 */
import type { Observation } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation } from '../observation.js';
import { CODE_FILE, manifestHash, sha256Hex } from './manifest.js';

const MAX_FILES = 5_000;
const MAX_DEPTH = 12;

class WalkError extends Error {}

async function walk(
  io: CollectorIO,
  root: string,
  dir: string,
  depth: number,
  out: Array<{ path: string; sha256: string }>,
): Promise<void> {
  if (depth > MAX_DEPTH) throw new WalkError(`${dir}: nested deeper than ${MAX_DEPTH} levels`);
  const listing = await io.readDir(dir);
  if (!listing.ok) throw new WalkError(listing.error.message);
  // One directory's entries at once: ~200 files read one after another cost more than a second
  // of waiting on a busy machine. The manifest is sorted, so completion order does not matter.
  await Promise.all(
    listing.entries.map(async (name) => {
      const path = `${dir}/${name}`;
      if (CODE_FILE.test(name)) {
        const file = await io.readFile(path, { maxBytes: 16 * 1024 * 1024 });
        if (!file.ok) throw new WalkError(file.error.message);
        out.push({ path: path.slice(root.length + 1), sha256: sha256Hex(file.text) });
        if (out.length > MAX_FILES) throw new WalkError(`more than ${MAX_FILES} code files under ${root}`);
      } else if (!name.includes('.')) {
        const info = await io.stat(path);
        if (info.ok && info.isDirectory) await walk(io, root, path, depth + 1, out);
      }
    }),
  );
}

export async function collectAgentIntegrity(io: CollectorIO): Promise<Observation<'agent.integrity'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const root = io.agent.codeDir.replace(/[/\\]+$/, '');
  // The listing of the code directory is the evidence; the per-file reads would only crowd it.
  await recorder.io.stat(root);
  const files: Array<{ path: string; sha256: string }> = [];
  try {
    await walk(io, root, root, 0, files);
  } catch (error) {
    const message = error instanceof WalkError ? error.message : String(error);
    return errorObservation('VIGIL_COLLECT_AGENT_CODE_UNREADABLE', message, io.now(), {
      evidence: recorder.evidence(),
      startedAt,
    });
  }
  if (files.length === 0) {
    return errorObservation('VIGIL_COLLECT_AGENT_CODE_UNREADABLE', `no code files under ${root}`, io.now(), {
      evidence: recorder.evidence(),
      startedAt,
    });
  }
  return okObservation<'agent.integrity'>(
    {
      version: io.agent.version.slice(0, 64),
      sha256: manifestHash(files),
      algorithm: 'sha256-manifest-v1',
      files: files.length,
    },
    recorder.evidence(),
    startedAt,
    io.now(),
  );
}
