/**
 * Small plane geometry for the diagram: boxes, Bézier curves, text-size
 * estimates. Pure functions; coordinates are SVG user units.
 */

export interface Point {
  x: number;
  y: number;
}

/** A box by its centre and size. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const pt = (x: number, y: number): Point => ({ x, y });

/** Where the ray from the box's centre towards `toward` leaves the box (plus `gap`). */
export function exitPoint(b: Box, toward: Point, gap = 0): Point {
  const dx = toward.x - b.x;
  const dy = toward.y - b.y;
  if (dx === 0 && dy === 0) return { x: b.x, y: b.y };
  const hw = b.w / 2 + gap;
  const hh = b.h / 2 + gap;
  const t = Math.min(dx === 0 ? Infinity : hw / Math.abs(dx), dy === 0 ? Infinity : hh / Math.abs(dy));
  return { x: b.x + dx * t, y: b.y + dy * t };
}

/** A quadratic or cubic Bézier curve (a straight line is a quadratic with its control at the middle). */
export interface Curve {
  start: Point;
  controls: [Point] | [Point, Point];
  end: Point;
}

export function pointAt(c: Curve, t: number): Point {
  const u = 1 - t;
  const [a, b] = c.controls;
  if (!b) {
    return {
      x: u * u * c.start.x + 2 * u * t * a.x + t * t * c.end.x,
      y: u * u * c.start.y + 2 * u * t * a.y + t * t * c.end.y,
    };
  }
  return {
    x: u * u * u * c.start.x + 3 * u * u * t * a.x + 3 * u * t * t * b.x + t * t * t * c.end.x,
    y: u * u * u * c.start.y + 3 * u * u * t * a.y + 3 * u * t * t * b.y + t * t * t * c.end.y,
  };
}

/** The unit tangent at `t` (by a small finite difference, enough for placing labels). */
export function tangentAt(c: Curve, t: number): Point {
  const a = pointAt(c, Math.max(0, t - 0.01));
  const b = pointAt(c, Math.min(1, t + 0.01));
  const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  return { x: (b.x - a.x) / len, y: (b.y - a.y) / len };
}

const r1 = (n: number): number => Math.round(n * 10) / 10;

export function pathOf(c: Curve): string {
  const [a, b] = c.controls;
  const p = (q: Point): string => `${r1(q.x)} ${r1(q.y)}`;
  return b ? `M${p(c.start)} C${p(a)} ${p(b)} ${p(c.end)}` : `M${p(c.start)} Q${p(a)} ${p(c.end)}`;
}

/** Points along the curve, for overlap checks. */
export function samples(c: Curve, n = 24): Point[] {
  const out: Point[] = [];
  for (let i = 0; i <= n; i++) out.push(pointAt(c, i / n));
  return out;
}

export function boxesOverlap(a: Box, b: Box, margin = 0): boolean {
  return Math.abs(a.x - b.x) * 2 < a.w + b.w + 2 * margin && Math.abs(a.y - b.y) * 2 < a.h + b.h + 2 * margin;
}

export function insideBox(p: Point, b: Box, margin = 0): boolean {
  return Math.abs(p.x - b.x) * 2 < b.w + 2 * margin && Math.abs(p.y - b.y) * 2 < b.h + 2 * margin;
}

/** Rough width of a line of text: wide (CJK, full-width) characters count as 1 em, others as 0.58 em. */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    em += code >= 0x2e80 ? 1 : 0.58;
  }
  return em * fontSize;
}

/** Cuts a name to `max` characters (wide ones count double), ending with an ellipsis. */
export function truncate(text: string, max: number): string {
  const width = (ch: string): number => ((ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1);
  let total = 0;
  for (const ch of text) total += width(ch);
  if (total <= max) return text;
  let used = 0;
  let out = '';
  for (const ch of text) {
    if (used + width(ch) > max - 1) break;
    used += width(ch);
    out += ch;
  }
  return `${out}…`;
}
