/**
 * Re-signs the undelivered tail after the service refused its first report for a reason that
 * leaves the service's chain untouched: its nonce expired (the agent went offline between
 * challenge and delivery) or it was signed with the key replaced by a renewal. Without this every
 * later report would be a sequence gap and the device would be flagged as forked. The posture is kept; the re-signed reports are
 * unchallenged (history only), so the cycle's fresh challenged report still decides the result.
 */
import { randomUUID } from 'node:crypto';
import type { AgentCache } from '../cache/index.js';
import { signReport } from '../evidence/build.js';
import { decodeClaims } from './decode-claims.js';
import type { DeviceIdentity } from '../identity/store.js';

export async function resignTail(input: {
  cache: AgentCache;
  identity: DeviceIdentity;
  fromSeq: number;
  now: () => Date;
}): Promise<number> {
  const { cache, identity } = input;
  const chain = cache.reports.chain();
  const tail = cache.reports.tailFrom(identity.deviceId, input.fromSeq);
  const first = tail[0];
  if (!first) return 0;
  let prev = decodeClaims(first.jws).prev;
  const replacements = [];
  for (const report of tail) {
    const claims: Record<string, unknown> = { ...decodeClaims(report.jws) };
    delete claims.eat_nonce;
    const jti = randomUUID();
    const next = {
      ...(claims as Omit<ReturnType<typeof decodeClaims>, 'eat_nonce'>),
      jti,
      iat: Math.floor(input.now().getTime() / 1000),
      ...(prev !== undefined ? { prev } : {}),
    };
    if (prev === undefined) delete next.prev;
    const signed = await signReport(next, { privateKey: identity.privateKey, kid: identity.certificate.thumbprint });
    replacements.push({
      seq: report.seq,
      jti,
      jws: signed.jws,
      hash: signed.hash,
      challenged: false,
      collectedAt: report.collectedAt,
      createdAt: input.now().getTime(),
      ...(report.gap ? { gap: report.gap } : {}),
    });
    prev = signed.hash;
  }
  cache.reports.replaceTail(identity.deviceId, { lastSeq: chain.lastSeq, lastHash: chain.lastHash }, replacements);
  return replacements.length;
}

/** Claims of a report this agent signed itself (validated again: the cache is untrusted). */
