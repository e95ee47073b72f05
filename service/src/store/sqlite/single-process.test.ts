/**
 * One service process per SQLite file: a second claim is refused with VIGIL_STORE_IN_USE while
 * the first holds it, CLI commands are not refused, and closing frees the file. (A killed
 * process leaves no claim behind: test/e2e/single-process.test.ts, with real processes.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../types.js';
import { openSqliteStore } from './sqlite-store.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-claim-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'vigil-service.sqlite');
}

function opened(store: Store): Store {
  cleanup.push(() => store.close());
  return store;
}

describe('one service process per SQLite database', () => {
  it('refuses a second service store on the same file, lets CLI commands in, and frees the file on close', async () => {
    const path = tempDb();
    const first = openSqliteStore(path);
    expect(() => openSqliteStore(path)).toThrow(
      expect.objectContaining({ code: 'VIGIL_STORE_IN_USE', message: expect.stringContaining(path) }),
    );
    const cli = opened(openSqliteStore(path, { shortLived: true }));
    await expect(cli.ping()).resolves.toBeUndefined();
    await first.close();
    const second = opened(openSqliteStore(path));
    await expect(second.ping()).resolves.toBeUndefined();
  });
});
