/**
 * Where `vigil enroll` gets what it needs: an enrollment code (`--code`), or the separate
 * `--server`, `--token`, `--ca`; and which ownership the device enrolls with, which the code may
 * set but never against an explicit setting (a managed profile cannot be turned personal by a
 * code, nor the reverse).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EnrollmentCodeError, parseEnrollmentCode, type EnrollmentCode } from '@vigil/shared/core';
import type { AgentConfig } from '../../config/index.js';
import { ensurePrivateDir, writeFileAtomic } from '../../identity/files.js';
import { UsageError } from '../exit-codes.js';

export async function readCode(code: string | undefined, codeFile: string | undefined): Promise<EnrollmentCode | null> {
  let text = code;
  if (text === undefined && codeFile !== undefined) {
    try {
      text = await readFile(codeFile, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read the enrollment code file ${codeFile}: ${(error as Error).message}`);
    }
  }
  if (text === undefined) return null;
  try {
    return parseEnrollmentCode(text);
  } catch (error) {
    if (error instanceof EnrollmentCodeError) throw new UsageError(`${error.message} (${error.code})`);
    throw error;
  }
}

export function enrollOwnership(config: AgentConfig, fromCode: 'managed' | 'personal' | undefined) {
  if (fromCode === undefined || fromCode === config.ownership) return config.ownership;
  const origin = config.origins.ownership;
  if (origin === undefined) return fromCode;
  const where = origin === 'managed' ? "your organisation's managed settings" : `the ${origin} setting`;
  throw new UsageError(
    `the enrollment code is for a ${fromCode} device, but ${where} says ownership "${config.ownership}"`,
    ['ask your administrator for a code that matches this device'],
  );
}

/**
 * Keeps personal ownership in the state dir's config file, so every later run (the daemon that
 * autostart starts, consent, push) is personal too, whether it came from a code, a flag or the
 * environment of this one command. A file or managed setting already says so.
 */
export async function persistOwnership(config: AgentConfig, ownership: 'managed' | 'personal'): Promise<void> {
  const origin = config.origins.ownership;
  if (ownership === 'managed' || origin === 'file' || origin === 'managed') return;
  const file = config.configFile ?? join(config.stateDir, 'config.json');
  let current: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) current = parsed as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new UsageError(`cannot update ${file}: ${(error as Error).message}`);
  }
  await ensurePrivateDir(config.stateDir);
  await writeFileAtomic(file, `${JSON.stringify({ ...current, ownership }, null, 2)}\n`, 0o600);
}
