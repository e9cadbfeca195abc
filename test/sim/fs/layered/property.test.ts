/**
 * Random operation sequences on a UnionFs (starting tree split over two image layers)
 * and on a MemoryFs with the same tree (the model). After every operation both must
 * show the same tree (types, modes, owners, sizes, mtimes, link counts, bytes, symlink
 * targets) and have failed or succeeded alike — except rename of a lower directory,
 * which overlayfs refuses with EXDEV (the union must then be unchanged).
 * At the end: the committed layer over the image gives the same tree again, its
 * tarball form reads back the same, and changes() agrees with a plain tree comparison.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FsError, type FileSystem } from '../../../../src/sim/fs/types.ts';
import { MemoryFs } from '../../../../src/sim/fs/memory.ts';
import { populate } from '../../../../src/sim/images/tree.ts';
import type { TreeEntry } from '../../../../src/sim/images/types.ts';
import { Layer } from '../../../../src/sim/fs/layered/layer.ts';
import { UnionFs } from '../../../../src/sim/fs/layered/union.ts';
import { commitLayer } from '../../../../src/sim/fs/layered/commit.ts';
import { changes } from '../../../../src/sim/fs/layered/diff.ts';
import { makeInitLayer } from '../../../../src/sim/fs/layered/init.ts';

const OLD = Date.UTC(2024, 0, 1);
const d = (path: string, mode = 0o755): TreeEntry => ({ path, type: 'dir', mode, uid: 0, gid: 0, size: 0, mtimeMs: OLD });
const f = (path: string, content: string): TreeEntry => ({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: content.length, content, mtimeMs: OLD });
const l = (path: string, target: string): TreeEntry => ({ path, type: 'symlink', mode: 0o777, uid: 0, gid: 0, size: target.length, target, mtimeMs: OLD });

const BOTTOM: TreeEntry[] = [d('/a'), d('/a/b'), f('/a/b/c', 'abc'), f('/a/x', 'x'), d('/d'), d('/d/e', 0o700), f('/d/e/g', 'g'), f('/f', 'f'), l('/l', 'a/b'), d('/m')];
const TOP: TreeEntry[] = [d('/a'), f('/a/y', 'y'), d('/d'), f('/d/h', 'h'), f('/f', 'F2'), d('/m'), d('/m/n'), f('/m/n/o', 'o')];

const NAMES = ['/a', '/a/b', '/a/b/c', '/a/x', '/a/y', '/a/z', '/d', '/d/e', '/d/e/g', '/d/h', '/f', '/l', '/l/c', '/l/new', '/m', '/m/n', '/m/n/o', '/q', '/q/r'];

type Op =
  | { op: 'write'; p: string; text: string; append: boolean }
  | { op: 'mkdir'; p: string; parents: boolean }
  | { op: 'unlink' | 'rmdir' | 'rmtree'; p: string }
  | { op: 'rename' | 'link'; p: string; q: string }
  | { op: 'symlink'; target: string; p: string }
  | { op: 'chmod'; p: string; mode: number }
  | { op: 'utimes'; p: string; t: number };

const path = fc.constantFrom(...NAMES);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('write' as const), p: path, text: fc.constantFrom('', '1', 'hello', 'zz\n'), append: fc.boolean() }),
  fc.record({ op: fc.constant('mkdir' as const), p: path, parents: fc.boolean() }),
  fc.record({ op: fc.constantFrom('unlink' as const, 'rmdir' as const, 'rmtree' as const), p: path }),
  fc.record({ op: fc.constantFrom('rename' as const, 'link' as const), p: path, q: path }),
  fc.record({ op: fc.constant('symlink' as const), target: fc.constantFrom('a', '/d/e', '../f', 'nope'), p: path }),
  fc.record({ op: fc.constant('chmod' as const), p: path, mode: fc.constantFrom(0o600, 0o755, 0o700) }),
  fc.record({ op: fc.constant('utimes' as const), p: path, t: fc.constantFrom(OLD, OLD + 1500, OLD + 86_400_000) }),
);

function rmtree(fs: FileSystem, p: string): void {
  if (fs.lstat(p).type === 'dir') {
    for (const e of fs.readdir(p)) rmtree(fs, `${p === '/' ? '' : p}/${e.name}`);
    fs.rmdir(p);
  } else fs.unlink(p);
}

function apply(fs: FileSystem, o: Op): string {
  try {
    switch (o.op) {
      case 'write':
        fs.writeFile(o.p, o.text, { append: o.append });
        break;
      case 'mkdir':
        fs.mkdir(o.p, { parents: o.parents });
        break;
      case 'unlink':
        fs.unlink(o.p);
        break;
      case 'rmdir':
        fs.rmdir(o.p);
        break;
      case 'rmtree':
        rmtree(fs, o.p);
        break;
      case 'rename':
        fs.rename(o.p, o.q);
        break;
      case 'link':
        fs.link!(o.p, o.q);
        break;
      case 'symlink':
        fs.symlink(o.target, o.p);
        break;
      case 'chmod':
        fs.chmod(o.p, o.mode);
        break;
      case 'utimes':
        fs.utimes(o.p, o.t);
        break;
    }
    return 'ok';
  } catch (e) {
    if (e instanceof FsError) return e.code;
    throw e;
  }
}

function canon(fs: FileSystem, p: string): string {
  const i = p.lastIndexOf('/');
  try {
    const dir = fs.realpath!(i === 0 ? '/' : p.slice(0, i));
    return (dir === '/' ? '' : dir) + p.slice(i);
  } catch {
    return p;
  }
}

const INIT = new Set(['/.dockerenv', '/dev', '/etc', '/proc', '/sys']);

/**
 * Every entry below `dir` as a line; `secs`: mtimes cut to seconds (as in a tarball).
 * Without link counts: MemoryFs.rename over a hard-linked file leaves the other name's
 * count too high; the union's counts are checked against its layer instead (linkCounts).
 */
