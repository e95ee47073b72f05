/**
 * Rasterizes the state symbols into small RGBA PNGs for the tray, at start-up, from the shared
 * geometry: no binary assets to keep in sync and no image library. 4×4 supersampling is plenty
 * for 16–64 px icons.
 */
import { crc32, deflateSync } from 'node:zlib';
import type { BadgeKind } from '../health-view.js';
import { ICON_VIEWBOX, SYMBOLS, type Point, type Shape } from './icon-geometry.js';

const SUPERSAMPLE = 4;

export function symbolPng(kind: BadgeKind, size: number): Buffer {
  return encodePng(rasterize(SYMBOLS[kind], size), size, size);
}

/** Straight-alpha RGBA, row-major. */
export function rasterize(shapes: readonly Shape[], size: number): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  const scale = ICON_VIEWBOX / size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = (px + (sx + 0.5) / SUPERSAMPLE) * scale;
          const y = (py + (sy + 0.5) / SUPERSAMPLE) * scale;
          const top = topmostColour(shapes, x, y);
          if (!top) continue;
          r += top[0];
          g += top[1];
          b += top[2];
          covered++;
        }
      }
      if (covered === 0) continue;
      const i = (py * size + px) * 4;
      out[i] = Math.round(r / covered);
      out[i + 1] = Math.round(g / covered);
      out[i + 2] = Math.round(b / covered);
      out[i + 3] = Math.round((255 * covered) / (SUPERSAMPLE * SUPERSAMPLE));
    }
  }
  return out;
}

function topmostColour(shapes: readonly Shape[], x: number, y: number): readonly [number, number, number] | undefined {
  for (let i = shapes.length - 1; i >= 0; i--) {
    const shape = shapes[i]!;
    if (contains(shape, x, y)) return shape.kind === 'circle' || shape.kind === 'polygon' ? shape.fill : shape.stroke;
  }
  return undefined;
}

function contains(shape: Shape, x: number, y: number): boolean {
  switch (shape.kind) {
    case 'circle':
      return Math.hypot(x - shape.cx, y - shape.cy) <= shape.r;
    case 'polygon':
      return insidePolygon(shape.points, x, y);
    case 'polyline':
      return shape.points.some((p, i) => i > 0 && distanceToSegment(x, y, shape.points[i - 1]!, p) <= shape.width / 2);
    case 'arc':
      return onArc(shape, x, y);
  }
}

function insidePolygon(points: readonly Point[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i]!;
    const [xj, yj] = points[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function distanceToSegment(x: number, y: number, [ax, ay]: Point, [bx, by]: Point): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

function onArc(arc: Extract<Shape, { kind: 'arc' }>, x: number, y: number): boolean {
  const half = arc.width / 2;
  const end = (angle: number): Point => [arc.cx + arc.r * Math.cos(angle), arc.cy + arc.r * Math.sin(angle)];
  for (const cap of [end(arc.from), end(arc.to)]) if (Math.hypot(x - cap[0], y - cap[1]) <= half) return true;
  if (Math.abs(Math.hypot(x - arc.cx, y - arc.cy) - arc.r) > half) return false;
  let angle = Math.atan2(y - arc.cy, x - arc.cx);
  while (angle < arc.from) angle += 2 * Math.PI;
  return angle <= arc.to;
}

/** Minimal PNG: 8-bit RGBA, no interlace, filter 0 on every row. */
export function encodePng(rgba: Uint8Array, width: number, height: number): Buffer {
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++)
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(rows, y * (width * 4 + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed) >>> 0);
  return Buffer.concat([length, typed, crc]);
}
