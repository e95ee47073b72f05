/**
 * Strict property-list reader for macOS managed preferences. Profiles are XML, but the files the
 * system writes under /Library/Managed Preferences may be binary (`bplist00`), so both formats are
 * read here rather than shelling out to plutil (only platform/exec.ts may start processes).
 * Anything malformed throws: a half-read policy must never look like "no policy".
 */
import { childElements, parseXml, textOf, type XmlElement } from './managed-xml.js';

export type PlistValue = string | number | boolean | PlistValue[] | { [key: string]: PlistValue };

export class PlistError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlistError';
  }
}

export function parsePlist(bytes: Uint8Array): PlistValue {
  const magic = Buffer.from(bytes.subarray(0, 8)).toString('latin1');
  if (magic === 'bplist00') return parseBinaryPlist(bytes);
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new PlistError('neither a binary plist nor UTF-8 XML');
  }
  return parseXmlPlist(text);
}

export function parseXmlPlist(text: string): PlistValue {
  const root = parseXml(text);
  if (root.name !== 'plist') throw new PlistError(`root element is <${root.name}>, expected <plist>`);
  const [value, ...extra] = valueElements(root);
  if (!value || extra.length > 0) throw new PlistError('<plist> must hold exactly one value');
  return xmlValue(value);
}

/** Child elements, refusing stray text: `<dict>oops<key>…` is a broken file, not whitespace. */
function valueElements(element: XmlElement): XmlElement[] {
  for (const child of element.children) {
    if (typeof child === 'string' && child.trim() !== '') {
      throw new PlistError(`unexpected text "${child.trim().slice(0, 40)}" in <${element.name}>`);
    }
  }
  return childElements(element);
}

function xmlValue(element: XmlElement): PlistValue {
  const text = () => {
    if (childElements(element).length > 0) throw new PlistError(`<${element.name}> must hold text only`);
    return textOf(element);
  };
  switch (element.name) {
    case 'string':
      return text();
    case 'integer': {
      const raw = text().trim();
      if (!/^[+-]?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw new PlistError(`bad <integer> "${raw}"`);
      return Number(raw);
    }
    case 'real': {
      const raw = text().trim();
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw)) throw new PlistError(`bad <real> "${raw}"`);
      return Number(raw);
    }
    case 'true':
    case 'false':
      if (element.children.length > 0) throw new PlistError(`<${element.name}/> must be empty`);
      return element.name === 'true';
    case 'date':
      return text().trim();
    case 'data':
      return text().replace(/\s+/g, '');
    case 'array':
      return valueElements(element).map(xmlValue);
    case 'dict': {
      const children = valueElements(element);
      if (children.length % 2 !== 0) throw new PlistError('<dict> must alternate <key> and value');
      const dict: Record<string, PlistValue> = {};
      for (let i = 0; i < children.length; i += 2) {
        const keyElement = children[i]!;
        if (keyElement.name !== 'key') throw new PlistError(`<dict> expected <key>, found <${keyElement.name}>`);
        const key = textOf(keyElement);
        if (Object.hasOwn(dict, key)) throw new PlistError(`duplicate key "${key}"`);
        setOwn(dict, key, xmlValue(children[i + 1]!));
      }
      return dict;
    }
    default:
      throw new PlistError(`unknown plist element <${element.name}>`);
  }
}

const APPLE_EPOCH_MS = Date.UTC(2001, 0, 1);

