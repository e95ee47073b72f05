import { mkdir, writeFile } from 'node:fs/promises';
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BADGE_KINDS } from '../health-view.js';
import { SYMBOLS } from './icon-geometry.js';
import { rasterize, symbolPng } from './icon-png.js';
import { symbolSvg } from './icon-svg.js';

const ARTIFACTS = new URL('../../../test-artifacts/tray/', import.meta.url);

function decode(png: Buffer): { width: number; height: number; rgba: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length)).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)) >>> 0);
    if (type === 'IHDR') [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const rows = inflateSync(Buffer.concat(idat));
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) rows.copy(rgba, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  return { width, height, rgba };
}

/** Which pixels are mostly opaque, and which are light: the shape without its hue. */
const mask = (rgba: Uint8Array): boolean[] =>
  Array.from(
    { length: rgba.length / 4 },
    (_, i) => rgba[i * 4 + 3]! > 128 && rgba[i * 4]! + rgba[i * 4 + 1]! + rgba[i * 4 + 2]! > 600,
  );
const outline = (rgba: Uint8Array): boolean[] =>
  Array.from({ length: rgba.length / 4 }, (_, i) => rgba[i * 4 + 3]! > 128);

describe('tray icons', () => {
  it('are valid RGBA PNGs at 16, 24, 32 and 48 px', async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    for (const kind of BADGE_KINDS) {
      for (const size of [16, 24, 32, 48]) {
        const png = symbolPng(kind, size);
        const decoded = decode(png);
        expect(decoded).toMatchObject({ width: size, height: size });
        expect(decoded.rgba.equals(Buffer.from(rasterize(SYMBOLS[kind], size)))).toBe(true);
      }
      await writeFile(new URL(`icon-${kind}-64.png`, ARTIFACTS), symbolPng(kind, 64));
    }
  });

  it('differ in shape, not only in colour (outline and glyph compared without hue)', () => {
    const size = 32;
    const shapes = BADGE_KINDS.map((kind) => rasterize(SYMBOLS[kind], size));
    for (let a = 0; a < shapes.length; a++) {
      for (let b = a + 1; b < shapes.length; b++) {
        const [ma, mb] = [mask(shapes[a]!), mask(shapes[b]!)];
        const [oa, ob] = [outline(shapes[a]!), outline(shapes[b]!)];
        const glyphDiff = ma.filter((v, i) => v !== mb[i]).length;
        const outlineDiff = oa.filter((v, i) => v !== ob[i]).length;
        // At least ~5% of the icon differs in one of the two colour-free masks.
        expect(Math.max(glyphDiff, outlineDiff), `${BADGE_KINDS[a]} vs ${BADGE_KINDS[b]}`).toBeGreaterThan(
          size * size * 0.05,
        );
      }
    }
  });

  it('are drawn as SVG from the same geometry', () => {
    const svgs = BADGE_KINDS.map(symbolSvg);
    expect(new Set(svgs).size).toBe(4);
    for (const [i, kind] of BADGE_KINDS.entries()) {
      expect(svgs[i]).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 24 24">.*<\/svg>$/);
      expect(svgs[i]!.match(/<(circle|polygon|polyline|path) /g)).toHaveLength(SYMBOLS[kind].length);
    }
  });
});