function snapshot(fs: FileSystem, secs = false, dir = '/', out: string[] = []): string[] {
  for (const e of fs.readdir(dir)) {
    const p = dir === '/' ? '/' + e.name : `${dir}/${e.name}`;
    if (INIT.has(p)) continue;
    const st = fs.lstat(p);
    const mtime = secs ? Math.floor(st.mtimeMs / 1000) : st.mtimeMs;
    let line = `${p} ${st.type} ${st.mode.toString(8)} ${st.uid}:${st.gid} ${st.size} ${mtime}`;
    if (st.type === 'file') line += ' ' + JSON.stringify(fs.readText(p));
    if (st.type === 'symlink') line += ' -> ' + fs.readlink(p);
    out.push(line);
    if (st.type === 'dir') snapshot(fs, secs, p, out);
  }
  return out;
}

/** In a layer, every non-directory's link count is the number of its names. */
function linkCounts(layer: Layer | null): void {
  if (!layer) return;
  const names = new Map<object, number>();
  const all: [object, number][] = [];
  for (const [, e] of layer.walk()) {
    if (layer.isDir(e) || layer.isWhiteout(e)) continue;
    names.set(layer.inode(e), (names.get(layer.inode(e)) ?? 0) + 1);
    all.push([layer.inode(e), layer.nlink(e)]);
  }
  for (const [ino, n] of all) expect(n).toBe(names.get(ino));
}

const has = (fs: FileSystem, p: string): boolean => {
  try {
    fs.lstat(p);
    return true;
  } catch {
    return false;
  }
};

