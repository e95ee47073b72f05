/**
 * The four state symbols as geometry in a 24×24 box, drawn both as tray PNGs and as SVG badges
 * in the window, so both always match. Each state has its own outline (circle, triangle, octagon,
 * circle with "?") and its own glyph: colour is never the only signal.
 */
import type { BadgeKind, TrayState } from '../health-view.js';

export type Rgb = readonly [number, number, number];
export type Point = readonly [number, number];

export type Shape =
  | { kind: 'circle'; cx: number; cy: number; r: number; fill: Rgb }
  | { kind: 'polygon'; points: readonly Point[]; fill: Rgb }
  /** Stroked with round caps and joins. */
  | { kind: 'polyline'; points: readonly Point[]; width: number; stroke: Rgb }
  /** Clockwise (screen coordinates) from `from` to `to`, radians, round caps. */
  | { kind: 'arc'; cx: number; cy: number; r: number; from: number; to: number; width: number; stroke: Rgb };

export const ICON_VIEWBOX = 24;

const GREEN: Rgb = [0x1a, 0x7f, 0x37];
const AMBER: Rgb = [0xd4, 0xa7, 0x2c];
const RED: Rgb = [0xcf, 0x22, 0x2e];
const GREY: Rgb = [0x59, 0x63, 0x6e];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const INK: Rgb = [0x1f, 0x23, 0x28];
const STROKE = 2.6;

function octagon(cx: number, cy: number, r: number): Point[] {
  return Array.from({ length: 8 }, (_, i) => {
    const angle = Math.PI / 8 + (i * Math.PI) / 4;
    return [cx + r * Math.cos(angle), cy + r * Math.sin(angle)] as const;
  });
}

const QUESTION_ARC_END = Math.PI / 3;

export const SYMBOLS: Readonly<Record<BadgeKind, readonly Shape[]>> = {
  pass: [
    { kind: 'circle', cx: 12, cy: 12, r: 11, fill: GREEN },
    {
      kind: 'polyline',
      points: [
        [6.8, 12.4],
        [10.4, 16],
        [17.2, 8.6],
      ],
      width: STROKE,
      stroke: WHITE,
    },
  ],
  warn: [
    {
      kind: 'polygon',
      points: [
        [12, 1.2],
        [23.4, 21.6],
        [0.6, 21.6],
      ],
      fill: AMBER,
    },
    {
      kind: 'polyline',
      points: [
        [12, 8.2],
        [12, 14.2],
      ],
      width: STROKE,
      stroke: INK,
    },
    { kind: 'circle', cx: 12, cy: 18, r: 1.55, fill: INK },
  ],
  fail: [
    { kind: 'polygon', points: octagon(12, 12, 11.6), fill: RED },
    {
      kind: 'polyline',
      points: [
        [8, 8],
        [16, 16],
      ],
      width: STROKE,
      stroke: WHITE,
    },
    {
      kind: 'polyline',
      points: [
        [16, 8],
        [8, 16],
      ],
      width: STROKE,
      stroke: WHITE,
    },
  ],
  unknown: [
    { kind: 'circle', cx: 12, cy: 12, r: 11, fill: GREY },
    { kind: 'arc', cx: 12, cy: 9.6, r: 3.4, from: -Math.PI, to: QUESTION_ARC_END, width: STROKE, stroke: WHITE },
    {
      kind: 'polyline',
      points: [
        [12 + 3.4 * Math.cos(QUESTION_ARC_END), 9.6 + 3.4 * Math.sin(QUESTION_ARC_END)],
        [12, 13.4],
        [12, 14.4],
      ],
      width: STROKE,
      stroke: WHITE,
    },
    { kind: 'circle', cx: 12, cy: 18, r: 1.55, fill: WHITE },
  ],
};

export const STATE_SYMBOL: Readonly<Record<TrayState, BadgeKind>> = {
  compliant: 'pass',
  warning: 'warn',
  noncompliant: 'fail',
  unknown: 'unknown',
};
