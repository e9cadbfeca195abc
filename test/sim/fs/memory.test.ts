import { describe, expect, it } from 'vitest';
import { MemoryFs, syntheticBytes } from '../../../src/sim/fs/memory.ts';
import { FsError } from '../../../src/sim/fs/types.ts';

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    if (e instanceof FsError) return e.code;
    throw e;
  }
  return undefined;
};

function fs(t = { now: 1000 }): MemoryFs {
  return new MemoryFs({ now: () => t.now });
}

describe('MemoryFs', () => {
  it('creates, reads, appends and stats files with mtimes from the clock', () => {
    const t = { now: 5000 };
    const f = fs(t);
    f.mkdir('/etc');
    f.writeFile('/etc/a', 'hello');
    expect(f.readText('/etc/a')).toBe('hello');
    t.now = 6000;
    f.writeFile('/etc/a', ' world', { append: true });
    expect(f.readText('/etc/a')).toBe('hello world');
    const st = f.stat('/etc/a');
    expect(st).toMatchObject({ type: 'file', mode: 0o644, size: 11, mtimeMs: 6000, nlink: 1, uid: 0, gid: 0 });
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
    expect(syntheticBytes(3)).toEqual(new Uint8Array([0x7f, 0x45, 0x4c]));
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

  it('a read-only tree refuses changes', () => {
    const f = fs();
    f.writeFile('/x', 'a');
    f.readOnly = true;
    expect(code(() => f.writeFile('/x', 'b'))).toBe('EROFS');
    expect(code(() => f.mkdir('/y'))).toBe('EROFS');
    expect(f.readText('/x')).toBe('a');
  });
});
