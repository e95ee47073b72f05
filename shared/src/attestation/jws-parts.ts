/**
 * Takes a compact JWS apart before any signature work so that every rejection has its own
 * reason: structure, duplicate members, then header policy. jose re-parses the same bytes
 * afterwards; both parsers agree because duplicates (the one case where they could differ) never
 * get that far.
 */
import { decodeBase64url } from './base64url.js';
import { scanStrictJson, StrictJsonError, type StrictJsonOptions } from './strict-json.js';

export interface CompactParts {
  header: Record<string, unknown>;
  payloadSegment: string;
}

export type SegmentProblem = { kind: 'malformed' | 'duplicate-key' | 'invalid'; message: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Splits `a.b.c` and decodes the protected header; returns a problem instead of throwing. */
export function splitCompactJws(jws: unknown): CompactParts | SegmentProblem {
  if (typeof jws !== 'string') return { kind: 'malformed', message: 'token is not a string' };
  const parts = jws.split('.');
  if (parts.length !== 3) return { kind: 'malformed', message: 'token is not a compact JWS (three segments)' };
  const [headerSegment = '', payloadSegment = '', signature = ''] = parts;
  // Every segment canonical, as the header is below: jose decodes payload and signature leniently,
  // so a signature with different unused bits verified (one token, several spellings) and a
  // padded payload was refused as a bad signature instead of as malformed (found by fuzzing).
  const canonical = payloadSegment !== '' && decodeBase64url(payloadSegment) && decodeBase64url(signature);
  if (headerSegment === '' || !canonical) {
    return { kind: 'malformed', message: 'token segments are not canonical base64url' };
  }
  const header = decodeJsonSegment(headerSegment, { maxDepth: 4 });
  if ('kind' in header) return header;
  return { header: header.value, payloadSegment };
}

/** Decodes a base64url segment holding a JSON object, strictly. */
export function decodeJsonSegment(
  segment: string,
  options: StrictJsonOptions,
): { value: Record<string, unknown> } | SegmentProblem {
  const bytes = decodeBase64url(segment);
  if (!bytes) return { kind: 'malformed', message: 'segment is not canonical base64url' };
  return decodeJsonBytes(bytes, options);
}

export function decodeJsonBytes(
  bytes: Uint8Array,
  options: StrictJsonOptions,
): { value: Record<string, unknown> } | SegmentProblem {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { kind: 'malformed', message: 'segment is not UTF-8' };
  }
  try {
    scanStrictJson(text, options);
  } catch (error) {
    if (!(error instanceof StrictJsonError)) throw error;
    if (error.reason === 'duplicate-key') return { kind: 'duplicate-key', message: error.message };
    if (error.reason === 'non-integer') return { kind: 'invalid', message: error.message };
    return { kind: 'malformed', message: error.message };
  }
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'malformed', message: 'segment is not a JSON object' };
  }
  return { value: value as Record<string, unknown> };
}

/** RFC 7515 §4.1.9: `typ` compares case-insensitively and may omit the `application/` prefix. */
export function typMatches(typ: unknown, expected: string): boolean {
  if (typeof typ !== 'string') return false;
  const normal = typ.toLowerCase().replace(/^application\//, '');
  return normal === expected.toLowerCase();
}
