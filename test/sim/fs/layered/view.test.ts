/** The layer diagram's data: layers bottom-up with per-file status, and change notifications. */
import { describe, expect, it } from 'vitest';
import { layerView, watchView, type ViewLayer } from '../../../../src/sim/fs/layered/view.ts';
import { UnionFs } from '../../../../src/sim/fs/layered/union.ts';
import { layerOf, sharedInit } from './helpers.ts';

const statusOf = (v: ViewLayer[], role: string, path: string, i = 0) => v.filter((l) => l.role === role)[i]!.files.find((f) => f.path === path)?.status;

function make() {
  const l1 = layerOf('sha256:one', `
    d /etc
    f /etc/motd hello
    f /etc/passwd root
    d /usr
    f /usr/a A
  `);
  const l2 = layerOf('sha256:two', `
    d /etc
    f /etc/motd second
    w /usr/a
    f /usr/b B
  `);
  return new UnionFs({ lowers: [l1, l2], init: sharedInit(), id: 'c0ffee123456' });
}

describe('layerView', () => {
  it('lists image layers, init and container layer, bottom first', () => {
    const fs = make();
    let v = layerView(fs);
    expect(v.map((l) => [l.role, l.id, l.readOnly])).toEqual([
      ['image', 'sha256:one', true],
      ['image', 'sha256:two', true],
      ['init', 'c0ffee123456-init', true],
    ]);
    expect(statusOf(v, 'image', '/etc/motd', 0)).toBe('shadowed');
    expect(statusOf(v, 'image', '/etc/motd', 1)).toBe('from this layer');
    expect(statusOf(v, 'image', '/usr/a', 0)).toBe('shadowed');
    expect(statusOf(v, 'image', '/usr/a', 1)).toBe('whiteout');
    expect(statusOf(v, 'image', '/etc', 0)).toBe('from this layer');
    expect(statusOf(v, 'init', '/.dockerenv')).toBe('from this layer');
    fs.writeFile('/etc/passwd', 'changed');
    fs.writeFile('/etc/new', 'n');
    fs.unlink('/usr/b');
    v = layerView(fs);
    expect(v.map((l) => l.role)).toEqual(['image', 'image', 'init', 'container']);
    const top = v[3]!;
    expect(top.readOnly).toBe(false);
    expect(top.size).toBe(8);
    expect(top.files.map((f) => [f.path, f.type, f.status])).toEqual([
      ['/etc', 'dir', 'copied up'],
      ['/etc/new', 'file', 'from this layer'],
      ['/etc/passwd', 'file', 'copied up'],
      ['/usr', 'dir', 'copied up'],
      ['/usr/b', 'whiteout', 'whiteout'],
    ]);
    expect(statusOf(v, 'image', '/etc/passwd', 0)).toBe('shadowed');
    expect(statusOf(v, 'image', '/usr/b', 1)).toBe('shadowed');
    expect(statusOf(v, 'image', '/usr', 0)).toBe('from this layer');
  });

  it('an opaque directory shadows everything below it', () => {
    const fs = make();
    fs.unlink('/usr/b');
    fs.rmdir('/usr');
    fs.mkdir('/usr');
    const v = layerView(fs);
    expect(v[3]!.files.find((f) => f.path === '/usr')).toMatchObject({ status: 'copied up', opaque: true });
    expect(statusOf(v, 'image', '/usr', 0)).toBe('shadowed');
    expect(statusOf(v, 'image', '/usr/b', 1)).toBe('shadowed');
  });

  it('watchView redraws once per batch of changes', async () => {
    const fs = make();
    const calls: [number, number][] = [];
    const off = watchView(fs, (v, events) => calls.push([v.length, events.length]));
    fs.writeFile('/a', '1');
    fs.writeFile('/b', '2');
    fs.mkdir('/c');
    await Promise.resolve();
    expect(calls).toEqual([[4, 3]]);
    off();
    fs.writeFile('/d', '3');
    await Promise.resolve();
    expect(calls.length).toBe(1);
  });
});
