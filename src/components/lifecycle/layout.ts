/**
 * Where the diagram draws things: hand-placed nodes (a readable drawing
 * matters more than a general algorithm), edges as SVG paths between them
 * (bowed apart when two edges join the same pair both ways), caption
 * positions, and the container pills docked beside each node.
 */
import type { Edge, Graph } from './graph.ts';
import {
  exitPoint,
  pathOf,
  pointAt,
  tangentAt,
  textWidth,
  truncate,
  type Box,
  type Curve,
  type Point,
} from './geometry.ts';

export type Side = 'above' | 'below' | 'left' | 'right';
export type Anchor = 'start' | 'middle' | 'end';

export interface NodeSpec {
  x: number;
  y: number;
  /** Where this node's container pills go. */
  dock: Side;
}

export interface RouteSpec {
  /** Sideways bow, in units; positive bows to the left of travel. */
  bend?: number;
  /** Explicit control points (one: quadratic, two: cubic) to route around other nodes. */
  via?: [Point] | [Point, Point];
  /** Caption: where along the curve (0…1), which side (+1 left of travel, −1 right), nudges. */
  at?: number;
  side?: 1 | -1;
  dx?: number;
  dy?: number;
  /** Draw only this many caption lines where space is short (the tooltip and text keep all). */
  lines?: number;
  /** Break caption lines at spaces to keep them this wide. */
  wrap?: number;
}

export interface Fonts {
  node: number;
  note: number;
  label: number;
  pill: number;
}

export interface LayoutSpec<S extends string> {
  width: number;
  height: number;
  node: { w: number; h: number };
  font: Fonts;
  nodes: Record<S, NodeSpec>;
  /** The start dot the `docker create` arrow comes from. */
  entry: Point & RouteSpec;
  routes: Partial<Record<string, RouteSpec>>;
  /** Caption commands without the `docker` prefix (where space is short). */
  bare?: boolean;
}

export interface Caption {
  /** The anchor point: x by `anchor`, y the middle of the block. */
  x: number;
  y: number;
  anchor: Anchor;
  lines: string[];
  lineHeight: number;
  box: Box;
}

export interface DrawnNode<S extends string> extends Box {
  id: S;
  dock: Side;
  final: boolean;
}

export interface DrawnEdge<S extends string> {
  id: string;
  /** null for the entry arrow (from the start dot). */
  from: S | null;
  to: S;
  d: string;
  curve: Curve;
  /** Every event is the runtime's own (drawn dashed). */
  runtimeOnly: boolean;
  caption: Caption;
}

export interface Diagram<S extends string> {
  width: number;
  height: number;
  font: Fonts;
  nodes: DrawnNode<S>[];
  edges: DrawnEdge<S>[];
  entry: DrawnEdge<S> & { dot: Point };
}

const DEFAULT_BEND = 16;
const ARROW_GAP = 3;
const LABEL_GAP = 5;

export const LINE_HEIGHT = 1.25;

/** Greedy word wrap of each line to `width` (a single long word stays whole). */
export function wrapLines(lines: string[], width: number, fontSize: number): string[] {
  const out: string[] = [];
  for (const line of lines) {
    let current = '';
    for (const word of line.split(' ')) {
      const next = current ? `${current} ${word}` : word;
      if (current && textWidth(next, fontSize) > width) {
        out.push(current);
        current = word;
      } else current = next;
    }
    out.push(current);
  }
  return out;
}

function captionAt(curve: Curve, lines: string[], fontSize: number, route: RouteSpec, bowSide: 1 | -1): Caption {
  const t = route.at ?? 0.5;
  const p = pointAt(curve, t);
  const tan = tangentAt(curve, t);
  const side = route.side ?? bowSide;
  // The left of travel (y grows downwards): rotate the tangent by −90°.
  const n = { x: tan.y * side, y: -tan.x * side };
  const lineHeight = fontSize * LINE_HEIGHT;
  const w = Math.max(0, ...lines.map((l) => textWidth(l, fontSize)));
  const h = lines.length * lineHeight;
  let x: number;
  let y: number;
  let anchor: Anchor;
  if (Math.abs(n.x) > Math.abs(n.y) * 0.8) {
    anchor = n.x > 0 ? 'start' : 'end';
    x = p.x + n.x * LABEL_GAP + (n.x > 0 ? 2 : -2);
    y = p.y + n.y * (h / 2 + LABEL_GAP) * 0.5;
  } else {
    anchor = 'middle';
    x = p.x;
    y = p.y + Math.sign(n.y) * (h / 2 + LABEL_GAP);
  }
  x += route.dx ?? 0;
  y += route.dy ?? 0;
  const left = anchor === 'start' ? x : anchor === 'end' ? x - w : x - w / 2;
  return { x, y, anchor, lines, lineHeight, box: { x: left + w / 2, y, w, h } };
}

function curveBetween(a: Box, b: Box, route: RouteSpec, bend: number): Curve {
  let controls: [Point] | [Point, Point];
  if (route.via) controls = route.via;
  else {
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len = Math.hypot(dx, dy) || 1;
    controls = [{ x: (a.x + b.x) / 2 + (dy / len) * bend, y: (a.y + b.y) / 2 - (dx / len) * bend }];
  }
  const first = controls[0];
  const last = controls[controls.length - 1] ?? first;
  const start = exitPoint(a, first, ARROW_GAP);
  const end = exitPoint(b, last, ARROW_GAP);
  if (!route.via && bend === 0) controls = [{ x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 }];
  return { start, controls, end };
}

