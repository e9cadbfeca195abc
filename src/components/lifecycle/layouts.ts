/**
 * The hand-placed drawings: the real seven-state view and the tutorial's
 * five-state view, each wide (desktop) and narrow (phones, ~360 px).
 */
import type { LifecycleState } from '../../sim/lifecycle/containerMachine.ts';
import type { TutorialState } from './graph.ts';
import type { LayoutSpec } from './layout.ts';

export type Orientation = 'wide' | 'narrow';

const WIDE_FONT = { node: 15.5, note: 12.5, label: 12.5, pill: 11.5 };
const NARROW_FONT = { node: 16, note: 12.5, label: 13, pill: 12.5 };

const realWide: LayoutSpec<LifecycleState> = {
  width: 900,
  height: 540,
  node: { w: 124, h: 46 },
  font: WIDE_FONT,
  nodes: {
    running: { x: 470, y: 70, dock: 'above' },
    created: { x: 108, y: 280, dock: 'below' },
    paused: { x: 290, y: 280, dock: 'below' },
    exited: { x: 610, y: 290, dock: 'below' },
    restarting: { x: 820, y: 100, dock: 'above' },
    dead: { x: 220, y: 460, dock: 'below' },
    removing: { x: 470, y: 460, dock: 'below' },
    removed: { x: 730, y: 470, dock: 'below' },
  },
  entry: { x: 108, y: 160, side: -1 },
  routes: {
    'created->running': { at: 0.55 },
    'paused->running': { at: 0.27, dx: 4 },
    'running->paused': { at: 0.45, dx: -6 },
    'paused->exited': { at: 0.3, lines: 1 },
    'paused->removing': { at: 0.4 },
    'running->removing': { at: 0.66, side: -1 },
    'running->exited': { at: 0.5 },
    'exited->running': { at: 0.35, dx: 4 },
    'restarting->exited': { at: 0.45 },
    'restarting->removing': { via: [{ x: 800, y: 400 }], at: 0.35 },
    'exited->removing': { at: 0.4, side: 1 },
    'dead->removing': { at: 0.45, dy: -2 },
  },
};

const realNarrow: LayoutSpec<LifecycleState> = {
  width: 380,
  height: 740,
  node: { w: 100, h: 46 },
  font: NARROW_FONT,
  bare: true,
  nodes: {
    created: { x: 90, y: 100, dock: 'below' },
    restarting: { x: 290, y: 100, dock: 'above' },
    running: { x: 190, y: 250, dock: 'right' },
    paused: { x: 80, y: 410, dock: 'below' },
    exited: { x: 300, y: 410, dock: 'below' },
    removing: { x: 190, y: 570, dock: 'right' },
    dead: { x: 80, y: 680, dock: 'below' },
    removed: { x: 300, y: 680, dock: 'below' },
  },
  entry: { x: 90, y: 16, side: 1 },
  routes: {
    'created->running': { side: -1 },
    'created->removing': { via: [{ x: -30, y: 250 }, { x: 0, y: 570 }], at: 0.4, side: 1 },
    'restarting->removing': { via: [{ x: 410, y: 250 }, { x: 375, y: 570 }], at: 0.35, side: -1 },
    'running->paused': { at: 0.3 },
    'running->exited': { dx: -6 },
    'running->removing': { at: 0.78 },
    'paused->exited': { at: 0.25, lines: 1, wrap: 50 },
    'removing->dead': { at: 0.6 },
    'removing->removed': { at: 0.6 },
  },
};

const tutorialWide: LayoutSpec<TutorialState> = {
  width: 860,
  height: 470,
  node: { w: 124, h: 46 },
  font: WIDE_FONT,
  nodes: {
    created: { x: 120, y: 110, dock: 'below' },
    running: { x: 430, y: 110, dock: 'above' },
    paused: { x: 740, y: 110, dock: 'above' },
    stopped: { x: 590, y: 290, dock: 'right' },
    deleted: { x: 280, y: 400, dock: 'below' },
  },
  entry: { x: 120, y: 24, side: 1 },
  routes: {
    'paused->deleted': { via: [{ x: 860, y: 420 }, { x: 500, y: 470 }], at: 0.6 },
  },
};

const tutorialNarrow: LayoutSpec<TutorialState> = {
  width: 380,
  height: 600,
  node: { w: 100, h: 46 },
  font: NARROW_FONT,
  bare: true,
  nodes: {
    created: { x: 90, y: 110, dock: 'below' },
    running: { x: 280, y: 110, dock: 'above' },
    paused: { x: 90, y: 330, dock: 'below' },
    stopped: { x: 280, y: 330, dock: 'below' },
    deleted: { x: 185, y: 510, dock: 'below' },
  },
  entry: { x: 90, y: 24, side: 1 },
  routes: {
    'created->deleted': { via: [{ x: -40, y: 260 }, { x: -10, y: 500 }], at: 0.3, side: 1 },
    'running->deleted': { via: [{ x: 420, y: 260 }, { x: 390, y: 500 }], at: 0.45, side: -1 },
    'running->paused': { at: 0.3 },
    'running->stopped': { bend: -16, at: 0.6 },
    'stopped->running': { bend: -16 },
    'paused->stopped': { side: -1, at: 0.5, lines: 1 },
    'paused->deleted': { side: -1 },
    'deleted->stopped': { bend: -16, at: 0.4 },
    'stopped->deleted': { bend: -16, at: 0.6 },
  },
};

export const REAL_LAYOUTS: Record<Orientation, LayoutSpec<LifecycleState>> = { wide: realWide, narrow: realNarrow };
export const TUTORIAL_LAYOUTS: Record<Orientation, LayoutSpec<TutorialState>> = { wide: tutorialWide, narrow: tutorialNarrow };
