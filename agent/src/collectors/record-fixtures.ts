/**
 * `vigil record-fixtures`: runs this platform's collectors through a taping IO and writes what
 * they saw, redacted, as fixture files plus a manifest that describes a replay scenario. So a
 * contributed recording can become a replay test as it is, and covers exactly the commands the
 * collectors run (nothing else is executed). Writing goes through an injected function: the
 * logic is testable without touching the disk.
 */
import { collectPosture } from './collect.js';
import type { CollectorIO } from '../platform/io.js';
import type { Platform } from '@vigil/shared';
import { createRedactor, type RedactionContext } from './fixture-recording/redact.js';
import { tapeIO } from './fixture-recording/tape.js';

export const FIXTURE_FORMAT = 'vigil-fixtures/v1';

export interface RecordFixturesOptions {
  platform: Platform;
  io: CollectorIO;
  redaction: RedactionContext;
  /** Writes one file under the output directory (relative, `/`-separated). */
  write: (relativePath: string, content: string) => Promise<void>;
  agentVersion: string;
  /** Per check; recording waits longer than a posture cycle would. Default 120 s. */
  timeoutMs?: number;
}

type Ref = { file: string } | { error: string };
export interface FixtureManifest {
  format: typeof FIXTURE_FORMAT;
  recordedAt: string;
  platform: Platform;
  agentVersion: string;
  session: { desktop?: string; uid?: number; env: Record<string, string> } | null;
  commands: Record<
    string,
    { stdout: string; stderr?: string; exitCode: number; durationMs: number } | { error: string }
  >;
  missingTools: string[];
  files: Record<string, Ref>;
  dirs: Record<string, { entries: string[] } | { error: string }>;
  stats: Record<string, { mtime: string; isDirectory: boolean } | { error: string }>;
  slowProbes: Record<
    string,
    { stdout: string; stderr?: string; exitCode: number; durationMs: number; finishedAt: string; command: string }
  >;
  /** How many values of each kind were replaced. */
  redactions: Record<string, number>;
}

/** A file name from a key: lower-case words, numbered so that order and uniqueness are kept. */
const slug = (n: number, key: string) =>
  `${String(n).padStart(3, '0')}-${
    key
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'x'
  }`;

export async function recordFixtures(options: RecordFixturesOptions): Promise<FixtureManifest> {
  const { io, tape } = tapeIO(options.io);
  const recordedAt = options.io.now().toISOString();
  const observations = await collectPosture({
    platform: options.platform,
    io,
    timeoutMs: options.timeoutMs ?? 120_000,
  });
  const redactor = createRedactor(options.redaction);
  const r = (text: string) => redactor.redact(text);
  const writes: Array<Promise<void>> = [];
  const put = (path: string, content: string) => writes.push(options.write(path, content));

  const manifest: FixtureManifest = {
    format: FIXTURE_FORMAT,
    recordedAt,
    platform: options.platform,
    agentVersion: options.agentVersion,
    session: sessionOf(options.io, r),
    commands: {},
    missingTools: [...tape.missingTools].sort(),
    files: {},
    dirs: {},
    stats: {},
    slowProbes: {},
    redactions: {},
  };
  let n = 0;
  for (const [key, taped] of sorted(tape.commands)) {
    if ('error' in taped) {
      manifest.commands[r(key)] = { error: taped.error };
      continue;
    }
    const base = `commands/${slug(++n, key)}`;
    put(`${base}.stdout.txt`, r(taped.stdout));
    if (taped.stderr) put(`${base}.stderr.txt`, r(taped.stderr));
    manifest.commands[r(key)] = {
      stdout: `${base}.stdout.txt`,
      ...(taped.stderr ? { stderr: `${base}.stderr.txt` } : {}),
      exitCode: taped.exitCode,
      durationMs: taped.durationMs,
    };
  }
  for (const [path, taped] of sorted(tape.files)) {
    if ('error' in taped) manifest.files[r(path)] = { error: taped.error };
    else {
      const file = `files/${slug(++n, path)}.txt`;
      put(file, r(taped.text));
      manifest.files[r(path)] = { file };
    }
  }
  for (const [path, taped] of sorted(tape.dirs))
    manifest.dirs[r(path)] = 'error' in taped ? taped : { entries: taped.entries.map(r) };
  for (const [path, taped] of sorted(tape.stats)) manifest.stats[r(path)] = taped;
  for (const [key, answer] of sorted(tape.slowProbes)) {
    const base = `slow-probes/${slug(++n, key)}`;
    put(`${base}.stdout.txt`, r(answer.stdout));
    if (answer.stderr) put(`${base}.stderr.txt`, r(answer.stderr));
    manifest.slowProbes[r(key)] = {
      stdout: `${base}.stdout.txt`,
      ...(answer.stderr ? { stderr: `${base}.stderr.txt` } : {}),
      exitCode: answer.exitCode,
      durationMs: Math.round(answer.durationMs),
      finishedAt: answer.finishedAt,
      command: r(answer.command),
    };
  }
  put('observations.json', `${r(JSON.stringify(observations, null, 2))}\n`);
  await Promise.all(writes);
  manifest.redactions = redactor.counts();
  await options.write('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function sorted<V>(map: Map<string, V>): Array<[string, V]> {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function sessionOf(io: CollectorIO, r: (text: string) => string): FixtureManifest['session'] {
  if (!io.session) return null;
  const env = Object.fromEntries(
    Object.entries(io.session.env).flatMap(([k, v]) => (typeof v === 'string' ? [[k, r(v)]] : [])),
  );
  return {
    env,
    ...(io.session.desktop ? { desktop: io.session.desktop } : {}),
    ...(io.session.uid !== undefined ? { uid: io.session.uid } : {}),
  };
}

/** A short summary for the CLI. */
export function describeManifest(manifest: FixtureManifest): string[] {
  const total = (record: object) => Object.keys(record).length;
  return [
    `${total(manifest.commands)} command(s), ${total(manifest.files)} file(s), ${total(manifest.dirs)} directory listing(s), ${total(manifest.stats)} stat(s), ${total(manifest.slowProbes)} slow probe(s)`,
    `missing tools: ${manifest.missingTools.join(', ') || 'none'}`,
    `redacted: ${
      Object.entries(manifest.redactions)
        .map(([kind, count]) => `${count} ${kind}`)
        .join(', ') || 'nothing'
    }`,
  ];
}
