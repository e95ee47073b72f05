/**
 * Keeps the idle daemon small. The cycle itself runs in its own process (cycle-runner.ts), but the
 * daemon still allocates around it (the outcome message, identity reload, status for the tray),
 * and V8 keeps that garbage until the next allocation pressure, which for an idle daemon never
 * comes. One full collection after each cycle returns it (a few ms every quarter hour).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

export function releaseMemory(): void {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  collect?.();
}
