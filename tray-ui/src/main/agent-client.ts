/**
 * The tray's only line to the agent: the local status API over its Unix socket or named pipe.
 * tray-ui may not import agent/: it shares only the socket exchange (@vigil/shared/status-socket)
 * and keeps its own error codes (agent-exchange.ts); every answer is validated by the shared
 * contract. It never talks to the network.
 */
import {
  AgentStatusSchema,
  CheckNowResponseSchema,
  ConsentStatusSchema,
  PrivacyViewSchema,
  type AgentStatus,
  type CheckNowResponse,
  type ConsentRequest,
  type ConsentStatus,
  type PrivacyView as AgentPrivacy,
} from '@vigil/shared';
import type { z } from 'zod';
import { AgentClientError, exchange, refused, type Answer } from './agent-exchange.js';

export { AGENT_CLIENT_ERROR_CODES, AgentClientError, type AgentClientErrorCode } from './agent-exchange.js';
export type { AgentPrivacy };

export interface AgentClient {
  fetchStatus(): Promise<AgentStatus>;
  /** Resolves for "accepted" and for "too soon" (HTTP 429): both are answers to show. */
  requestCheckNow(): Promise<CheckNowResponse>;
  /** `GET /v1/privacy`: the statement, the last report as sent, the activity log. */
  fetchPrivacy(): Promise<AgentPrivacy>;
  /** `POST /v1/consent`: the owner's decision; answers the consent state now in force. */
  decideConsent(request: ConsentRequest): Promise<ConsentStatus>;
}

export function createAgentClient(socketPath: string, options: { timeoutMs?: number; pid?: number } = {}): AgentClient {
  const timeoutMs = options.timeoutMs ?? 3_000;
  const call = (method: 'GET' | 'POST', path: string, body?: string) =>
    exchange(socketPath, method, path, body, timeoutMs);
  return {
    async fetchStatus() {
      const answer = await call('GET', '/v1/status');
      if (answer.status !== 200) throw refused(answer);
      return valid(AgentStatusSchema, answer, 'the agent status');
    },
    async requestCheckNow() {
      const answer = await call(
        'POST',
        '/v1/check-now',
        JSON.stringify(options.pid !== undefined ? { pid: options.pid } : {}),
      );
      if (answer.status !== 202 && answer.status !== 429) throw refused(answer);
      return valid(CheckNowResponseSchema, answer, 'the check-now answer');
    },
    async fetchPrivacy() {
      const answer = await call('GET', '/v1/privacy');
      if (answer.status !== 200) throw refused(answer);
      valid(PrivacyViewSchema, answer, 'the privacy report');
      // Validated, but shown as received: the claims stay exactly as the agent decoded them.
      return answer.json as AgentPrivacy;
    },
    async decideConsent(request) {
      const answer = await call('POST', '/v1/consent', JSON.stringify(request));
      if (answer.status !== 200) throw refused(answer);
      return valid(ConsentStatusSchema, answer, 'the consent answer');
    },
  };
}

function valid<T>(schema: z.ZodType<T>, answer: Answer, what: string): T {
  const parsed = schema.safeParse(answer.json);
  if (!parsed.success)
    throw new AgentClientError('VIGIL_TRAY_AGENT_BAD_RESPONSE', `${what} does not match the contract`, {
      cause: parsed.error,
    });
  return parsed.data;
}
