/**
 * Keeps the idle daemon small. A cycle allocates (collector output, TLS, JSON, signatures) and
 * V8 keeps that garbage, and its young generation, until the next allocation pressure, which for
 * an idle daemon never comes: RSS would stay at the cycle's high-water mark for 15 minutes. One
 * full collection after each cycle returns it (a few ms every quarter hour).
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
