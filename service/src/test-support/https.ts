/** Minimal HTTPS client for loopback tests and the benchmark: mTLS, pinned CA, TLS ≥ 1.2. */
import { request, type Agent } from 'node:https';
import type { SecureVersion } from 'node:tls';

export interface HttpsOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  ca: string | string[];
  key?: string;
  cert?: string;
  agent?: Agent;
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
}

export interface HttpsResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = unknown>(): T;
}

export function httpsRequest(url: string, options: HttpsOptions): Promise<HttpsResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        headers: {
          ...options.headers,
          ...(options.body !== undefined ? { 'content-length': Buffer.byteLength(options.body).toString() } : {}),
        },
        ca: options.ca,
        ...(options.key ? { key: options.key, cert: options.cert } : {}),
        ...(options.agent ? { agent: options.agent } : { agent: false }),
        minVersion: options.minVersion ?? 'TLSv1.2',
        ...(options.maxVersion ? { maxVersion: options.maxVersion } : {}),
        rejectUnauthorized: true,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
