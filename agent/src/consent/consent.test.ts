import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONSENT_STATEMENT } from '@vigil/shared/core';
import { tempDir } from '../test-support/fixtures.js';
import { recordConsentDecision } from './decide.js';
import { collectionAllowed, consentRefusal, consentStatus } from './state.js';
import { CONSENT_FILE, readConsentRecord } from './store.js';

const NOW = new Date('2025-01-06T09:40:00.000Z');
const accept = { decision: 'accept' as const, statementVersion: CONSENT_STATEMENT.version };

describe('consent', () => {
  it('is not asked of managed devices, and pending on a personal one until decided', () => {
    expect(consentStatus('managed', null)).toEqual({
      required: false,
      state: 'not-required',
      statementVersion: CONSENT_STATEMENT.version,
      decidedAt: null,
    });
    const pending = consentStatus('personal', null);
    expect(pending).toMatchObject({ required: true, state: 'pending', decidedAt: null });
    expect(collectionAllowed(pending)).toBe(false);
    expect(consentRefusal(pending).code).toBe('VIGIL_CONSENT_REQUIRED');
  });

  it('records a decision in a 0600 file and reads it back; withdrawing stops collection', async () => {
    const dir = tempDir();
    const accepted = await recordConsentDecision({
      stateDir: dir,
      ownership: 'personal',
      request: accept,
      by: 'test',
      now: NOW,
    });
    expect(accepted).toMatchObject({ state: 'accepted', decidedAt: NOW.toISOString() });
    expect(collectionAllowed(accepted)).toBe(true);
    expect(statSync(join(dir, CONSENT_FILE)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, CONSENT_FILE), 'utf8'))).toMatchObject({
      decision: 'accepted',
      decidedBy: 'test',
    });
    const withdrawn = await recordConsentDecision({
      stateDir: dir,
      ownership: 'personal',
      request: { decision: 'withdraw', statementVersion: 'any' },
      by: 'test',
      now: NOW,
    });
    expect(withdrawn.state).toBe('withdrawn');
    expect(consentRefusal(withdrawn).code).toBe('VIGIL_CONSENT_WITHDRAWN');
    expect(consentStatus('personal', (await readConsentRecord(dir)).record).state).toBe('withdrawn');
  });

  it('refuses to accept another statement version, and any decision on a managed device', async () => {
    const dir = tempDir();
    await expect(
      recordConsentDecision({
        stateDir: dir,
        ownership: 'personal',
        request: { ...accept, statementVersion: '0' },
        by: 't',
        now: NOW,
      }),
    ).rejects.toMatchObject({ code: 'VIGIL_CONSENT_VERSION_MISMATCH' });
    await expect(
      recordConsentDecision({ stateDir: dir, ownership: 'managed', request: accept, by: 't', now: NOW }),
    ).rejects.toMatchObject({ code: 'VIGIL_CONSENT_NOT_REQUIRED' });
    expect((await readConsentRecord(dir)).record).toBeNull();
  });

  it('asks again when the statement changed since it was accepted', () => {
    const old = {
      version: 1 as const,
      decision: 'accepted' as const,
      statementVersion: '0',
      decidedAt: NOW.toISOString(),
      decidedBy: 't',
    };
    expect(consentStatus('personal', old)).toMatchObject({ state: 'pending', decidedAt: NOW.toISOString() });
  });

  it('reads a damaged record as no consent, and says so', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, CONSENT_FILE), '{"decision":"accepted"');
    const reading = await readConsentRecord(dir);
    expect(reading.record).toBeNull();
    expect(reading.problem?.code).toBe('VIGIL_CONSENT_FILE_INVALID');
    writeFileSync(join(dir, CONSENT_FILE), JSON.stringify({ version: 1, decision: 'maybe' }));
    expect((await readConsentRecord(dir)).problem?.code).toBe('VIGIL_CONSENT_FILE_INVALID');
  });
});
