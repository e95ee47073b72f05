/**
 * A minimal strict DER TLV reader. We need the exact bytes of the signed part of a CSR (the
 * signature covers the bytes as received, not a re-encoding) and a cheap structural check
 * before any heavier parser sees the input. Only definite, minimal lengths; no high tag numbers.
 */
export interface Tlv {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the content. */
  end: number;
}

export class DerError extends Error {
  override name = 'DerError';
}

export function readTlv(der: Uint8Array, offset: number, limit = der.length): Tlv {
  const tag = der[offset];
  const first = der[offset + 1];
  if (tag === undefined || first === undefined) throw new DerError('truncated DER header');
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not used here');
  let length = first;
  let contentStart = offset + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 3) throw new DerError('indefinite or oversized DER length');
    length = 0;
    for (let i = 0; i < count; i++) {
      const byte = der[contentStart + i];
      if (byte === undefined) throw new DerError('truncated DER length');
      if (i === 0 && byte === 0) throw new DerError('non-minimal DER length');
      length = length * 256 + byte;
    }
    if (length < 0x80) throw new DerError('non-minimal DER length');
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > limit) throw new DerError('DER element runs past its container');
  return { tag, start: offset, contentStart, end };
}

/** The direct children of a constructed element. */
export function children(der: Uint8Array, parent: Tlv): Tlv[] {
  const result: Tlv[] = [];
  let offset = parent.contentStart;
  while (offset < parent.end) {
    const child = readTlv(der, offset, parent.end);
    result.push(child);
    offset = child.end;
  }
  return result;
}
