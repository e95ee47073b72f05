/**
 * Writes to the local activity log without ever failing the action it records: a consent
 * decision or a push must not be refused because the log could not be written (the failure is
 * logged instead).
 */
import type { PrivacyActivityKind } from '@vigil/shared/core';
import type { AgentCache } from '../cache/index.js';
import { errorFields, type Logger } from '../logging/logger.js';

export interface ActivityInput {
  kind: PrivacyActivityKind;
  requester: string;
  outcome: string;
  at?: Date;
}

export function recordActivity(cache: AgentCache | null, input: ActivityInput, log?: Logger): void {
  if (!cache) return;
  try {
    cache.activity.add({
      at: (input.at ?? new Date()).getTime(),
      kind: input.kind,
      requester: input.requester,
      outcome: input.outcome,
    });
  } catch (error) {
    log?.warn({ error: errorFields(error), kind: input.kind }, 'activity log not written');
  }
}

/** "Who asked" for a check-now request: ids are self-reported by the client, and said so. */
export function checkNowRequester(requester: { uid?: number; pid?: number }): string {
  const ids = [
    requester.uid !== undefined ? `uid ${requester.uid}` : null,
    requester.pid !== undefined ? `pid ${requester.pid}` : null,
  ].filter(Boolean);
  return ids.length > 0 ? `local client (${ids.join(', ')}, self-reported)` : 'local client (no id given)';
}

/** "Who asked" for a push, from the cycle's reason. */
export function pushRequester(reason: string): string {
  const known: Record<string, string> = {
    startup: 'agent start',
    schedule: 'schedule',
    'check-now': 'check-now request',
    push: 'vigil push',
    'policy-scope': 'follow-up: the service named its policy checks',
  };
  return known[reason] ?? reason;
}
