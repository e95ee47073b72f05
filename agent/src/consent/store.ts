/**
 * The owner's consent decision, recorded in `<state-dir>/consent.json` (0600). A file of its own
 * rather than a row in the cache: the cache is disposable (a corrupt one is moved aside and
 * started afresh), a decision about one's own device is not. A missing or damaged file means
 * "no consent": the safe reading.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ensurePrivateDir, writeFileAtomic } from '../identity/files.js';
import { ConsentError } from './errors.js';

export const CONSENT_FILE = 'consent.json';

export const ConsentRecordSchema = z.strictObject({
  version: z.literal(1),
  decision: z.enum(['accepted', 'withdrawn']),
  statementVersion: z.string().min(1).max(32),
  decidedAt: z.iso.datetime({ offset: true }),
  /** Who recorded it (`vigil consent`, `status api`): shown in the activity log, never sent. */
  decidedBy: z.string().max(200),
});
export type ConsentRecord = z.infer<typeof ConsentRecordSchema>;

export interface ConsentReading {
  record: ConsentRecord | null;
  problem?: { code: 'VIGIL_CONSENT_FILE_INVALID'; message: string };
}

export const consentFile = (stateDir: string) => join(stateDir, CONSENT_FILE);

export async function readConsentRecord(stateDir: string): Promise<ConsentReading> {
  let text: string;
  try {
    text = await readFile(consentFile(stateDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { record: null };
    return invalid(`cannot read ${consentFile(stateDir)}: ${(error as Error).message}`);
  }
  try {
    const parsed = ConsentRecordSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { record: parsed.data };
  } catch {
    // fall through: not JSON
  }
  return invalid(`${consentFile(stateDir)} is damaged; consent must be given again ("vigil consent --accept")`);
}

function invalid(message: string): ConsentReading {
  return { record: null, problem: { code: 'VIGIL_CONSENT_FILE_INVALID', message } };
}

export async function writeConsentRecord(stateDir: string, record: ConsentRecord): Promise<void> {
  try {
    await ensurePrivateDir(stateDir);
    await writeFileAtomic(consentFile(stateDir), `${JSON.stringify(record, null, 2)}\n`, 0o600);
  } catch (cause) {
    throw new ConsentError('VIGIL_CONSENT_STORE_FAILED', `cannot record the consent decision in ${stateDir}`, {
      cause,
    });
  }
}
