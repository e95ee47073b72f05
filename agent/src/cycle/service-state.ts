/** What the agent last learned about the service, kept in the cache for status and doctor. */
import type { AgentCache } from '../cache/index.js';

export interface ServiceState {
  reachable: boolean;
  checkedAt: string;
  lastError?: { code: string; message: string };
  lastPushedAt?: string;
  /** Seconds the local clock is ahead of the service's Date header (negative: behind). */
  clockSkewSeconds?: number;
  nextReportSeconds?: number;
}

const KEY = 'service.state';

export function readServiceState(cache: AgentCache): ServiceState | null {
  return cache.kv.get<ServiceState>(KEY);
}

export function writeServiceState(
  cache: AgentCache,
  update: Partial<ServiceState> & { reachable: boolean; checkedAt: string },
): void {
  const previous = readServiceState(cache) ?? undefined;
  const next: ServiceState = { ...previous, ...update };
  if (update.reachable && !update.lastError) delete next.lastError;
  cache.kv.set(KEY, next);
}
