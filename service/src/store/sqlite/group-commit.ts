/**
 * Group commit: ingest transactions that arrive in the same event-loop turn share one outer
 * transaction, each inside its own SAVEPOINT (better-sqlite3 nests transaction functions that
 * way), so a failure rolls back only its own work. One WAL commit then carries many reports:
 * fewer syscalls, and pages that several reports touch (the devices and reports tails) are
 * written once. No response is sent before its batch has committed.
 */
import type { Db } from './open.js';

interface Pending<I, O> {
  input: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export function groupCommit<I, O>(db: Db, runOne: (input: I) => O): (input: I) => Promise<O> {
  const one = db.transaction(runOne);
  const all = db.transaction((items: Pending<I, O>[]) =>
    items.map((item) => {
      try {
        return { ok: true as const, value: one(item.input) };
      } catch (error) {
        return { ok: false as const, error };
      }
    }),
  );
  let queue: Pending<I, O>[] = [];
  const flush = () => {
    const items = queue;
    queue = [];
    let results: ReturnType<typeof all>;
    try {
      results = all.immediate(items);
    } catch (error) {
      for (const item of items) item.reject(error);
      return;
    }
    results.forEach((result, i) => {
      const item = items[i];
      if (!item) return;
      if (result.ok) item.resolve(result.value);
      else item.reject(result.error);
    });
  };
  return (input) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ input, resolve, reject });
      if (queue.length === 1) setImmediate(flush);
    });
}
