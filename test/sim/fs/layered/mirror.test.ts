/**
 * test/sim/fs/memory.test.ts and container-fs.test.ts (the simple trees' own tests),
 * mirrored on UnionFs: a UnionFs with no image layers for MemoryFs's, and a UnionFs
 * over an image layer for ContainerFs's.
 */
import { describe, expect, it } from 'vitest';
import { FsError } from '../../../../src/sim/fs/types.ts';
import { MemoryFs } from '../../../../src/sim/fs/memory.ts';
import { MountFs } from '../../../../src/sim/fs/mount.ts';
import { UnionFs } from '../../../../src/sim/fs/layered/union.ts';
import type { Layer } from '../../../../src/sim/fs/layered/layer.ts';
import { changes } from '../../../../src/sim/fs/layered/diff.ts';

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    if (e instanceof FsError) return e.code;
    throw e;
  }
  return undefined;
};

function fs(t = { now: 1000 }): UnionFs {
  return new UnionFs({ lowers: [], now: () => t.now });
}

describe('MemoryFs tests on UnionFs', () => {
  it('creates, reads, appends and stats files with mtimes from the clock', () => {
    const t = { now: 5000 };
    const f = fs(t);
    f.mkdir('/etc');
    f.writeFile('/etc/a', 'hello');
    expect(f.readText('/etc/a')).toBe('hello');
    t.now = 6000;
    f.writeFile('/etc/a', ' world', { append: true });
    expect(f.readText('/etc/a')).toBe('hello world');
    expect(f.stat('/etc/a')).toMatchObject({ type: 'file', mode: 0o644, size: 11, mtimeMs: 6000, nlink: 1, uid: 0, gid: 0 });
    expect(f.stat('/etc').mtimeMs).toBe(5000);
    expect(f.stat('/etc')).toMatchObject({ type: 'dir', size: 4096, nlink: 2 });
  });

  it('appends many times without quadratic copying', () => {
    const f = fs();
    for (let i = 0; i < 20000; i++) f.writeFile('/log', 'x\n', { append: true });
    expect(f.stat('/log').size).toBe(40000);
  });

  it('keeps mode on truncate and applies it on create', () => {
    const f = fs();
    f.writeFile('/x', 'a', { mode: 0o600 });
    f.writeFile('/x', 'b', { mode: 0o777 });
    expect(f.stat('/x').mode).toBe(0o600);
  });

  it('follows symlinks (relative, absolute, chains) except for lstat/readlink/unlink', () => {
    const f = fs();
    f.mkdir('/bin');
    f.writeFile('/bin/busybox', '', { mode: 0o755, exe: 'busybox', size: 1982256 });
    f.symlink('busybox', '/bin/sh');
    f.symlink('/bin/sh', '/sh2');
    expect(f.stat('/sh2')).toMatchObject({ type: 'file', exe: 'busybox', size: 1982256 });
    expect(f.lstat('/bin/sh')).toMatchObject({ type: 'symlink', size: 7 });
    expect(f.readlink('/sh2')).toBe('/bin/sh');
    expect(f.realpath('/sh2')).toBe('/bin/busybox');
    f.unlink('/sh2');
    expect(f.exists('/sh2')).toBe(false);
    expect(f.exists('/bin/busybox')).toBe(true);
    f.symlink('loop2', '/loop1');
    f.symlink('loop1', '/loop2');
    expect(code(() => f.stat('/loop1'))).toBe('ELOOP');
    f.symlink('/nowhere/x', '/dangling');
    expect(code(() => f.stat('/dangling'))).toBe('ENOENT');
    expect(f.exists('/dangling')).toBe(false);
  });

  it('synthetic files read as an ELF header then zeros', () => {
    const f = fs();
    f.writeFile('/big', '', { size: 2_000_000, exe: 'busybox' });
    const b = f.readFile('/big');
    expect(b.length).toBe(2_000_000);
    expect([...b.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
    expect(b[100]).toBe(0);
  });

  it('reports errno-style errors', () => {
    const f = fs();
    f.mkdir('/d');
    f.writeFile('/d/f', 'x');
    expect(code(() => f.readFile('/nope'))).toBe('ENOENT');
    expect(code(() => f.readFile('/d'))).toBe('EISDIR');
    expect(code(() => f.readFile('/d/f/x'))).toBe('ENOTDIR');
    expect(code(() => f.mkdir('/d'))).toBe('EEXIST');
    expect(code(() => f.mkdir('/a/b'))).toBe('ENOENT');
    expect(code(() => f.rmdir('/d'))).toBe('ENOTEMPTY');
    expect(code(() => f.rmdir('/d/f'))).toBe('ENOTDIR');
    expect(code(() => f.unlink('/d'))).toBe('EISDIR');
    expect(code(() => f.readlink('/d/f'))).toBe('EINVAL');
    expect(code(() => f.rename('/d', '/d/sub'))).toBe('EINVAL');
    f.mkdir('/a/b/c', { parents: true });
    expect(f.stat('/a/b/c').type).toBe('dir');
    expect(code(() => f.mkdir('/d/f/g', { parents: true }))).toBe('ENOTDIR');
  });

  it('renames files and directories, refusing a file over a directory', () => {
    const f = fs();
    f.mkdir('/a');
    f.writeFile('/a/x', '1');
    f.rename('/a/x', '/y');
    expect(f.readText('/y')).toBe('1');
    f.mkdir('/e');
    expect(code(() => f.rename('/y', '/e'))).toBe('EISDIR');
    f.rename('/a', '/b');
    expect(f.readdir('/').map((e) => e.name)).toEqual(['b', 'e', 'y']);
  });

  it('lists directories sorted, supports hard links, devices, chmod/chown/utimes', () => {
    const f = fs();
    for (const n of ['c', 'a', 'B']) f.writeFile('/' + n, n);
    expect(f.readdir('/').map((e) => e.name)).toEqual(['B', 'a', 'c']);
    f.link('/a', '/a2');
    expect(f.stat('/a').nlink).toBe(2);
    f.writeFile('/a2', 'changed');
    expect(f.readText('/a')).toBe('changed');
    f.mknod('/null', 'char', 0o666, 259);
    expect(f.stat('/null')).toMatchObject({ type: 'char', rdev: 259, mode: 0o666 });
    f.chmod('/c', 0o4755);
    f.chown('/c', 33, 44);
    f.utimes('/c', 123);
    expect(f.stat('/c')).toMatchObject({ mode: 0o4755, uid: 33, gid: 44, mtimeMs: 123 });
  });

  it('a read-only union refuses changes (docker run --read-only)', () => {
    const f = fs();
    f.writeFile('/x', 'a');
    f.readOnly = true;
    expect(code(() => f.writeFile('/x', 'b'))).toBe('EROFS');
    expect(code(() => f.mkdir('/y'))).toBe('EROFS');
    expect(code(() => f.unlink('/x'))).toBe('EROFS');
    expect(code(() => f.chmod('/x', 0o600))).toBe('EROFS');
    expect(code(() => f.mkdir('/'))).toBe('EEXIST');
    expect(f.readText('/x')).toBe('a');
  });
});

/** The image of container-fs.test.ts, as one read-only image layer. */
function image(): Layer {
  const f = new UnionFs({ lowers: [], now: () => 1000 });
  f.mkdir('/bin');
  f.mkdir('/etc');
  f.mkdir('/tmp', { mode: 0o1777 });
  f.mkdir('/root', { mode: 0o700 });
  f.writeFile('/bin/busybox', '', { mode: 0o755, exe: 'busybox', size: 1982256 });
  f.symlink('busybox', '/bin/sh');
  f.symlink('busybox', '/bin/wc');
  f.writeFile('/etc/passwd', 'root:x:0:0:root:/root:/bin/sh\n');
  f.writeFile('/root/.profile', 'x');
  const layer = f.upper!;
  layer.readOnly = true;
  return layer;
}

describe('ContainerFs tests on UnionFs', () => {
  it('shares the image layer until something changes, then copies only what changed', () => {
    const img = image();
    const c1 = new UnionFs({ lowers: [img], now: () => 2000 });
    const c2 = new UnionFs({ lowers: [img], now: () => 2000 });
    expect(c1.upper).toBeNull();
    c1.writeFile('/etc/passwd', 'changed\n');
    expect(c1.readText('/etc/passwd')).toBe('changed\n');
    expect(c2.readText('/etc/passwd')).toBe('root:x:0:0:root:/root:/bin/sh\n');
    expect(img.data(img.lookup('/etc/passwd')!)!.bytes()).toEqual(new TextEncoder().encode('root:x:0:0:root:/root:/bin/sh\n'));
    // Untouched subtrees stay in the image layer only.
    expect(c1.upper!.lookup('/bin')).toBeUndefined();
    expect(c2.upper).toBeNull();
  });

  it('a deleted path hides the image file; a recreated directory starts empty', () => {
    const img = image();
    const c = new UnionFs({ lowers: [img] });
    c.unlink('/bin/wc');
    expect(c.exists('/bin/wc')).toBe(false);
    expect(img.lookup('/bin/wc')).toBeDefined();
    c.unlink('/root/.profile');
    c.rmdir('/root');
    c.mkdir('/root');
    expect(c.readdir('/root')).toEqual([]);
    expect(img.names(img.lookup('/root')!)).toEqual(['.profile']);
  });

  it('copies up on append, chmod and through symlinks, keeping exe tags', () => {
    const img = image();
    const c = new UnionFs({ lowers: [img] });
    c.writeFile('/etc/passwd', 'more\n', { append: true });
    expect(c.readText('/etc/passwd')).toBe('root:x:0:0:root:/root:/bin/sh\nmore\n');
    c.chmod('/bin/sh', 0o700);
    expect(c.stat('/bin/busybox')).toMatchObject({ mode: 0o700, exe: 'busybox', size: 1982256 });
    expect(img.meta(img.lookup('/bin/busybox')!).mode).toBe(0o755);
  });

  it('lists changes the way docker diff does (A/C/D, parents before children)', () => {
    const img = image();
    const c = new UnionFs({ lowers: [img], now: () => 5_000_000 });
    c.writeFile('/tmp/test', '');
    c.writeFile('/etc/newfile', 'x');
    c.unlink('/bin/wc');
    c.mkdir('/newdir');
    c.mkdir('/newdir/sub');
    c.writeFile('/newdir/sub/f', 'y');
    expect(changes(c, { order: 'sorted' })).toEqual([
      { kind: 'C', path: '/bin' },
      { kind: 'D', path: '/bin/wc' },
      { kind: 'C', path: '/etc' },
      { kind: 'A', path: '/etc/newfile' },
      { kind: 'A', path: '/newdir' },
      { kind: 'A', path: '/newdir/sub' },
      { kind: 'A', path: '/newdir/sub/f' },
      { kind: 'C', path: '/tmp' },
      { kind: 'A', path: '/tmp/test' },
    ]);
  });

  it('a thousand containers of one image cost almost nothing until they write', () => {
    const img = image();
    const cs = Array.from({ length: 1000 }, () => new UnionFs({ lowers: [img] }));
    expect(cs.every((c) => c.upper === null && c.lowers[0] === img)).toBe(true);
  });
});

describe('MountFs over UnionFs', () => {
  it('routes paths under a mount point to the mounted file system', () => {
    const root = new UnionFs({ lowers: [] });
    root.mkdir('/dev');
    root.writeFile('/dev/hidden', 'image placeholder');
    const dev = new MemoryFs();
    dev.writeFile('/null', '');
    const m = new MountFs(root, [{ at: '/dev', fs: dev }]);
    expect(m.readdir('/dev').map((e) => e.name)).toEqual(['null']);
    expect(m.exists('/dev/hidden')).toBe(false);
    m.writeFile('/dev/x', '1');
    expect(dev.readText('/x')).toBe('1');
    expect(m.readdir('/').map((e) => e.name)).toEqual(['dev']);
  });
});
