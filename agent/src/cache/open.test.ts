import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordingLogger, silentLogger, tempDir, DEVICE_ID } from '../test-support/fixtures.js';
import { CacheError } from './errors.js';
import { openCache } from './index.js';

describe('openCache', () => {
  it('uses WAL, synchronous=FULL and 8 KiB pages, and migrates to the latest schema', () => {
    const dir = tempDir();
    const cache = openCache({ file: join(dir, 'cache.db'), log: silentLogger() });
    expect(cache.integrityCheck()).toEqual(['ok']);
    cache.close();
    // Reopening an up-to-date database is a no-op.
    const again = openCache({ file: join(dir, 'cache.db'), log: silentLogger() });
    expect(again.reports.chain().lastSeq).toBe(0);
    again.close();
  });

  it('moves a corrupt database aside with a clear log line and starts fresh', () => {
    const dir = tempDir();
    const file = join(dir, 'cache.db');
    writeFileSync(file, 'this is not a sqlite database, just garbage bytes '.repeat(200));
    const { log, lines } = recordingLogger();
    const cache = openCache({ file, log, now: () => new Date('2026-01-02T03:04:05Z') });
    expect(cache.integrityCheck()).toEqual(['ok']);
    cache.close();
    expect(readdirSync(dir)).toContain('cache.db.corrupt-2026-01-02T03-04-05-000Z');
    const line = lines.find((l) => String(l.msg).startsWith('cache database corrupt'));
    expect(line).toMatchObject({ level: 'error', file, code: 'VIGIL_CACHE_CORRUPT' });
  });

  it('reports a full disk as VIGIL_CACHE_DISK_FULL (SQLITE_FULL via max_page_count)', () => {
    const dir = tempDir();
    const cache = openCache({ file: join(dir, 'cache.db'), log: silentLogger(), maxPageCount: 16 });
    cache.reports.bindDevice(DEVICE_ID);
    const error = (() => {
      try {
        for (let n = 1; n < 1000; n++) {
          const plan = cache.reports.planNext(DEVICE_ID, 10_000);
          cache.reports.commit(plan, {
            jti: `jti-${n}-xxxx`,
            jws: 'x'.repeat(4000),
            hash: `h${n}`,
            challenged: false,
            collectedAt: '',
            createdAt: n,
          });
        }
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(CacheError);
    expect((error as CacheError).code).toBe('VIGIL_CACHE_DISK_FULL');
    // The failed transaction left the chain consistent with what was stored.
    const chain = cache.reports.chain();
    expect(cache.reports.pending(DEVICE_ID).at(-1)?.seq).toBe(chain.lastSeq);
    expect(existsSync(join(dir, 'cache.db'))).toBe(true);
    cache.close();
  });

  it('releases a push lease held by a dead process', () => {
    const cache = openCache({ file: join(tempDir(), 'cache.db'), log: silentLogger() });
    expect(cache.lease.tryAcquire(999_999_999, 0, 60_000)).toBe(true);
    // pid 999999999 does not exist, so another process may take the lease at once.
    expect(cache.lease.tryAcquire(process.pid, 1, 60_000)).toBe(true);
    expect(cache.lease.tryAcquire(process.ppid, 2, 60_000)).toBe(false);
    cache.lease.release(process.pid);
    expect(cache.lease.tryAcquire(process.ppid, 3, 60_000)).toBe(true);
    cache.close();
  });
});
