/**
 * Wraps a CollectorIO so that every command run and every file consulted becomes an evidence
 * entry: the user can see which command or file each verdict rests on. A missing file is evidence
 * too (no /var/run/reboot-required means no reboot pending), so failed reads are recorded; a tool
 * that is not installed never ran, so it is not. A slow probe's answer is recorded at the time its
 * command ran, so the evidence shows how old the answer is.
 */
import type { Evidence } from '@vigil/shared';
import type { CollectorIO } from '../platform/io.js';

/** The posture schema caps evidence per observation. */
export const MAX_EVIDENCE = 64;
const MAX_SOURCE = 1024;

export interface EvidenceRecorder {
  readonly io: CollectorIO;
  evidence(): Evidence[];
}

export function recordEvidence(io: CollectorIO): EvidenceRecorder {
  const entries = new Map<string, Evidence>();
  const add = (entry: Evidence) => {
    const source = entry.source.length > MAX_SOURCE ? `${entry.source.slice(0, MAX_SOURCE - 1)}…` : entry.source;
    const key = `${entry.kind}:${source}`;
    if (!entries.has(key) && entries.size < MAX_EVIDENCE) entries.set(key, { ...entry, source });
  };
  const timed = async <R>(source: string, read: () => Promise<R>): Promise<R> => {
    const at = io.now();
    const result = await read();
    add({ kind: 'file', source, at: at.toISOString(), durationMs: Math.max(0, io.now().getTime() - at.getTime()) });
    return result;
  };

  const recording: CollectorIO = {
    async exec(tool, args, options) {
      const at = io.now();
      const outcome = await io.exec(tool, args, options);
      const notInstalled = !outcome.ok && outcome.error.code === 'VIGIL_EXEC_NOT_FOUND';
      if (!notInstalled) {
        add({
          kind: 'command',
          source: outcome.command,
          at: at.toISOString(),
          durationMs: Math.max(0, outcome.durationMs),
          ...(outcome.ok ? { exitCode: outcome.exitCode } : {}),
        });
      }
      return outcome;
    },
    readFile: (path, options) => timed(path, () => io.readFile(path, options)),
    readDir: (path) => timed(path, () => io.readDir(path)),
    stat: (path) => timed(path, () => io.stat(path)),
    now: () => io.now(),
    session: io.session,
    slowProbes: {
      async read(request) {
        const read = await io.slowProbes.read(request);
        const answer = read.answer;
        if (answer) {
          const ranAt = new Date(Date.parse(answer.finishedAt) - answer.durationMs);
          add({
            kind: 'command',
            source: answer.command,
            at: Number.isNaN(ranAt.getTime()) ? answer.finishedAt : ranAt.toISOString(),
            durationMs: Math.max(0, answer.durationMs),
            exitCode: answer.exitCode,
          });
        }
        return read;
      },
    },
    agent: io.agent,
  };
  return { io: recording, evidence: () => [...entries.values()] };
}
