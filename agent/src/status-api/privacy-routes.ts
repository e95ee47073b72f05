/**
 * The personal-mode routes of the status API: `GET /v1/privacy` (statement, last report as sent,
 * activity log) and `POST /v1/consent` (the owner's decision). Both answers are validated
 * against the shared contract before they leave, like `/v1/status`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ConsentRequestSchema,
  ConsentStatusSchema,
  PrivacyViewSchema,
  type ConsentRequest,
  type ConsentStatus,
  type PrivacyView,
} from '@vigil/shared/core';
import { STATUS_HTTP_ERROR_CODES as CODES } from './errors.js';
import { sendJson } from './http-io.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void>;
export type RouteTable = Record<string, Partial<Record<string, RouteHandler>>>;

export interface PrivacyRouteOptions {
  getPrivacy?: () => PrivacyView | Promise<PrivacyView>;
  /** Records the decision; may throw StatusRefusal (managed device, outdated statement). */
  decideConsent?: (request: ConsentRequest) => ConsentStatus | Promise<ConsentStatus>;
}

export function privacyRoutes(
  options: PrivacyRouteOptions,
  report: (error: unknown, route: string) => void,
): RouteTable {
  const routes: RouteTable = {};
  const { getPrivacy, decideConsent } = options;
  if (getPrivacy) {
    routes['/v1/privacy'] = {
      GET: async (_req, res) => {
        const view = await getPrivacy();
        const parsed = PrivacyViewSchema.safeParse(view);
        if (!parsed.success) {
          report(parsed.error, '/v1/privacy');
          sendJson(res, 500, { code: CODES.internal, message: 'the agent produced an invalid privacy view' });
          return;
        }
        // The view as built, not as parsed: the claims are shown exactly as they were signed.
        sendJson(res, 200, view);
      },
    };
  }
  if (decideConsent) {
    routes['/v1/consent'] = {
      POST: async (_req, res, body) => {
        const request = parseConsentRequest(body);
        if (!request) {
          sendJson(res, 400, {
            code: CODES.badRequest,
            message: 'body must be {"decision": "accept"|"withdraw", "statementVersion": string}',
          });
          return;
        }
        const status = ConsentStatusSchema.parse(await decideConsent(request));
        sendJson(res, 200, status);
      },
    };
  }
  return routes;
}

function parseConsentRequest(body: Buffer): ConsentRequest | undefined {
  try {
    const parsed = ConsentRequestSchema.safeParse(JSON.parse(body.toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