/** A plain tree comparison (the ChangesDirs rules, on two FileSystem views) as a set of lines. */
function treeDiff(oldFs: FileSystem, newFs: FileSystem, dir = '/', out = new Set<string>()): boolean {
  const oldNames = new Set(oldFs.readdir(dir).map((e) => e.name));
  let any = false;
  const sub = (n: string) => (dir === '/' ? '/' + n : `${dir}/${n}`);
  const addAll = (p: string): void => {
    out.add('A ' + p);
    if (newFs.lstat(p).type === 'dir') for (const e of newFs.readdir(p)) addAll(`${p}/${e.name}`);
  };
  for (const e of newFs.readdir(dir)) {
    const p = sub(e.name);
    if (!oldNames.has(e.name)) {
      addAll(p);
      any = true;
      continue;
    }
    const a = oldFs.lstat(p);
    const b = newFs.lstat(p);
    let mine = false;
    if (a.type !== b.type || a.mode !== b.mode || a.uid !== b.uid || a.gid !== b.gid || (a.type !== 'dir' && (Math.floor(a.mtimeMs / 1000) !== Math.floor(b.mtimeMs / 1000) || a.size !== b.size))) {
      out.add('C ' + p);
      mine = true;
      any = true;
    }
    if (b.type === 'dir') {
      const inner = a.type === 'dir' ? treeDiff(oldFs, newFs, p, out) : (newFs.readdir(p).forEach((c) => addAll(`${p}/${c.name}`)), newFs.readdir(p).length > 0);
      if (inner) {
        any = true;
        if (!mine) out.add('C ' + p);
      }
    }
  }
  for (const n of oldNames) {
    if (!has(newFs, sub(n))) {
      out.add('D ' + sub(n));
      any = true;
    }
  }
  return any;
}

describe('UnionFs behaves like a plain tree (random operations)', () => {
  // 200 random sequences of up to 40 operations, each checked step by step: ~2 s, more on a busy machine.
  it('same results and same tree after every step; commit, tarball and diff agree', { timeout: 30_000 }, () => {
    const bottom = Layer.fromTree('bottom', BOTTOM);
    bottom.readOnly = true;
    const top = Layer.fromTree('top', TOP);
    top.readOnly = true;
    const init = makeInitLayer();
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        try { check(ops); } catch (e) { if (process.env.DEBUG_PROP) console.log(JSON.stringify(ops)); throw e; }
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 200) },
    );
    function check(ops: Op[]): void {
        let t = Date.UTC(2026, 0, 1);
        const now = () => t;
        const union = new UnionFs({ lowers: [bottom, top], init, initMtimeMs: OLD, now, root: { mtimeMs: OLD } });
        const seed = new MemoryFs({ now: () => OLD });
        seed.chmod('/', 0o755);
        populate(seed, [...BOTTOM, ...TOP]);
        seed.utimes('/', OLD);
        const model = new MemoryFs({ now }, seed.root);
        for (const o of ops) {
          t += 1000;
          const before = snapshot(union);
          const r = apply(union, o);
          if (r === 'EXDEV') {
            expect(o.op).toBe('rename');
            expect(snapshot(union)).toEqual(before);
            continue;
          }
          // MemoryFs.rename checks "into itself" on the unresolved destination (and then loses
          // the directory), so the model gets paths with their parent directories resolved.
          const m = apply(model, o.op === 'rename' ? { ...o, p: canon(model, o.p), q: canon(model, o.q) } : o);
          expect([o, r]).toEqual([o, m]);
          expect(snapshot(union)).toEqual(snapshot(model));
          linkCounts(union.upper);
        }
        // The committed layer on top of the image layers shows the same tree.
        const c = commitLayer(union);
        const again = new UnionFs({ lowers: [bottom, top, c.layer], init, initMtimeMs: OLD, now, root: union.stat('/') });
        expect(snapshot(again)).toEqual(snapshot(union));
        const fromTar = Layer.fromTar('t', c.layer.toTarEntries());
        const viaTar = new UnionFs({ lowers: [bottom, top, fromTar], init, initMtimeMs: OLD, now, root: union.stat('/') });
        expect(snapshot(viaTar, true)).toEqual(snapshot(union, true));
        // docker diff = a plain comparison of the two trees.
        const parent = new UnionFs({ lowers: [bottom, top], init, initMtimeMs: OLD, now });
        const expected = new Set<string>();
        treeDiff(parent, union, '/', expected);
        expect(new Set(changes(union).map((x) => `${x.kind} ${x.path}`))).toEqual(expected);
    }
  });
});
