import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSessionStore, type SessionBinding } from './tls-session.js';

const binding: SessionBinding = { serverUrl: 'https://vigil.example', caPem: 'CA', clientCertPem: 'CERT-1' };
const ticket = Buffer.from('a serialized TLS session');
let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-tls-session-'));
  file = join(dir, 'tls-session.json');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('TLS session file', () => {
  it('keeps the last session, 0600, and gives it back', () => {
    const store = fileSessionStore(file, binding);
    expect(store.load()).toBeUndefined();
    store.save(ticket);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(store.load()).toEqual(ticket);
    store.save(Buffer.from('a newer ticket'));
    expect(store.load()?.toString()).toBe('a newer ticket');
    expect(readdirSync(dir)).toEqual(['tls-session.json']); // no temporary file left behind
  });

  it('is never offered for another certificate, CA or service (a renewal makes the old one useless)', () => {
    fileSessionStore(file, binding).save(ticket);
    expect(fileSessionStore(file, { ...binding, clientCertPem: 'CERT-2' }).load()).toBeUndefined();
    expect(fileSessionStore(file, { ...binding, caPem: 'OTHER CA' }).load()).toBeUndefined();
    expect(fileSessionStore(file, { ...binding, serverUrl: 'https://elsewhere.example' }).load()).toBeUndefined();
  });

  it('ignores a file that is damaged, too large, too old or dated in the future', () => {
    let now = Date.parse('2026-11-29T00:00:00Z');
    const store = fileSessionStore(file, binding, () => now);
    for (const text of ['', 'not json', '[]', '{"key":1}', '{"session":"AAAA"}']) {
      writeFileSync(file, text);
      expect(store.load(), text).toBeUndefined();
    }
    rmSync(file);
    store.save(Buffer.alloc(64 * 1024, 1));
    expect(existsSync(file)).toBe(false);
    store.save(ticket);
    now += 8 * 86_400_000;
    expect(store.load()).toBeUndefined();
    now -= 9 * 86_400_000;
    expect(store.load()).toBeUndefined();
  });

  it('a place it cannot write to costs the session, not the push', () => {
    const store = fileSessionStore(join(dir, 'gone', 'tls-session.json'), binding);
    expect(() => store.save(ticket)).not.toThrow();
    expect(store.load()).toBeUndefined();
  });

  it('drop forgets it', () => {
    const store = fileSessionStore(file, binding);
    store.save(ticket);
    store.drop();
    expect(existsSync(file)).toBe(false);
    expect(() => store.drop()).not.toThrow();
  });
});
