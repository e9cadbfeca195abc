import { describe, expect, it } from 'vitest';
import { ArchiveError } from '../../../src/sim/archive/errors.ts';
import { listTar } from '../../../src/sim/archive/listing.ts';
import { cleanPath, chrootPath, walkCompare, byteCompare } from '../../../src/sim/archive/paths.ts';
import { TarWriter, paxRecord, splitUstar } from '../../../src/sim/archive/tar.ts';
import { readTar } from '../../../src/sim/archive/tarRead.ts';
import { fixture, fixtureText } from './helpers.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();
const NO_LIMITS = { maxEntries: Infinity, maxFileBytes: Infinity };
const read = (b: Uint8Array) => [...readTar(b, NO_LIMITS)];

describe('paths', () => {
  it('cleans like filepath.Clean and clamps like a chroot', () => {
    expect(cleanPath('')).toBe('.');
    expect(cleanPath('./')).toBe('.');
    expect(cleanPath('a//b/./c/..')).toBe('a/b');
    expect(cleanPath('../x')).toBe('../x');
    expect(cleanPath('/../x')).toBe('/x');
    expect(chrootPath('../evil')).toBe('/evil');
    expect(chrootPath('a/../../evil')).toBe('/evil');
    expect(chrootPath('/abs/f')).toBe('/abs/f');
    expect(chrootPath('./')).toBe('/');
  });
  it('orders like filepath.Walk (a directory before its contents, bytewise)', () => {
    const names = ['a-b', 'a/b', 'a', 'B', 'é', '\u{1F600}', '\uFFFD'];
    expect([...names].sort(walkCompare)).toEqual(['B', 'a', 'a/b', 'a-b', 'é', '\uFFFD', '\u{1F600}']);
    expect(byteCompare('\uFFFD', '\u{1F600}')).toBeLessThan(0);
  });
});

describe('TarWriter: Go archive/tar bytes', () => {
  it('writes USTAR headers as Go does (mode with type bits, NUL-terminated octal, chksum NUL space)', () => {
    const w = new TarWriter();
    w.add({ name: '.dockerenv', type: 'file', mode: 0o755, uid: 0, gid: 0, uname: 'root', gname: 'root', mtime: 1795336849, size: 0 }, new Uint8Array(0));
    const b = w.finish();
    expect(b.length).toBe(512 + 1024);
    const s = dec.decode(b.subarray(0, 512));
    expect(s.slice(100, 108)).toBe('0100755\0');
    expect(s.slice(124, 136)).toBe('00000000000\0');
    expect(s.slice(154, 156)).toBe('\0 ');
    expect(s.slice(257, 265)).toBe('ustar\u000000');
    expect(s.slice(329, 345)).toBe('0000000\u00000000000\0');
    expect(read(b)[0]!.name).toBe('.dockerenv');
  });
  it('splits long ASCII names into prefix/name, and uses PAX otherwise', () => {
    expect(splitUstar('a/' + 'b'.repeat(99))).toEqual(['a', 'b'.repeat(99)]);
    expect(splitUstar('x'.repeat(101))).toBeUndefined();
    const dir = 'deep/' + 'd'.repeat(60) + '/' + 'e'.repeat(70) + '/';
    expect(splitUstar(dir)).toEqual(['deep/' + 'd'.repeat(60), 'e'.repeat(70) + '/']);
    const w = new TarWriter();
    w.add({ name: 'ünï/', type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0, size: 0 });
    const b = w.finish();
    expect(dec.decode(b.subarray(0, 100)).replace(/\0+$/, '')).toBe('n/PaxHeaders.0');
    expect(String.fromCharCode(b[156]!)).toBe('x');
    const [e] = read(b);
    expect(e!.name).toBe('ünï/');
    expect(e!.type).toBe('dir');
  });
  it('formats PAX records with a self-counting length', () => {
    expect(dec.decode(paxRecord('path', enc.encode('abc')))).toBe('12 path=abc\n');
    const v = 'x'.repeat(89);
    const r = dec.decode(paxRecord('path', enc.encode(v)));
    expect(r.length).toBe(Number(r.split(' ')[0]));
  });
  it('round-trips every type, big ids, xattrs and hard links', () => {
    const w = new TarWriter({ typeBits: false });
    const cap = new Uint8Array([1, 0, 0, 2, 0, 32, 0, 0]);
    w.add({ name: 'd/', type: 'dir', mode: 0o1777, uid: 0, gid: 0, mtime: 1, size: 0 });
    w.add({ name: 'd/f', type: 'file', mode: 0o4755, uid: 3_000_000, gid: 70000, mtime: 2, size: 3, xattrs: { 'security.capability': cap } }, enc.encode('abc'));
    w.add({ name: 'd/h', type: 'link', mode: 0o644, uid: 0, gid: 0, mtime: 3, size: 0, linkname: 'd/f' });
    w.add({ name: 'd/s', type: 'symlink', mode: 0o777, uid: 0, gid: 0, mtime: 4, size: 0, linkname: '/' + 't'.repeat(150) });
    w.add({ name: 'd/c', type: 'char', mode: 0o666, uid: 0, gid: 0, mtime: 5, size: 0, devmajor: 1, devminor: 3 });
    w.add({ name: 'd/p', type: 'fifo', mode: 0o644, uid: 0, gid: 0, mtime: 6, size: 0 });
    const es = read(w.finish());
    expect(es.map((e) => [e.name, e.type, e.mode.toString(8)])).toEqual([
      ['d/', 'dir', '1777'],
      ['d/f', 'file', '4755'],
      ['d/h', 'link', '644'],
      ['d/s', 'symlink', '777'],
      ['d/c', 'char', '666'],
      ['d/p', 'fifo', '644'],
    ]);
    expect(es[1]!.uid).toBe(3_000_000);
    expect(dec.decode(es[1]!.data)).toBe('abc');
    expect(es[1]!.xattrs!['security.capability']).toEqual(cap);
    expect(es[2]!.linkname).toBe('d/f');
    expect(es[3]!.linkname).toBe('/' + 't'.repeat(150));
    expect([es[4]!.devmajor, es[4]!.devminor]).toEqual([1, 3]);
  });
});