function captionLines(lines: string[], route: RouteSpec, fontSize: number): string[] {
  const kept = lines.slice(0, route.lines);
  return route.wrap ? wrapLines(kept, route.wrap, fontSize) : kept;
}

export function layout<S extends string>(
  graph: Graph<S>,
  spec: LayoutSpec<S>,
  caption: (e: Edge<S>, bare: boolean) => string[],
  entryCaption: string[],
): Diagram<S> {
  const nodes: DrawnNode<S>[] = graph.states.map((id) => ({
    id,
    x: spec.nodes[id].x,
    y: spec.nodes[id].y,
    w: spec.node.w,
    h: spec.node.h,
    dock: spec.nodes[id].dock,
    final: graph.final.includes(id),
  }));
  const box = (id: S): DrawnNode<S> => nodes.find((n) => n.id === id) ?? nodes[0]!;
  const ids = new Set(graph.edges.map((e) => e.id));
  const edges = graph.edges.map((e): DrawnEdge<S> => {
    const route = spec.routes[e.id] ?? {};
    const twoWay = ids.has(`${e.to}->${e.from}`);
    const bend = route.bend ?? (twoWay ? DEFAULT_BEND : 0);
    const curve = curveBetween(box(e.from), box(e.to), route, bend);
    return {
      id: e.id,
      from: e.from,
      to: e.to,
      d: pathOf(curve),
      curve,
      runtimeOnly: e.events.every((ev) => ev.kind === 'runtime'),
      caption: captionAt(curve, captionLines(caption(e, spec.bare ?? false), route, spec.font.label), spec.font.label, route, bend < 0 ? -1 : 1),
    };
  });
  const dot = { x: spec.entry.x, y: spec.entry.y };
  const dotBox = { ...dot, w: 8, h: 8 };
  const entryCurve = curveBetween(dotBox, box(graph.initial), spec.entry, spec.entry.bend ?? 0);
  const entry = {
    id: `start->${graph.initial}`,
    from: null,
    to: graph.initial,
    d: pathOf(entryCurve),
    curve: entryCurve,
    runtimeOnly: false,
    caption: captionAt(entryCurve, captionLines(entryCaption, spec.entry, spec.font.label), spec.font.label, spec.entry, 1),
    dot,
  };
  return { width: spec.width, height: spec.height, font: spec.font, nodes, edges, entry };
}

// ---- container pills ---------------------------------------------------------------

export interface Pill extends Box {
  text: string;
  /** The names this pill stands for (one, or all the hidden ones for "+N"). */
  names: string[];
  more: boolean;
}

export const MAX_PILLS = 5;
const PILL_CHARS = 12;
const PILL_GAP = 3;
const DOCK_GAP = 5;

/**
 * Pills for the containers at one node: up to MAX_PILLS names; more than that
 * show MAX_PILLS − 1 names and a "+N" pill. Rows flow away from the node on its
 * dock side (a column for left and right).
 */
export function placePills(node: Box & { dock: Side }, names: string[], fontSize: number, more: (n: number) => string): Pill[] {
  const shown = names.length > MAX_PILLS ? names.slice(0, MAX_PILLS - 1) : names;
  const hidden = names.slice(shown.length);
  const h = Math.round(fontSize * 1.6);
  const pad = fontSize * 0.6;
  const items = shown.map((n) => ({ text: truncate(n, PILL_CHARS), names: [n], more: false }));
  if (hidden.length > 0) items.push({ text: more(hidden.length), names: hidden, more: true });
  const sized = items.map((it) => ({ ...it, w: Math.round(textWidth(it.text, fontSize) + 2 * pad) }));
  const out: Pill[] = [];
  if (node.dock === 'left' || node.dock === 'right') {
    const total = sized.length * h + (sized.length - 1) * PILL_GAP;
    let y = node.y - total / 2 + h / 2;
    for (const it of sized) {
      const x = node.dock === 'right' ? node.x + node.w / 2 + DOCK_GAP + it.w / 2 : node.x - node.w / 2 - DOCK_GAP - it.w / 2;
      out.push({ ...it, x, y, h });
      y += h + PILL_GAP;
    }
    return out;
  }
  // Rows no wider than the node (plus a little), centred under or over it.
  const maxRow = node.w + 24;
  const rows: (typeof sized)[] = [];
  for (const it of sized) {
    const row = rows[rows.length - 1];
    const width = row ? row.reduce((s, r) => s + r.w + PILL_GAP, 0) + it.w : Infinity;
    if (row && width <= maxRow) row.push(it);
    else rows.push([it]);
  }
  const dir = node.dock === 'below' ? 1 : -1;
  let y = node.y + dir * (node.h / 2 + DOCK_GAP + h / 2);
  for (const row of rows) {
    const width = row.reduce((s, r) => s + r.w, 0) + (row.length - 1) * PILL_GAP;
    let x = node.x - width / 2;
    for (const it of row) {
      out.push({ ...it, x: x + it.w / 2, y, h });
      x += it.w + PILL_GAP;
    }
    y += dir * (h + PILL_GAP);
  }
  return out;
}
