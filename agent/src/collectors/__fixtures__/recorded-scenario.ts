/**
 * Turns a `vigil record-fixtures` directory (its manifest and files) into a DeviceScenario, so a
 * contributed recording is a replay test as it is: see docs/contributing-fixtures.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecErrorCode, ToolName } from '../../platform/exec.js';
import type { IoErrorCode } from '../../platform/io.js';
import type { FixtureManifest } from '../record-fixtures.js';
import type { DeviceScenario, RecordedCommand, RecordedDir, RecordedFile, RecordedStat } from './replay-io.js';

export function scenarioFromRecording(manifest: FixtureManifest, read: (file: string) => string, name = 'recorded'): DeviceScenario {
  const commands: Record<string, RecordedCommand> = {};
  for (const [key, entry] of Object.entries(manifest.commands)) {
    commands[key] =
      'error' in entry
        ? { error: entry.error as ExecErrorCode }
        : { stdout: read(entry.stdout), stderr: entry.stderr ? read(entry.stderr) : '', exitCode: entry.exitCode, durationMs: entry.durationMs };
  }
  const files: Record<string, RecordedFile> = {};
  for (const [path, entry] of Object.entries(manifest.files)) files[path] = 'error' in entry ? { error: entry.error as IoErrorCode } : read(entry.file);
  const dirs: Record<string, RecordedDir> = {};
  for (const [path, entry] of Object.entries(manifest.dirs)) dirs[path] = 'error' in entry ? { error: entry.error as IoErrorCode } : entry.entries;
  const stats: Record<string, RecordedStat> = {};
  for (const [path, entry] of Object.entries(manifest.stats)) stats[path] = 'error' in entry ? { error: entry.error as IoErrorCode } : entry;
  const slowProbes: NonNullable<DeviceScenario['slowProbes']> = {};
  for (const [key, entry] of Object.entries(manifest.slowProbes)) {
    slowProbes[key] = { ...entry, stdout: read(entry.stdout), stderr: entry.stderr ? read(entry.stderr) : '' };
  }
  return {
    name,
    platform: manifest.platform,
    now: manifest.recordedAt,
    session: manifest.session,
    commands,
    missingTools: manifest.missingTools as ToolName[],
    files,
    dirs,
    stats,
    slowProbes,
  };
}

/** A recording on disk (a directory written by `vigil record-fixtures`). */
export function loadRecording(dir: string): DeviceScenario {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as FixtureManifest;
  return scenarioFromRecording(manifest, (file) => readFileSync(join(dir, file), 'utf8'), dir);
}
