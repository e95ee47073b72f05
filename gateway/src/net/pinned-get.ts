/**
 * The gateway's only outgoing HTTPS: GET with a pinned trust anchor. `ca` replaces Node's
 * default roots, so a server certificate from any other CA fails, and TLS below 1.2 is refused.
 * Certificate checking is never relaxed. Redirects are not followed (they could leave the
 * pinned host), bodies are size-capped, and every request has a deadline.
 */
import { request } from 'node:https';

export interface PinnedGetOptions {
  /** PEM of the CA(s) allowed to have issued the server certificate. */
  ca: string | Buffer;
  timeoutMs: number;
  maxBytes: number;
  headers?: Record<string, string>;
}

export interface PinnedResponse {
  status: number;
  body: string;
}

export function pinnedGet(url: URL, options: PinnedGetOptions): Promise<PinnedResponse> {
  if (url.protocol !== 'https:') return Promise.reject(new Error('only https URLs are fetched'));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        ca: options.ca,
        minVersion: 'TLSv1.2',
        timeout: options.timeoutMs,
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) req.destroy(new Error(`response larger than ${options.maxBytes} bytes`));
          else chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}
