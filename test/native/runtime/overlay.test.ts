/**
 * overlayfs for real: whiteouts and opaque dirs in lower layers, reading them back from
 * an upper dir (for diff/export), and a lowerdir list longer than one page.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findOpaqueDirs,
  isOpaque,
  isWhiteout,
  makeWhiteout,
  mountOverlay,
  overlayMountOptions,
  scanUpper,
  setOpaque,
  unmount,
} from '../../../src/native/runtime/overlay.ts';
import { isMountPoint, mountsUnder } from '../../../src/native/runtime/proc.ts';
import { makeTestRoot, skipReason, type TestRoot } from './helpers.ts';

const reason = skipReason();

describe.skipIf(reason !== null)('overlay (real mounts)', () => {
  let t: TestRoot;
  let dir: string;
  beforeAll(() => {
    t = makeTestRoot('cc-overlay-');
    dir = join(t.stateRoot, 'ov');
    mkdirSync(dir);
  });
  afterAll(() => {
    const left = mountsUnder(t.stateRoot);
    for (const m of left) unmount(m, { lazy: true });
    t.dispose();
    expect(left).toEqual([]);
  });

  function mk(name: string): { lower1: string; lower2: string; upper: string; work: string; merged: string } {
    const base = join(dir, name);
    const d = { lower1: join(base, 'l1'), lower2: join(base, 'l2'), upper: join(base, 'u'), work: join(base, 'w'), merged: join(base, 'm') };
    for (const p of Object.values(d)) mkdirSync(p, { recursive: true });
    return d;
  }

  it('a whiteout (c 0/0) in an upper layer hides a lower file; an opaque dir hides a lower dir', () => {
    const d = mk('wh');
    mkdirSync(join(d.lower2, 'etc'));
    writeFileSync(join(d.lower2, 'etc/gone'), 'x');
    writeFileSync(join(d.lower2, 'etc/kept'), 'k');
    mkdirSync(join(d.lower2, 'data'));
    writeFileSync(join(d.lower2, 'data/old'), 'o');
    // lower1 is the layer above lower2: it deletes etc/gone and replaces data/.
    mkdirSync(join(d.lower1, 'etc'));
    makeWhiteout(join(d.lower1, 'etc/gone'));
    mkdirSync(join(d.lower1, 'data'));
    setOpaque(join(d.lower1, 'data'));
    writeFileSync(join(d.lower1, 'data/new'), 'n');
    expect(isWhiteout(join(d.lower1, 'etc/gone'))).toBe(true);
    expect(isOpaque(join(d.lower1, 'data'))).toBe(true);
    expect(isOpaque(join(d.lower2, 'data'))).toBe(false);

    mountOverlay({ lower: [d.lower1, d.lower2], upper: d.upper, work: d.work, target: d.merged });
    try {
      expect(isMountPoint(d.merged)).toBe(true);
      expect(readdirSync(join(d.merged, 'etc'))).toEqual(['kept']);
      expect(readdirSync(join(d.merged, 'data'))).toEqual(['new']);

      // Changes in the container become whiteouts / opaque dirs in the upper dir.
      rmSync(join(d.merged, 'etc/kept'));
      writeFileSync(join(d.merged, 'etc/added'), 'a');
      rmSync(join(d.merged, 'data'), { recursive: true });
      mkdirSync(join(d.merged, 'data'));
      writeFileSync(join(d.merged, 'data/fresh'), 'f');
    } finally {
      unmount(d.merged);
    }
    expect(isMountPoint(d.merged)).toBe(false);
    const scan = scanUpper(d.upper).map((e) => [e.path, e.kind]);
    expect(scan).toEqual([
      ['/data', 'opaque-dir'],
      ['/data/fresh', 'file'],
      ['/etc', 'dir'],
      ['/etc/added', 'file'],
      ['/etc/kept', 'whiteout'],
    ]);
    expect([...findOpaqueDirs(d.upper)]).toEqual([join(d.upper, 'data')]);
  });

  function layers(base: string, n: number, name: (i: number) => string): { lower: string[]; upper: string; work: string; target: string } {
    const lower: string[] = [];
    for (let i = 0; i < n; i++) {
      const l = join(base, name(i));
      mkdirSync(l, { recursive: true });
      writeFileSync(join(l, `f${i}`), String(i));
      lower.push(l);
    }
    const spec = { lower: lower.reverse(), upper: join(base, 'u'), work: join(base, 'w'), target: join(base, 'm') };
    for (const p of [spec.upper, spec.work, spec.target]) mkdirSync(p);
    return spec;
  }

  function mountAndCheck(spec: { lower: string[]; upper: string; work: string; target: string }, n: number): void {
    mountOverlay(spec);
    try {
      expect(readdirSync(spec.target)).toHaveLength(n);
      expect(readFileSync(join(spec.target, `f${n - 1}`), 'utf8')).toBe(String(n - 1));
    } finally {
      unmount(spec.target);
    }
    expect(isMountPoint(spec.target)).toBe(false);
  }

  it('a lowerdir list longer than a page mounts with paths relative to the common parent', () => {
    // 60 layers under a 200-byte prefix: ~16 KB absolute, ~400 bytes relative.
    const base = join(dir, 'rel', 'p'.repeat(200));
    const spec = layers(base, 60, (i) => `l/${i}`);
    const opts = overlayMountOptions(spec);
    expect(opts?.cwd).toBe(base);
    expect(Buffer.byteLength(opts!.options)).toBeLessThanOrEqual(4095);
    mountAndCheck(spec, 60);
  });

  it('a list too long even relatively mounts through short symlinks (and removes them)', () => {
    // 120 layers with 80-byte names: ~10 KB even relative.
    const base = join(dir, 'links');
    const spec = layers(base, 120, (i) => `${String(i).padStart(3, '0')}-${'x'.repeat(76)}`);
    expect(overlayMountOptions(spec)).toBeNull();
    mountAndCheck(spec, 120);
    expect(readdirSync(base).filter((n) => n.startsWith('.ovl-links-'))).toEqual([]);
  });

  it('refuses more than 500 layers and paths with , or :, with a one-line reason', () => {
    const lowers = Array.from({ length: 501 }, (_, i) => `/x/${i}`);
    expect(() => overlayMountOptions({ lower: lowers, upper: '/u', work: '/w', target: '/m' })).toThrow(/at most 500/);
    expect(() => overlayMountOptions({ lower: ['/a,b'], upper: '/u', work: '/w', target: '/m' })).toThrow(/','/);
  });
});
