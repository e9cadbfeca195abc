/** Layers: overlay on-disk form vs layer-tarball form, building from listings and tars, the store. */
import { describe, expect, it } from 'vitest';
import { Volume } from 'memfs';
import { Layer } from '../../../../src/sim/fs/layered/layer.ts';
import { LayerStore } from '../../../../src/sim/fs/layered/store.ts';
import { FileData } from '../../../../src/sim/fs/layered/content.ts';
import { UnionFs } from '../../../../src/sim/fs/layered/union.ts';
import { busyboxRootfs, busyboxRootfsLayer } from '../../../../src/sim/images/data/busybox.ts';
import { chainIDs } from '../../../../src/sim/images/config.ts';
import type { Layer as ImageLayer, TreeEntry } from '../../../../src/sim/images/types.ts';
import { layerOf } from './helpers.ts';

const M = Date.UTC(2024, 0, 1, 0, 0, 0, 500);

describe('Layer forms', () => {
  it('whiteouts are char 0/0 on disk and .wh.<name> in the tarball; opaque dirs get .wh..wh..opq', () => {
    const l = layerOf('x', `
      d /etc
      w /etc/passwd
      f /etc/motd hi
      o /usr
      f /usr/new N
      l /lib usr/lib
    `, M);
    const disk = l.entries();
    expect(disk.map((e) => [e.path, e.kind, e.opaque ?? false])).toEqual([
      ['/etc', 'dir', false],
      ['/etc/motd', 'file', false],
      ['/etc/passwd', 'whiteout', false],
      ['/lib', 'symlink', false],
      ['/usr', 'dir', true],
      ['/usr/new', 'file', false],
    ]);
    const tar = l.toTarEntries();
    expect(tar.map((t) => [t.header.name, t.header.type, t.header.mode.toString(8), t.header.size])).toEqual([
      ['etc/', 'directory', '755', 0],
      ['etc/motd', 'file', '644', 2],
      ['etc/.wh.passwd', 'file', '600', 0],
      ['lib', 'symlink', '777', 0],
      ['usr/', 'directory', '755', 0],
      ['usr/.wh..wh..opq', 'file', '755', 0],
      ['usr/new', 'file', '644', 1],
    ]);
    expect(tar[1]!.header.mtime.getTime()).toBe(Date.UTC(2024, 0, 1));
    expect(tar[3]!.header.linkname).toBe('usr/lib');
    expect(new TextDecoder().decode(tar[1]!.body)).toBe('hi');
    expect(tar.every((t) => t.header.uname === '' && t.header.gname === '')).toBe(true);
  });

  it('fromTar reads the tarball form back', () => {
    const l = layerOf('x', `
      d /etc
      w /etc/passwd
      f /etc/motd hi
      o /usr
      f /usr/new N
    `);
    const again = Layer.fromTar('y', l.toTarEntries());
    expect(again.entries().map((e) => [e.path, e.kind, e.opaque ?? false, e.size])).toEqual(l.entries().map((e) => [e.path, e.kind, e.opaque ?? false, e.size]));
  });

  it('hard links: one inode, a link entry in the tarball, counted once', () => {
    const entries: TreeEntry[] = [
      { path: '/bin', type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0 },
      { path: '/bin/busybox', type: 'file', mode: 0o755, uid: 0, gid: 0, size: 1000, exe: 'busybox' },
      { path: '/bin/ash', type: 'file', mode: 0o755, uid: 0, gid: 0, size: 1000, exe: 'busybox', linkOf: '/bin/busybox' },
      { path: '/bin/sh', type: 'symlink', mode: 0o777, uid: 0, gid: 0, size: 7, target: 'busybox' },
    ];
    const l = Layer.fromTree('x', entries);
    expect(l.nlink(l.lookup('/bin/ash')!)).toBe(2);
    expect(l.sameInode(l.lookup('/bin/ash')!, l.lookup('/bin/busybox')!)).toBe(true);
    expect(l.diskSize()).toBe(1007);
    const tar = l.toTarEntries();
    expect(tar.map((t) => [t.header.name, t.header.type, t.header.linkname ?? ''])).toEqual([
      ['bin/', 'directory', ''],
      ['bin/ash', 'file', ''],
      ['bin/busybox', 'link', 'bin/ash'],
      ['bin/sh', 'symlink', 'busybox'],
    ]);
    const u = new UnionFs({ lowers: [l] });
    expect(u.stat('/bin/ash')).toMatchObject({ nlink: 2, exe: 'busybox', size: 1000 });
  });

  it('the busybox layer: same files, same size as the catalog says', () => {
    const l = Layer.fromTree('bb', busyboxRootfs());
    expect(l.diskSize()).toBe(busyboxRootfsLayer().size);
    expect(l.entries().length).toBe(busyboxRootfs().length - 1);
    const u = new UnionFs({ lowers: [l] });
    expect(u.stat('/bin/busybox')).toMatchObject({ exe: 'busybox', mode: 0o755 });
    expect(u.readText('/etc/passwd')).toContain('root:x:0:0:root:/root:/bin/sh');
  });

  it('a memfs Volume shows the on-disk form', () => {
    const l = layerOf('x', `
      d /etc
      w /etc/passwd
      f /etc/motd hi
    `);
    const v = new Volume(l.core);
    expect(v.readdirSync('/etc')).toEqual(['motd', 'passwd']);
    expect(v.statSync('/etc/passwd').isCharacterDevice()).toBe(true);
    expect(v.statSync('/etc/motd').isFile()).toBe(true);
  });
});

