import { describe, expect, it } from 'vitest';
import { applyEntries } from '../../../src/sim/archive/apply.ts';
import { exportContainer, INIT_LAYER } from '../../../src/sim/archive/export.ts';
import { unpackLayer } from '../../../src/sim/archive/import.ts';
import { listTar } from '../../../src/sim/archive/listing.ts';
import { readTar } from '../../../src/sim/archive/tarRead.ts';
import type { LayerEntry } from '../../../src/sim/archive/types.ts';
import { MemoryFs } from '../../../src/sim/fs/memory.ts';
import { importedBusybox } from '../../../src/sim/images/data/busybox.ts';
import { firstDiff, fixture, fixtureText, meta } from './helpers.ts';

/** A MemoryFs holding exactly the entries (as a container's merged view would). */
function fsOf(entries: readonly LayerEntry[]): MemoryFs {
  const fs = new MemoryFs();
  applyEntries(fs, entries);
  return fs;
}

const xattrsOf = (entries: readonly LayerEntry[]) => {
  const m = new Map(entries.filter((e) => e.xattrs).map((e) => [e.path, e.xattrs!]));
  return (p: string) => m.get(p);
};

const INIT_PATHS = new Set(INIT_LAYER.map((e) => e.path));

describe('docker export', () => {
  it('re-exports the recorded real exports byte for byte (names, PAX, owners, hard links, devices, xattrs)', () => {
    for (const name of ['export-tiny.tar', 'export-busybox.tar.gz']) {
      const real = fixture(name);
      const entries = unpackLayer(real, { identifyExe: false });
      const out = exportContainer(fsOf(entries), { xattrsOf: xattrsOf(entries) });
      expect(firstDiff(out, real), name).toBe(-1);
    }
  });

  it("adds Docker's init layer and keeps only the mount point of a volume", () => {
    const real = fixture('export-tiny.tar');
    const entries = unpackLayer(real, { identifyExe: false });
    // The container as the simulator holds it: no init layer, and files inside the volume.
    const fs = fsOf(entries.filter((e) => !INIT_PATHS.has(e.path) && !['/dev', '/vol'].includes(e.path)));
    const created = Math.floor(Date.parse(meta().tc.created) / 1000) * 1000;
    fs.mkdir('/vol'); // the volume's mount point, made when the container was created
    fs.writeFile('/vol/secret', 'volume content\n');
    fs.utimes('/vol', created);
    const etc = fs.stat('/etc').mtimeMs;
    fs.writeFile('/etc/hosts', '127.0.0.1 localhost\n'); // the live file Docker bind-mounts over the placeholder
    fs.utimes('/etc', etc);
    const out = exportContainer(fs, { init: { mtimeMs: created }, exclude: ['/vol'], xattrsOf: xattrsOf(entries) });
    expect(listTar(out)).toEqual(listTar(real));
    expect(firstDiff(out, real)).toBe(-1);
  });

  it("matches the real export of the lesson's busybox container (GNU tar -tvf listing)", () => {
    const m = meta();
    const created = Date.parse(m.exp.created);
    const started = Date.parse(m.exp.started);
    let now = created;
    const fs = new MemoryFs({ now: () => now });
    applyEntries(fs, importedBusybox({ createdMs: created - 1000, dockerVersion: '20.10.24+dfsg1' }).layers[0]!.files());
    fs.mkdir('/data'); // the volume's mount point, made when the container was created
    now = started; // sh -c 'cd /tmp && touch test && echo x > /etc/newfile && rm /bin/wc && mkdir -p /data && echo v > /data/f'
    fs.writeFile('/tmp/test', '');
    fs.writeFile('/etc/newfile', 'x\n');
    fs.unlink('/bin/wc');
    fs.writeFile('/data/f', 'v\n');
    const out = exportContainer(fs, { init: { mtimeMs: created }, exclude: ['/data'] });
    expect(listTar(out)).toEqual(fixtureText('export-busybox.tvf.txt').trimEnd().split('\n'));
    // the simulated busybox binary carries its program name, so an import runs it again
    const bb = unpackLayer(out).find((e) => e.path === '/bin/busybox')!;
    expect(bb.exe).toBe('busybox');
  });

  it('writes v29 headers: no type bits, no user names', () => {
    const fs = new MemoryFs();
    fs.mkdir('/etc');
    fs.writeFile('/etc/passwd', 'root:x:0:0::/root:/bin/sh\n');
    const out = exportContainer(fs, { version: '29' });
    const es = [...readTar(out, { maxEntries: 10, maxFileBytes: 1e6 })];
    expect(es.map((e) => [e.name, e.uname ?? '', e.mode.toString(8)])).toEqual([
      ['etc/', '', '755'],
      ['etc/passwd', '', '644'],
    ]);
    expect(new TextDecoder().decode(out.subarray(100, 108))).toBe('0000755\0');
  });

  it("looks owner names up in the container's own files, then root/nobody", () => {
    const fs = new MemoryFs();
    fs.mkdir('/etc');
    fs.writeFile('/etc/passwd', 'root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/:/bin/sh\n');
    fs.writeFile('/etc/group', 'staff:x:1000:\n');
    for (const [p, u] of [['/a', 1000], ['/b', 65534], ['/c', 4242]] as const) {
      fs.writeFile(p, '');
      fs.chown(p, u, u);
    }
    const names = listTar(exportContainer(fs)).map((l) => l.split(/\s+/).slice(1, 2)[0] + ' ' + l.split(' ').pop());
    expect(names).toEqual(['root/root a'.replace('root/root', 'alice/staff'), 'nobody/nogroup b', '4242/4242 c', 'root/root etc/', 'root/root etc/group', 'root/root etc/passwd']);
  });
});
