/**
 * The agent's only network client (got v14). TLS: the service CA is the only trust anchor
 * (`certificateAuthority` replaces the system roots), TLS ≥ 1.2, certificate verification always
 * on; mTLS with the device key once enrolled. got is imported lazily so an idle daemon that has
 * not pushed yet does not carry it.
 */
import { Agent } from 'node:https';
import type { Got, RequestError } from 'got';
import type { z } from 'zod';
import { retryDelay, parseRetryAfter, type BackoffSettings } from './backoff.js';
import { PushError } from './errors.js';
import { ServiceProblemSchema } from './responses.js';
import { fileSessionStore, ResumingAgent } from './tls-session.js';

export interface Endpoint {
  serverUrl: string;
  /** PEM of the CA(s) that may sign the service's TLS certificate. */
  caPem: string;
  /** Device certificate and key for mTLS; absent only for enrollment. */
  clientCertPem?: string;
  clientKeyPem?: string;
  /** Where the last TLS session is kept between cycles (tls-session.ts); mTLS only. */
  tlsSessionFile?: string;
}

export interface ClientSettings extends BackoffSettings {
  timeoutMs: number;
}

export interface JsonResponse<T> {
  status: number;
  body: T;
  /** The service's Date header (clock-skew check in `vigil doctor`). */
  serverDate: Date | null;
}

export interface HttpClient {
  postJson<S extends z.ZodType>(
    path: string,
    body: unknown,
    schema: S,
    headers?: Record<string, string>,
  ): Promise<JsonResponse<z.infer<S>>>;
  postText<S extends z.ZodType>(
    path: string,
    body: string,
    schema: S,
    headers: Record<string, string>,
  ): Promise<JsonResponse<z.infer<S>>>;
  get(path: string): Promise<{ status: number; serverDate: Date | null }>;
  close(): void;
}

