import { mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './open.js';
import { truncation } from './truncation.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A migrated database file, closed cleanly (WAL checkpointed away). */
function databaseFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-truncation-'));
  dirs.push(dir);
  const path = join(dir, 'vigil-service.sqlite');
  openDatabase(path).close();
  return path;
}

describe('damaged database files', () => {
  it('finds a file cut short of what its header records', () => {
    const path = databaseFile();
    expect(truncation(path)).toBeNull();
    truncateSync(path, statSync(path).size - 8192);
    expect(truncation(path)).toMatch(/truncated: \d+ bytes where its header records \d+ pages of 8192 bytes/);
  });

  it('leaves the judgement to SQLite while a write-ahead log may hold the missing pages', () => {
    const path = databaseFile();
    truncateSync(path, statSync(path).size - 8192);
    writeFileSync(`${path}-wal`, Buffer.alloc(4096));
    expect(truncation(path)).toBeNull();
  });

  it('refuses to open a truncated or garbled file, naming it and the way out', () => {
    const path = databaseFile();
    truncateSync(path, statSync(path).size / 2);
    expect(() => openDatabase(path)).toThrow(
      expect.objectContaining({ code: 'VIGIL_STORE_CORRUPT', message: expect.stringContaining(path) }),
    );
    writeFileSync(path, Buffer.alloc(65_536, 0x5a));
    expect(() => openDatabase(path)).toThrow(/damaged \(file is not a database\).*Restore it from a backup/);
  });
});
