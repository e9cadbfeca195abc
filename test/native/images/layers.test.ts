/**
 * Layers on disk: extraction into overlay's form against the directory the real
 * engine's overlay2 made of the same tar, whiteouts/opaque directories both ways
 * (a real committed layer extracted and tarred again gives the same bytes), and
 * every hostile archive of the simulator's suite imported for real: Docker's error
 * or Docker's files, and nothing written outside the store.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeImageStore, commitLayer, exportTar, importTar, scanLayer, walkScan } from '../../../src/native/images/index.ts';
import { listTar } from '../../../src/sim/archive/listing.ts';
import { EngineError } from '../../../src/sim/errors.ts';
import { hostileCases } from '../../sim/archive/hostile.ts';
import { daemonText, fixtureJson, type RunResult } from '../../sim/archive/helpers.ts';
import { cleanup, dirListing, oddLayerTar, scratch, skipReason } from './helpers.ts';

const reason = skipReason();
const FIX = new URL('./fixtures/', import.meta.url);
const real = JSON.parse(readFileSync(new URL('real-engine.json', FIX), 'utf8')) as { odd: { id: string; config: string; diffID: string; size: number; dir: string[] } };

/** Times Docker sets to "now" (whiteout devices, directories the archive did not list) cannot match. */
const unstable = (line: string): boolean => / whiteout /.test(line) || /^\/long(\/x+)? dir /.test(line);
const mask = (lines: string[]) => lines.map((l) => (unstable(l) ? l.replace(/mtime=\d+/, 'mtime=*') : l));