/** Apple's binary format: header, objects, offset table, 32-byte trailer (see CFBinaryPList.c). */
export function parseBinaryPlist(bytes: Uint8Array): PlistValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8 + 32) throw new PlistError('binary plist too short');
  const trailer = bytes.length - 32;
  const offsetSize = view.getUint8(trailer + 6);
  const refSize = view.getUint8(trailer + 7);
  const count = safeNumber(view.getBigUint64(trailer + 8));
  const top = safeNumber(view.getBigUint64(trailer + 16));
  const tableOffset = safeNumber(view.getBigUint64(trailer + 24));
  if (![1, 2, 4, 8].includes(offsetSize) || ![1, 2, 4, 8].includes(refSize))
    throw new PlistError('bad binary plist trailer');
  if (top >= count || tableOffset + count * offsetSize > trailer) throw new PlistError('bad binary plist offset table');

  const uint = (at: number, size: number): number => {
    if (at < 0 || at + size > trailer) throw new PlistError('binary plist reference out of range');
    let value = 0n;
    for (let i = 0; i < size; i++) value = (value << 8n) | BigInt(view.getUint8(at + i));
    return safeNumber(value);
  };
  const offsetOf = (ref: number) => {
    if (ref >= count) throw new PlistError('binary plist object reference out of range');
    const offset = uint(tableOffset + ref * offsetSize, offsetSize);
    if (offset < 8 || offset >= tableOffset) throw new PlistError('binary plist object offset out of range');
    return offset;
  };

  const active = new Set<number>();
  const object = (ref: number): PlistValue => {
    // A container that references itself (directly or not) would recurse forever.
    if (active.has(ref)) throw new PlistError('binary plist object graph has a cycle');
    if (active.size > 64) throw new PlistError('binary plist nested too deeply');
    active.add(ref);
    try {
      return decodeObject(offsetOf(ref));
    } finally {
      active.delete(ref);
    }
  };

  const decodeObject = (at: number): PlistValue => {
    const marker = uint(at, 1);
    const kind = marker >> 4;
    const info = marker & 0x0f;
    const lengthAndStart = (): [number, number] => {
      if (info !== 0x0f) return [info, at + 1];
      const intMarker = uint(at + 1, 1);
      if (intMarker >> 4 !== 0x1) throw new PlistError('bad binary plist length');
      const size = 1 << (intMarker & 0x0f);
      return [uint(at + 2, size), at + 2 + size];
    };
    switch (kind) {
      case 0x0:
        if (info === 0x8 || info === 0x9) return info === 0x9;
        throw new PlistError(`unsupported binary plist marker 0x${marker.toString(16)}`);
      case 0x1: {
        const size = 1 << info;
        if (size > 8) throw new PlistError('binary plist integer too large');
        if (at + 1 + size > trailer) throw new PlistError('binary plist reference out of range');
        // 8-byte integers are signed; shorter ones are unsigned (CFBinaryPList).
        const value = size === 8 ? view.getBigInt64(at + 1) : BigInt(uint(at + 1, size));
        return safeNumber(value);
      }
      case 0x2:
        if (info === 2) return view.getFloat32(at + 1);
        if (info === 3) return view.getFloat64(at + 1);
        throw new PlistError('bad binary plist real');
      case 0x3: {
        if (info !== 3) throw new PlistError('bad binary plist date');
        // NaN or far-off seconds made toISOString throw a RangeError (managed-readers.fuzz.test.ts).
        const date = new Date(APPLE_EPOCH_MS + view.getFloat64(at + 1) * 1000);
        if (Number.isNaN(date.getTime())) throw new PlistError('binary plist date out of range');
        return date.toISOString();
      }
      case 0x4: {
        const [length, start] = lengthAndStart();
        return Buffer.from(slice(start, length)).toString('base64');
      }
      case 0x5: {
        const [length, start] = lengthAndStart();
        return Buffer.from(slice(start, length)).toString('latin1');
      }
      case 0x6: {
        const [length, start] = lengthAndStart();
        const units = slice(start, length * 2);
        let out = '';
        for (let i = 0; i < units.length; i += 2) out += String.fromCharCode((units[i]! << 8) | units[i + 1]!);
        return out;
      }
      case 0xa: {
        const [length, start] = lengthAndStart();
        slice(start, length * refSize); // bounds check before allocating
        return Array.from({ length }, (_, i) => object(uint(start + i * refSize, refSize)));
      }
      case 0xd: {
        const [length, start] = lengthAndStart();
        slice(start, 2 * length * refSize);
        const dict: Record<string, PlistValue> = {};
        for (let i = 0; i < length; i++) {
          const key = object(uint(start + i * refSize, refSize));
          if (typeof key !== 'string') throw new PlistError('binary plist dictionary key is not a string');
          if (Object.hasOwn(dict, key)) throw new PlistError(`duplicate key "${key}"`);
          setOwn(dict, key, object(uint(start + (length + i) * refSize, refSize)));
        }
        return dict;
      }
      default:
        throw new PlistError(`unsupported binary plist marker 0x${marker.toString(16)}`);
    }
  };

  const slice = (start: number, length: number): Uint8Array => {
    if (start + length > trailer) throw new PlistError('binary plist object runs past the end');
    return bytes.subarray(start, start + length);
  };

  return object(top);
}

/**
 * An own property whatever the key: plain assignment turned a `__proto__` key into the
 * dictionary's prototype, so its settings vanished instead of failing the strict schema (found by
 * fuzzing).
 */
function setOwn(dict: Record<string, PlistValue>, key: string, value: PlistValue): void {
  Object.defineProperty(dict, key, { value, enumerable: true, writable: true, configurable: true });
}

function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new PlistError('binary plist number out of range');
  }
  return Number(value);
}