describe('readTar: strict, Go semantics', () => {
  const one = (() => {
    const w = new TarWriter();
    w.add({ name: 'f', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, size: 5 }, enc.encode('hello'));
    return w.finish();
  })();
  const err = (b: Uint8Array): string => {
    try {
      read(b);
      return 'ok';
    } catch (e) {
      expect(e).toBeInstanceOf(ArchiveError);
      return (e as Error).message;
    }
  };
  it('reports Go errors', () => {
    expect(err(one.subarray(0, 300))).toBe('unexpected EOF');
    expect(err(one.subarray(0, 514))).toBe('unexpected EOF');
    expect(err(one.subarray(0, 600))).toBe('ok'); // padding cut short: a normal end
    expect(err(new Uint8Array(0))).toBe('ok');
    expect(err(enc.encode('not a tar'.repeat(100)))).toBe('archive/tar: invalid tar header');
    const bad = one.slice();
    bad[148] = 0x39;
    expect(err(bad)).toBe('archive/tar: invalid tar header');
  });
  it('reads GNU tar output (././@LongLink names) and the recorded listings match GNU tar -tvf', () => {
    const tiny = fixture('tiny-rootfs.tar');
    const names = read(tiny).map((e) => e.name);
    expect(names.some((n) => n.length > 250)).toBe(true);
    expect(listTar(fixture('export-tiny.tar'))).toEqual(fixtureText('export-tiny.tvf.txt').trimEnd().split('\n'));
    expect(listTar(fixture('export-busybox.tar.gz'))).toEqual(fixtureText('export-busybox.tvf.txt').trimEnd().split('\n'));
    expect(listTar(fixture('save-busybox.tar.gz'), { fullTime: true })).toEqual(fixtureText('save-busybox.tvf.txt').trimEnd().split('\n'));
  });
  it('enforces entry and file-size limits', () => {
    expect(() => [...readTar(one, { maxEntries: 0, maxFileBytes: 10 })]).toThrow(/more than 0 entries/);
    expect(() => [...readTar(one, { maxEntries: 10, maxFileBytes: 4 })]).toThrow(/more than the simulator's limit of 4 bytes per file/);
  });
});
