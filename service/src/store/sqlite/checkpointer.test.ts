import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('background WAL checkpoints', () => {
  it('copies WAL pages into the database from a worker, and truncates the WAL on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-ckpt-'));
    dirs.push(dir);
    const path = join(dir, 'db.sqlite');
    const store = openSqliteStore(path);
    const before = statSync(path).size;
    for (let i = 0; i < 300; i++) {
      await store.createAdminToken({
        id: `token-${i}`,
        secretHash: Buffer.alloc(32, i),
        label: 'x'.repeat(500),
        now: new Date(),
      });
    }
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
    let grown = false;
    for (let i = 0; i < 40 && !grown; i++) {
      await new Promise((r) => setTimeout(r, 100));
      grown = statSync(path).size > before;
    }
    expect(grown).toBe(true);
    await store.close();
    expect(statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0).toBe(0);
  });
});
