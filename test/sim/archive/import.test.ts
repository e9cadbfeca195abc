import { describe, expect, it } from 'vitest';
import { applyEntries } from '../../../src/sim/archive/apply.ts';
import { exportContainer } from '../../../src/sim/archive/export.ts';
import { gzip } from '../../../src/sim/archive/gzip.ts';
import { importComment, importImageConfig, importOciConfigJson, readRootfsTar, storeLayer, unpackLayer } from '../../../src/sim/archive/import.ts';
import { loadImages } from '../../../src/sim/archive/load.ts';
import { MemoryFs } from '../../../src/sim/fs/memory.ts';
import { serializeConfigFile } from '../../../src/sim/images/config.ts';
import { firstDiff, fixture, fixtureText, meta } from './helpers.ts';

describe('docker import', () => {
  it('reads GNU tar output (././@LongLink, ./ prefix) with the diffID and size Docker computes', async () => {
    const m = meta();
    const tiny = fixture('tiny-rootfs.tar');
    const l = await readRootfsTar(tiny, { nowMs: 0 });
    expect(l.diffID).toBe(m.images['tiny:latest']!.layers[0]);
    expect(l.size).toBe(m.images['tiny:latest']!.size);
    const byPath = new Map(l.entries.map((e) => [e.path, e]));
    expect(byPath.has('/')).toBe(false);
    expect(byPath.get('/bin/tool')!.mode).toBe(0o4755);
    expect(byPath.get('/bin/tool-hard')!.linkOf).toBe('/bin/tool');
    expect(byPath.get('/bin/null')).toMatchObject({ type: 'char', rdev: 0x103 });
    expect(byPath.get('/tmp/fifo')!.type).toBe('fifo');
    expect(byPath.get('/etc/odd')).toMatchObject({ uid: 4242, gid: 4243 });
    expect(byPath.get('/tmp')!.mode).toBe(0o1777);
    expect([...byPath.keys()].some((p) => p.endsWith('f'.repeat(120)))).toBe(true);
    expect(new TextDecoder().decode(byPath.get('/ünï/çødé/fïlé.txt')!.data)).toBe('hello\n');
    // the same tar gzip'd has the same diffID (it is the digest of the uncompressed stream)
    expect((await readRootfsTar(await gzip(tiny))).diffID).toBe(l.diffID);
    expect(storeLayer(l).files()).toBe(l.entries);
  });

  it('imports a real export: the busybox binary runs as the simulated busybox', async () => {
    const l = await readRootfsTar(fixture('export-busybox.tar.gz'));
    const bb = l.entries.find((e) => e.path === '/bin/busybox')!;
    expect(bb.exe).toBe('busybox');
    expect(l.entries.find((e) => e.path === '/bin/wc')).toBeUndefined();
    expect(l.entries.find((e) => e.path === '/data')!.type).toBe('dir');
    expect(l.entries.find((e) => e.path === '/data/f')).toBeUndefined();
    expect(l.size).toBe(1984786);
  });

  it('writes the config Docker 20.10 writes (same image ID for the same input and time)', async () => {
    const real = await loadImages(fixture('save-busybox.tar.gz'));
    const bb = real.images.find((i) => i.repoTags.includes('busybox:latest'))!;
    const created = (JSON.parse(bb.configJSON) as { created: string }).created; // 2026-…T…:18.322135192Z
    const ms = Date.parse(created);
    const extra = Number(created.match(/\.\d{3}(\d*)Z/)![1]!.padEnd(6, '0'));
    const cfg = importImageConfig({ source: '-', changes: ['CMD ["sh"]'], createdMs: ms, extraNanos: extra, diffID: bb.layers[0]!.diffID, dockerVersion: '20.10.24+dfsg1' });
    expect(serializeConfigFile(cfg)).toBe(bb.configJSON);
    expect(bb.id).toBe(meta().images['busybox:latest']!.id);
  });

  it('history comment: -m, else "Imported from -" for files and stdin, the URL for URLs', () => {
    expect(importComment('-')).toBe('Imported from -');
    expect(importComment('./rootfs.tar')).toBe('Imported from -');
    expect(importComment('https://example.com/r.tar.gz')).toBe('Imported from https://example.com/r.tar.gz');
    expect(importComment('x.tar', 'my message')).toBe('my message');
    expect(fixtureText('import-message.txt').trim()).toBe('|my message');
  });

  it('writes the v29 (containerd) config: every config field omitempty', () => {
    const j = importOciConfigJson({ source: '-', changes: ['CMD ["sh"]', 'ENV A=1'], createdMs: 0, diffID: 'sha256:' + '0'.repeat(64), dockerVersion: '' });
    expect(j).toBe(
      '{"created":"1970-01-01T00:00:00Z","architecture":"amd64","os":"linux","config":{"Env":["A=1"],"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:0000000000000000000000000000000000000000000000000000000000000000"]},"history":[{"created":"1970-01-01T00:00:00Z","comment":"Imported from -"}]}',
    );
  });

  it('export -> import -> export gives the same archive', () => {
    const first = fixture('export-tiny.tar');
    const entries = unpackLayer(first, { identifyExe: false });
    const fs = new MemoryFs();
    applyEntries(fs, entries);
    const x = new Map(entries.filter((e) => e.xattrs).map((e) => [e.path, e.xattrs!]));
    const again = exportContainer(fs, { xattrsOf: (p) => x.get(p) });
    expect(firstDiff(again, first)).toBe(-1);
  });
});