/** Everything below `dir` except `skip`: path -> type, size, link target. */
function snapshot(dir: string, skip: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = d + '/' + name;
      if (p === skip) continue;
      const st = lstatSync(p);
      out.set(p, `${st.mode} ${st.size} ${st.isSymbolicLink() ? readlinkSync(p) : ''} ${st.mtimeMs}`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

describe.skipIf(reason !== undefined)(`layers on disk${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let tmp: string;
  beforeAll(() => {
    tmp = scratch();
  });
  afterAll(() => cleanup(tmp));

  // Real files and a perl process per layer: about 0.1 s each here, more on a loaded machine.
  it("extracts a layer as the real engine's overlay2 does (whiteouts, opaque, devices, links, modes, xattrs, ns times)", { timeout: 20_000 }, async () => {
    const s = NativeImageStore.open({ root: tmp + '/odd' });
    const id = await importTar(s, oddLayerTar(), { source: '-', reference: 'odd' });
    expect(s.images.get(id).image.layers[0]!.diffID).toBe(real.odd.diffID);
    expect(s.images.get(id).image.layers[0]!.size).toBe(real.odd.size);
    const mine = dirListing(s.lowerDirs(id)[0]!);
    expect(mask(mine)).toEqual(mask(real.odd.dir));
    // the whiteout devices keep the marker's owner and time (Docker: owner kept, time of unpacking)
    expect(mine.find((l) => l.startsWith('/a/gone '))).toBe('/a/gone whiteout 0 5:7 size=0 mtime=1600000000000000000');
    expect(mine.find((l) => l.startsWith('/op '))).toMatch(/ opaque xattrs=trusted\.overlay\.opaque:79$/);
  });

  it('tars an extracted layer back to the same entries: char 0/0 -> .wh.<name>, opaque xattr -> .wh..wh..opq', { timeout: 20_000 }, async () => {
    // a layer the real engine committed: .wh.wc, two opaque directories, a hard link, a fifo, uid 33
    const tar = new Uint8Array(readFileSync(new URL('container-commit.tar', FIX)));
    const s = NativeImageStore.open({ root: tmp + '/rt' });
    const rec = await s.storeLayerTar(tar);
    s.unpin(rec.chainID);
    const dir = s.layerDir(rec.chainID);
    const lines = dirListing(dir);
    expect(lines.find((l) => l.startsWith('/bin/wc '))).toMatch(/^\/bin\/wc whiteout 0 0:0 /);
    expect(lines.filter((l) => l.includes(' opaque')).map((l) => l.split(' ')[0])).toEqual(['/home', '/srv']);
    const back = commitLayer(dir);
    expect(listTar(back.tar)).toEqual(listTar(tar));
    expect(Buffer.from(back.tar).equals(Buffer.from(tar))).toBe(true);
    expect(back.diffID).toBe(rec.diffID);
    // and the odd layer: every whiteout comes back as Docker writes one (0600, the device's owner
    // and time), the opaque marker with the directory's mode and owner and time 0
    const odd = NativeImageStore.open({ root: tmp + '/rt2' });
    const r2 = await odd.storeLayerTar(oddLayerTar());
    odd.unpin(r2.chainID);
    const again = listTar(commitLayer(odd.layerDir(r2.chainID)).tar, { numericOwner: true }).map((l) => l.split(/\s+/).join(' '));
    expect(again.filter((l) => l.includes('.wh.'))).toEqual([
      '-rw------- 5/7 0 2020-09-13 12:26 a/.wh.gone',
      '-rw------- 0/0 0 2020-09-13 12:26 a/.wh.other',
      '-rwx--x--x 0/0 0 1970-01-01 00:00 op/.wh..wh..opq',
      '-rw------- 0/0 0 2020-09-13 12:26 .wh.rootgone', // where "rootgone" sorts
    ]);
    // the rest is the archive's entries, in walk order (the hard link now on its first name in that
    // order), plus the directories the archive did not list (made when it was unpacked)
    const orig = listTar(oddLayerTar(), { numericOwner: true }).map((l) => l.split(/\s+/).join(' '));
    const plain = (ls: string[]) => ls.filter((l) => !l.includes('.wh.') && !/ (h1|suid)( |$)/.test(l) && !/ long\/(x+\/)?$/.test(l)).sort();
    expect(plain(again)).toEqual(plain(orig));
    expect(again).toContain('-rwsr-xr-x 0/0 10 2023-11-14 22:13 h1');
    expect(again).toContain('hrwsr-xr-x 0/0 0 2023-11-14 22:13 suid link to h1');
  });

  interface Recorded {
    name: string;
    import: RunResult;
    exported: string[] | null;
  }
  const shape = (lines: readonly string[]): string[] => lines.map((l) => {
    const f = l.split(/\s+/);
    return `${f[0]![0]} ${f.slice(5).join(' ')}`;
  });

  // 52 imports, two of which inflate 64 MiB / 16 MiB of gzip (about 2 s here): room for a loaded machine.
  it('imports every hostile archive as the real engine did, and writes nothing outside the store', { timeout: 120_000 }, async () => {
    const recorded = fixtureJson<Recorded[]>('hostile-real.json');
    const cases = await hostileCases();
    const base = tmp + '/hostile';
    mkdirSync(base + '/outside/etc', { recursive: true });
    writeFileSync(base + '/outside/etc/passwd', 'canary\n');
    const before = snapshot(base, base + '/store');
    const s = NativeImageStore.open({ root: base + '/store' });
    for (const rec of recorded) {
      const c = cases.find((x) => x.name === rec.name)!;
      let id: string | undefined;
      let error: unknown;
      try {
        id = await importTar(s, c.bytes, { source: '-', reference: 'hostile:' + rec.name });
      } catch (e) {
        error = e;
      }
      if (rec.import.rc !== 0) {
        expect(error, `${rec.name}: accepted what Docker refused`).toBeInstanceOf(EngineError);
        expect((error as Error).message.trimEnd(), rec.name).toBe(daemonText(rec.import.stderr).replace(/flate: corrupt input before offset \d+/, 'flate: corrupt input'));
        continue;
      }
      expect(error, rec.name).toBeUndefined();
      // what a container of the image shows: export its directories with Docker's init layer
      const out = exportTar({ lowers: s.lowerDirs(id!) }, { init: { mtimeMs: 0 } });
      expect(shape(listTar(out)), rec.name).toEqual(shape(rec.exported!));
    }
    // nothing outside the store changed; inside, every symlink is content, never a way out
    expect(snapshot(base, base + '/store')).toEqual(before);
    expect(readFileSync(base + '/outside/etc/passwd', 'utf8')).toBe('canary\n');
    for (const chain of readdirSync(s.dir + '/layers/sha256')) {
      for (const [path, n] of walkScan(scanLayer(`${s.dir}/layers/sha256/${chain}/diff`))) {
        expect(n.real.startsWith(`${s.dir}/layers/sha256/${chain}/diff/`), path).toBe(true);
      }
    }
    // refused archives left no layer and no scratch directory behind
    expect(readdirSync(s.dir + '/tmp')).toEqual([]);
  });

  it('keeps ../.., absolute names and names through symlinks inside the layer, as Docker\'s chroot does', { timeout: 20_000 }, async () => {
    const cases = await hostileCases();
    const s = NativeImageStore.open({ root: tmp + '/escape' });
    const files = async (name: string): Promise<string[]> => {
      const id = await importTar(s, cases.find((c) => c.name === name)!.bytes, { source: '-' });
      return dirListing(s.lowerDirs(id)[0]!).slice(1).map((l) => l.replace(/ mtime=\d+/, ''));
    };
    expect(await files('dotdot')).toEqual(['/evil file 644 0:0 size=2']); // ../evil
    expect(await files('dotdot-deep')).toEqual(['/evil file 644 0:0 size=2']); // a/../../evil
    expect(await files('abs')).toEqual(['/abs dir 755 0:0 size=-', '/abs/file file 644 0:0 size=2']);
    // link -> /, then link/through: written at the layer's /through; the link stays a link (content)
    expect(await files('sym-through')).toEqual(['/link symlink 777 0:0 size=1 -> /', '/through file 644 0:0 size=2']);
    expect(await files('sym-through-up')).toEqual(['/d dir 755 0:0 size=-', '/d/up symlink 777 0:0 size=8 -> ../../..', '/escaped file 644 0:0 size=2']);
    expect(await files('sym-rel-escape')).toEqual(['/link symlink 777 0:0 size=12 -> ../../../etc']);
    // a name through a symlink to nothing, a hard link out of the layer: refused with Docker's texts
    await expect(importTar(s, cases.find((c) => c.name === 'sym-dangling-parent')!.bytes, { source: '-' })).rejects.toThrow(
      'Error processing tar file(exit status 1): open /link/x: no such file or directory',
    );
    await expect(importTar(s, cases.find((c) => c.name === 'hard-escape')!.bytes, { source: '-' })).rejects.toThrow(
      'Error processing tar file(exit status 1): link /etc/passwd /h: no such file or directory',
    );
    for (const p of ['/evil', '/through', '/escaped', '/abs/file']) expect(existsSync(p), p).toBe(false);
  });

  it('stops at the archive limits with the simulator\'s texts', async () => {
    const s = NativeImageStore.open({ root: tmp + '/limits', limits: { maxEntries: 3 } });
    await expect(importTar(s, oddLayerTar(), { source: '-' })).rejects.toThrow(/the archive has more than 3 entries, the simulator's limit/);
    expect(readdirSync(s.dir + '/layers/sha256')).toEqual([]);
  });
});
