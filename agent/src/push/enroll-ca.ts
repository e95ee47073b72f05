/**
 * `GET {server}/v1/enroll/ca` for enrollment from a code. This is the agent's only request that
 * does not verify the server certificate, because there is nothing to verify it with yet: what
 * comes back is public, the request carries nothing secret (no token, no key), and the answer is
 * believed only if its first certificate's SHA-256 equals the fingerprint in the code, which IT
 * handed out through another channel. From then on that certificate is the one trust anchor, and
 * the enrollment itself (which carries the token) runs with full verification against it.
 */
import { request } from 'node:https';
import { caFingerprint, equalConstantTime, firstCertificateDer } from '@vigil/shared/core';
import { z } from 'zod';
import { PushError } from './errors.js';

const MAX_BODY_BYTES = 256 * 1024;
const AnswerSchema = z.object({
  caCertificates: z
    .array(z.string().max(64 * 1024))
    .min(1)
    .max(16),
});

export interface PinnedCa {
  /** The pinned CA, PEM. */
  pem: string;
  fingerprint: string;
}

export class CaFingerprintMismatch extends Error {
  constructor() {
    super('the CA certificate the service sent does not match the fingerprint in the enrollment code');
    this.name = 'CaFingerprintMismatch';
  }
}

export async function fetchPinnedCa(serverUrl: string, fingerprint: string, timeoutMs: number): Promise<PinnedCa> {
  const url = `${serverUrl.replace(/\/+$/, '')}/v1/enroll/ca`;
  const text = await getText(url, timeoutMs);
  let answer: z.infer<typeof AnswerSchema>;
  try {
    answer = AnswerSchema.parse(JSON.parse(text));
  } catch (cause) {
    throw new PushError('VIGIL_PUSH_BAD_RESPONSE', '/v1/enroll/ca: not a list of CA certificates', { cause });
  }
  const pem = answer.caCertificates[0]!;
  const der = firstCertificateDer(pem);
  if (!der || !equalConstantTime(await caFingerprint(der), fingerprint)) throw new CaFingerprintMismatch();
  return { pem: pem.endsWith('\n') ? pem : `${pem}\n`, fingerprint };
}

function getText(url: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        headers: { accept: 'application/json' },
        minVersion: 'TLSv1.2',
        // See the header: the answer is authenticated by the code's fingerprint, not by TLS.
        rejectUnauthorized: false,
        agent: false,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            req.destroy();
            reject(
              new PushError('VIGIL_PUSH_BAD_RESPONSE', `/v1/enroll/ca: answer larger than ${MAX_BODY_BYTES} bytes`),
            );
          } else chunks.push(chunk);
        });
        res.once('end', () => {
          const status = res.statusCode ?? 0;
          if (status !== 200) {
            reject(
              new PushError(
                status >= 500 ? 'VIGIL_PUSH_SERVER_ERROR' : 'VIGIL_PUSH_REJECTED',
                `/v1/enroll/ca: HTTP ${status}`,
                { status },
              ),
            );
          } else resolve(Buffer.concat(chunks).toString('utf8'));
        });
        res.once('error', (cause) => reject(unreachable(url, cause)));
      },
    );
    req.once('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.once('error', (cause) => reject(unreachable(url, cause)));
    req.end();
  });
}

function unreachable(url: string, cause: Error): PushError {
  const code = (cause as NodeJS.ErrnoException).code;
  return new PushError('VIGIL_PUSH_UNREACHABLE', `${url}: service unreachable (${code ?? cause.message})`, { cause });
}
