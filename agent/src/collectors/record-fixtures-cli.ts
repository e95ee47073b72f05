/**
 * The command-line side of `vigil record-fixtures [--out DIR]`: real IO in this process's session,
 * slow probes waited for (a recording should hold real answers), this machine's names for
 * redaction, and a directory writer. The lead's dispatcher calls runRecordFixtures(args, ctx).
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isPlatform } from '@vigil/shared/core';
import { EXIT, UsageError, type ExitCode } from '../cli/exit-codes.js';
import type { CliOutput } from '../cli/output.js';
import { exec } from '../platform/exec.js';
import { createRealIO } from '../platform/io.js';
import { userSessionFromEnv } from '../platform/session.js';
import { createMemorySlowProbeStore, createSlowProbes, type SlowProbes } from '../platform/slow-probe.js';
import { AGENT_VERSION } from '../version.js';
import { unredactableNames } from './fixture-recording/redact.js';
import { describeManifest, recordFixtures } from './record-fixtures.js';

const SLOW_PROBE_WAIT_MS = 5 * 60_000;

export interface RecordFixturesContext {
  env: Readonly<Record<string, string | undefined>>;
  output: CliOutput;
}

async function isEmptyOrMissing(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

export async function runRecordFixtures(args: readonly string[], ctx: RecordFixturesContext): Promise<ExitCode> {
  let values: { out?: string | undefined };
  try {
    values = parseArgs({
      args: [...args],
      options: { out: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const platform = process.platform;
  if (!isPlatform(platform)) throw new UsageError(`Vigil does not support the platform "${platform}"`);
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const out = resolve(values.out ?? `vigil-fixtures-${platform}-${stamp}`);
  if (!(await isEmptyOrMissing(out)))
    throw new UsageError(`${out} exists and is not empty; choose another --out directory`);

  const session = userSessionFromEnv(ctx.env, process.getuid?.());
  const base = createSlowProbes({ exec, store: createMemorySlowProbeStore() });
  // A recording should hold the real answer of slow commands, so wait for them (bounded).
  const slowProbes: SlowProbes = {
    read: (request) => base.read({ ...request, waitMs: Math.min(request.timeoutMs, SLOW_PROBE_WAIT_MS) }),
  };
  const io = createRealIO({ session, slowProbes });
  const me = userInfo().username;
  const names = [me, ctx.env.SUDO_USER, ctx.env.USER, session.env.HOME ? basename(session.env.HOME) : undefined];
  const host = hostname();
  const redaction = {
    hostnames: [host, host.split('.')[0] ?? host],
    userNames: names.filter((n): n is string => Boolean(n)),
  };

  ctx.output.err(`Recording ${platform} fixtures into ${out} (slow checks can take a few minutes)…`);
  const manifest = await recordFixtures({
    platform,
    io,
    agentVersion: AGENT_VERSION,
    timeoutMs: SLOW_PROBE_WAIT_MS + 60_000,
    redaction: {
      hostnames: [host, host.split('.')[0] ?? host],
      userNames: names.filter((n): n is string => Boolean(n)),
    },
    write: async (relative, content) => {
      const path = join(out, ...relative.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content, { mode: 0o644 });
    },
  });
  ctx.output.out(`Wrote ${out}`);
  for (const line of describeManifest(manifest)) ctx.output.out(`  ${line}`);
  ctx.output.out(
    'Review every file before sharing it: redaction covers host and user names, serial numbers, MAC addresses and disk UUIDs, not everything.',
  );
  const short = [...new Set(unredactableNames(redaction))];
  if (short.length > 0) ctx.output.out(`Too short to replace safely, so look for them yourself: ${short.join(', ')}`);
  ctx.output.out('See docs/contributing-fixtures.md.');
  return EXIT.OK;
}