describe('FileData', () => {
  it('shares parts, appends privately', () => {
    const a = FileData.of(new Uint8Array([1, 2, 3]));
    a.append(new Uint8Array([4]));
    const b = a.share();
    b.append(new Uint8Array([5]));
    a.append(new Uint8Array([6]));
    expect([...a.bytes()]).toEqual([1, 2, 3, 4, 6]);
    expect([...b.bytes()]).toEqual([1, 2, 3, 4, 5]);
    expect(b.parts[0]).toBe(a.parts[0]);
  });

  it('synthetic content is made only when read', () => {
    const d = FileData.synthetic(10 * 1024 * 1024);
    expect(d.size).toBe(10485760);
    expect(d.parts).toEqual([]);
    d.append(new Uint8Array([7]));
    const bytes = d.bytes();
    expect(bytes.length).toBe(10485761);
    expect(bytes[0]).toBe(0x7f);
    expect(bytes[10485760]).toBe(7);
  });

  it('keeps the part list short', () => {
    let d = FileData.of(new Uint8Array([0]));
    for (let i = 1; i < 100; i++) {
      d.append(new Uint8Array([i]));
      d = d.share();
    }
    expect(d.parts.length).toBeLessThanOrEqual(33);
    expect([...d.bytes()]).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

describe('LayerStore', () => {
  const img = (id: string, listing: string): ImageLayer => ({ diffID: id, size: 0, files: () => layerOf(id, listing).entries().map((e) => ({ ...e, type: e.kind === 'whiteout' ? 'char' : e.kind })) as TreeEntry[] });

  it('stores each layer once, shared by every image and container, and counts users', () => {
    const store = new LayerStore();
    let built = 0;
    const base: ImageLayer = { diffID: 'sha256:base', size: 0, files: () => (built++, busyboxRootfs()) };
    const a = store.acquire([base]);
    const b = store.acquire([base]);
    expect(a[0]).toBe(b[0]);
    expect(built).toBe(1);
    expect(store.refs(a[0]!)).toBe(2);
    expect(store.chainID(a[0]!)).toBe('sha256:base');
    const top = img('sha256:top', 'f /x 1');
    const c = store.acquire([base, top]);
    expect(c[0]).toBe(a[0]);
    expect(store.chainID(c[1]!)).toBe(chainIDs(['sha256:base', 'sha256:top'])[1]);
    expect(store.count).toBe(2);
    store.release(a);
    store.release(b);
    expect(store.count).toBe(2);
    store.release(c);
    expect(store.count).toBe(0);
    expect(a[0]!.readOnly).toBe(true);
  });

  it('the same diffID on another parent is another layer', () => {
    const store = new LayerStore();
    const x = img('sha256:x', 'f /x 1');
    const [p1] = store.acquire([img('sha256:p1', 'f /p 1')]);
    const [p2] = store.acquire([img('sha256:p2', 'f /p 2')]);
    const s1 = store.acquire([img('sha256:p1', ''), x]);
    const s2 = store.acquire([img('sha256:p2', ''), x]);
    expect(s1[0]).toBe(p1);
    expect(s2[0]).toBe(p2);
    expect(s1[1]).not.toBe(s2[1]);
  });

  it('register keeps one copy of a chain', () => {
    const store = new LayerStore();
    const parents = store.acquire([busyboxRootfsLayer()]);
    const l1 = layerOf('', 'f /x 1');
    const l2 = layerOf('', 'f /x 1');
    expect(store.register(l1, 'sha256:c', parents)).toBe(l1);
    expect(store.register(l2, 'sha256:c', parents)).toBe(l1);
    expect(store.refs(l1)).toBe(2);
    expect(store.initLayer()).toBe(store.initLayer());
  });
});