export async function createHttpClient(
  endpoint: Endpoint,
  settings: ClientSettings,
  random = Math.random,
): Promise<HttpClient> {
  const { got } = await import('got');
  // One keep-alive socket per cycle; destroyed on close so an idle daemon holds no connection.
  // With mTLS the next cycle resumes this cycle's TLS session instead of a full handshake.
  const sessions =
    endpoint.tlsSessionFile && endpoint.clientCertPem
      ? fileSessionStore(endpoint.tlsSessionFile, {
          serverUrl: endpoint.serverUrl,
          caPem: endpoint.caPem,
          clientCertPem: endpoint.clientCertPem,
        })
      : undefined;
  const agentOptions = { keepAlive: true, maxSockets: 2 };
  const agent = sessions ? new ResumingAgent(agentOptions, sessions) : new Agent(agentOptions);
  // A refused certificate may be the one the session carries: the next cycle starts afresh.
  const failed = (path: string, error: unknown) => {
    const mapped = toPushError(path, error);
    if (mapped.status === 401) sessions?.drop();
    return mapped;
  };
  const client: Got = got.extend({
    prefixUrl: endpoint.serverUrl.replace(/\/+$/, ''),
    agent: { https: agent },
    timeout: { request: settings.timeoutMs },
    throwHttpErrors: true,
    https: {
      certificateAuthority: endpoint.caPem,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      ...(endpoint.clientCertPem && endpoint.clientKeyPem
        ? { certificate: endpoint.clientCertPem, key: endpoint.clientKeyPem }
        : {}),
    },
    retry: {
      limit: settings.retries,
      methods: ['GET', 'POST'],
      calculateDelay: ({ attemptCount, error, retryAfter }) =>
        retryDelay(
          {
            attempt: attemptCount,
            method: error.options.method,
            idempotent: typeof error.options.headers['idempotency-key'] === 'string',
            ...(error.response ? { status: error.response.statusCode } : {}),
            ...(error.code ? { errorCode: error.code } : {}),
            ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
          },
          settings,
          random,
        ),
    },
  });

  const send = async <S extends z.ZodType>(
    path: string,
    options: { json?: unknown; body?: string; headers?: Record<string, string> },
    schema: S,
  ): Promise<JsonResponse<z.infer<S>>> => {
    try {
      const response = await client.post(path.replace(/^\//, ''), { ...options, responseType: 'text' });
      let parsed: unknown;
      try {
        parsed = JSON.parse(response.body);
      } catch (cause) {
        throw new PushError('VIGIL_PUSH_BAD_RESPONSE', `${path}: response is not JSON`, {
          status: response.statusCode,
          cause,
        });
      }
      const result = schema.safeParse(parsed);
      if (!result.success) {
        throw new PushError(
          'VIGIL_PUSH_BAD_RESPONSE',
          `${path}: unexpected response: ${result.error.issues[0]?.message ?? ''}`,
          {
            status: response.statusCode,
          },
        );
      }
      return { status: response.statusCode, body: result.data, serverDate: parseDate(response.headers.date) };
    } catch (error) {
      throw failed(path, error);
    }
  };

  return {
    postJson: (path, body, schema, headers = {}) => send(path, { json: body, headers }, schema),
    postText: (path, body, schema, headers) => send(path, { body, headers }, schema),
    async get(path) {
      try {
        const response = await client.get(path.replace(/^\//, ''), { responseType: 'text' });
        return { status: response.statusCode, serverDate: parseDate(response.headers.date) };
      } catch (error) {
        throw failed(path, error);
      }
    },
    close: () => agent.destroy(),
  };
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|EPROTO|HOSTNAME|ALTNAME/;

export function toPushError(path: string, error: unknown): PushError {
  if (error instanceof PushError) return error;
  const err = error as RequestError;
  const response = err.response;
  if (response) {
    const status = response.statusCode;
    const body = typeof response.body === 'string' ? response.body : '';
    let problem: z.infer<typeof ServiceProblemSchema> | undefined;
    try {
      problem = ServiceProblemSchema.parse(JSON.parse(body));
    } catch {
      problem = undefined;
    }
    const retryAfter = parseRetryAfter(response.headers['retry-after']);
    const details = {
      status,
      ...(problem ? { serviceCode: problem.code } : {}),
      ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
      cause: error,
    };
    const what = `${path}: HTTP ${status}${problem ? ` ${problem.code}: ${problem.message}` : ''}`;
    const serviceCode = problem?.code ?? '';
    if (status === 429) return new PushError('VIGIL_PUSH_RATE_LIMITED', what, details);
    // A report whose signature or kid does not verify is refused for itself (e.g. signed with
    // the key before a renewal), not because the device is: it must not stop the outbox.
    if ((status === 401 || status === 403) && !serviceCode.startsWith('VIGIL_EVIDENCE_')) {
      return new PushError('VIGIL_PUSH_UNAUTHORIZED', what, details);
    }
    // 409 is both "the same report is being processed right now" (retry later) and "this
    // report breaks the chain" (final): the service code tells them apart.
    if (status >= 500 || status === 408 || serviceCode === 'VIGIL_IDEMPOTENCY_IN_PROGRESS') {
      return new PushError('VIGIL_PUSH_SERVER_ERROR', what, details);
    }
    return new PushError('VIGIL_PUSH_REJECTED', what, details);
  }
  const code = String(err.code ?? (err.cause as NodeJS.ErrnoException | undefined)?.code ?? '');
  const message = err.message ?? String(error);
  if (TLS_CODES.test(code) || /certificate|TLS|SSL/i.test(message)) {
    return new PushError(
      'VIGIL_PUSH_TLS',
      `${path}: TLS failure (${code || 'handshake'}): the service certificate is not trusted or the connection is not secure`,
      { cause: error },
    );
  }
  return new PushError('VIGIL_PUSH_UNREACHABLE', `${path}: service unreachable (${code || message})`, { cause: error });
}

function parseDate(value: string | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
