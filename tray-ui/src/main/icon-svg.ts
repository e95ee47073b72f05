/** The state symbols as SVG data: URLs for the window (CSP allows `img-src data:`). */
import type { BadgeKind } from '../health-view.js';
import { ICON_VIEWBOX, SYMBOLS, type Rgb, type Shape } from './icon-geometry.js';

const hex = ([r, g, b]: Rgb): string => `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
const num = (v: number): string => String(Math.round(v * 1000) / 1000);
const stroked = (colour: Rgb, width: number): string =>
  `fill="none" stroke="${hex(colour)}" stroke-width="${num(width)}" stroke-linecap="round" stroke-linejoin="round"`;

function element(shape: Shape): string {
  switch (shape.kind) {
    case 'circle':
      return `<circle cx="${num(shape.cx)}" cy="${num(shape.cy)}" r="${num(shape.r)}" fill="${hex(shape.fill)}"/>`;
    case 'polygon':
      return `<polygon points="${shape.points.map((p) => p.map(num).join(',')).join(' ')}" fill="${hex(shape.fill)}"/>`;
    case 'polyline':
      return `<polyline points="${shape.points.map((p) => p.map(num).join(',')).join(' ')}" ${stroked(shape.stroke, shape.width)}/>`;
    case 'arc': {
      const at = (a: number): string =>
        `${num(shape.cx + shape.r * Math.cos(a))} ${num(shape.cy + shape.r * Math.sin(a))}`;
      const large = shape.to - shape.from > Math.PI ? 1 : 0;
      return `<path d="M ${at(shape.from)} A ${num(shape.r)} ${num(shape.r)} 0 ${large} 1 ${at(shape.to)}" ${stroked(shape.stroke, shape.width)}/>`;
    }
  }
}

export function symbolSvg(kind: BadgeKind): string {
  const body = SYMBOLS[kind].map(element).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${ICON_VIEWBOX} ${ICON_VIEWBOX}">${body}</svg>`;
}

export function symbolDataUrl(kind: BadgeKind): string {
  return `data:image/svg+xml;base64,${Buffer.from(symbolSvg(kind)).toString('base64')}`;
}
