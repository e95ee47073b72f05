/**
 * A decision as an HTTP answer. Proxies act on the status alone (2xx lets the request through;
 * nginx accepts only 2xx/401/403 from `auth_request`); the `X-Vigil-*` headers are for the proxy
 * to copy upstream (identity) or into its error page (reason).
 */
import type { ServerResponse } from 'node:http';
import type { Decision } from '../verify/decision.js';
import { denyPage } from './deny-page.js';

export interface RenderedDecision {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function renderDecision(decision: Decision, accept: string | undefined): RenderedDecision {
  if (decision.allow) {
    return {
      status: 200,
      headers: {
        'cache-control': 'no-store',
        'x-vigil-device': decision.device?.id ?? '',
        'x-vigil-status': decision.status ?? '',
        'x-vigil-expires': decision.expiresAt ? String(Math.floor(decision.expiresAt.getTime() / 1000)) : '',
      },
      body: '',
    };
  }
  const headers: Record<string, string> = {
    'cache-control': 'no-store',
    'x-vigil-reason': decision.reasons.map((r) => r.code).join(', '),
    'x-content-type-options': 'nosniff',
  };
  if (decision.device) headers['x-vigil-device'] = decision.device.id;
  if (decision.httpStatus === 401) headers['www-authenticate'] = 'Bearer realm="vigil", error="invalid_token"';
  if (accept?.includes('application/json') && !accept.includes('text/html')) {
    headers['content-type'] = 'application/json';
    const first = decision.reasons[0];
    const body = JSON.stringify({
      code: first?.code,
      message: first?.message,
      reasons: decision.reasons,
      checks: decision.checks,
    });
    return { status: decision.httpStatus, headers, body };
  }
  headers['content-type'] = 'text/html; charset=utf-8';
  headers['content-security-policy'] = "default-src 'none'; style-src 'unsafe-inline'";
  return { status: decision.httpStatus, headers, body: denyPage(decision) };
}

export function writeDecision(res: ServerResponse, decision: Decision, accept: string | undefined): void {
  if (decision.allow) {
    // The hot path: a flat header list, no intermediate objects.
    // prettier-ignore
    res.writeHead(200, [
      'cache-control', 'no-store',
      'content-length', '0',
      'x-vigil-device', decision.device?.id ?? '',
      'x-vigil-status', decision.status ?? '',
      'x-vigil-expires', decision.expiresAt ? String(Math.floor(decision.expiresAt.getTime() / 1000)) : '',
    ]);
    res.end();
    return;
  }
  const { status, headers, body } = renderDecision(decision, accept);
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}
