/**
 * The native image store: busybox built offline from /bin/busybox (layout, config
 * and layer directory as the real 20.10 engine makes them from the same tar), state
 * that survives a new process, the simulator's rmi rules with the layer directories
 * freed on disk, container holds, and what a crash leaves behind.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeImageStore, busyboxLayerTar, busyboxRootfsEntries, ensureBusybox, importTar } from '../../../src/native/images/index.ts';
import { busyboxRootfs } from '../../../src/sim/images/data/busybox.ts';
import { listTar } from '../../../src/sim/archive/listing.ts';
import { EngineError } from '../../../src/sim/errors.ts';
import { busyboxReason, cleanup, dirListing, scratch, skipReason } from './helpers.ts';

const reason = skipReason() ?? busyboxReason();
const real = JSON.parse(readFileSync(new URL('./fixtures/real-engine.json', import.meta.url), 'utf8')) as {
  busyboxBinarySha256: string;
  busybox: { id: string; config: string; diffID: string; size: number; dir: string[] };
};
const sha = (b: Uint8Array | string) => 'sha256:' + createHash('sha256').update(b).digest('hex');

describe.skipIf(reason !== undefined)(`native image store${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let tmp: string;
  beforeAll(() => {
    tmp = scratch();
  });
  afterAll(() => cleanup(tmp));

  it("lays busybox out as make-busybox-rootfs.sh does (the simulator's busybox listing)", { timeout: 20_000 }, () => {
    const mine = busyboxRootfsEntries().map((e) => `${e.type} ${e.path} ${e.mode.toString(8)} ${e.uid}:${e.gid} ${e.target ?? ''} ${e.mtimeMs}`);
    const sim = busyboxRootfs()
      .filter((e) => e.path !== '/') // the GNU tar's "./" entry (Docker skips it; a layer tar has no root entry)
      .map((e) => `${e.type} ${e.path} ${e.mode.toString(8)} ${e.uid}:${e.gid} ${e.target ?? ''} ${e.mtimeMs}`);
    expect(mine.sort()).toEqual(sim.sort());
    // the same bytes every time (the diffID depends on the binary and the mtime only)
    expect(sha(busyboxLayerTar())).toBe(sha(busyboxLayerTar()));
  });

  it('builds busybox:latest as `docker import --change CMD ["sh"]` does on the real engine', { timeout: 20_000 }, async () => {
    const s = NativeImageStore.open({ root: tmp + '/a' });
    const id = await ensureBusybox(s);
    expect(await ensureBusybox(s)).toBe(id); // already there
    const img = s.images.get('busybox:latest');
    expect(img.image.config.config?.Cmd).toEqual(['sh']);
    expect(img.image.config.history).toEqual([{ created: img.image.config.created, comment: 'Imported from -' }]);
    // the config the real engine wrote for the same tar, byte for byte once the creation time is the same
    const realCreated = (JSON.parse(real.busybox.config) as { created: string }).created;
    const mine = img.image.configJSON.split(JSON.stringify(img.image.config.created)).join(JSON.stringify(realCreated));
    const sameBinary = sha(readFileSync('/bin/busybox')) === real.busyboxBinarySha256;
    if (sameBinary) {
      expect(mine).toBe(real.busybox.config);
      expect(sha(mine)).toBe(real.busybox.id);
      expect(img.image.layers[0]!.diffID).toBe(real.busybox.diffID);
      expect(img.image.layers[0]!.size).toBe(real.busybox.size);
      // the layer directory is the one overlay2 made of the same tar: owners, modes, ns mtimes, links
      expect(dirListing(s.layerDir(real.busybox.diffID))).toEqual(real.busybox.dir);
    } else {
      expect(mine.replace(/sha256:[0-9a-f]{64}/g, 'D')).toBe(real.busybox.config.replace(/sha256:[0-9a-f]{64}/g, 'D'));
    }
    // the stored layer.tar is the tar imported (save writes it back)
    expect(s.layerTar(img.image.layers[0]!.diffID)).toEqual(busyboxLayerTar());
    expect(listTar(s.layerTar(img.image.layers[0]!.diffID)).length).toBe(busyboxRootfsEntries().length);
  });

  it('keeps images, tags, parents and LastTagTime across processes (a new store on the same root)', { timeout: 20_000 }, async () => {
    let now = 1_700_000_000_000;
    const s = NativeImageStore.open({ root: tmp + '/b', now: () => now });
    const bb = await ensureBusybox(s);
    now += 1000;
    s.tag('busybox', 'mine:1');
    now += 1000;
    s.tag('busybox', 'localhost:5000/x/y:z');
    const before = { list: s.images.list(), inspect: s.images.inspect('mine:1'), history: s.images.history('busybox') };
    const again = NativeImageStore.open({ root: tmp + '/b', now: () => now });
    expect(again.problems).toEqual([]);
    expect(again.images.list()).toEqual(before.list);
    expect(again.images.inspect('mine:1')).toEqual(before.inspect);
    expect(again.images.history('busybox')).toEqual(before.history);
    expect(again.images.repoTags(bb)).toEqual(['busybox:latest', 'mine:1', 'localhost:5000/x/y:z']);
    expect(again.lowerDirs(bb)).toEqual(s.lowerDirs(bb));
  });

  it("follows the simulator's rmi rules and frees layer directories nothing uses any more", { timeout: 20_000 }, async () => {
    const s = NativeImageStore.open({ root: tmp + '/c' });
    const bb = await ensureBusybox(s);
    s.tag('busybox', 'other');
    const dir = s.lowerDirs(bb)[0]!;
    expect(s.remove('other')).toEqual([{ Untagged: 'other:latest' }]);
    expect(existsSync(dir)).toBe(true);
    s.holdLayers(bb, 'c'.repeat(64)); // a container made from it
    s.setContainersUsing((id) => (id === bb ? [{ id: 'c'.repeat(64), running: false }] : []));
    expect(() => s.remove('busybox')).toThrow(EngineError);
    expect(() => s.remove('busybox')).toThrow('conflict: unable to remove repository reference "busybox" (must force) - container cccccccccccc is using its referenced image ' + bb.slice(7, 19));
    const items = s.remove('busybox', { force: true });
    expect(items).toEqual([{ Untagged: 'busybox:latest' }, { Deleted: bb }]);
    // the container still has its lowers, also in a new process
    expect(existsSync(dir)).toBe(true);
    expect(NativeImageStore.open({ root: tmp + '/c' }).holders()).toEqual(['c'.repeat(64)]);
    s.releaseLayers('c'.repeat(64));
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(s.dir + '/layers/sha256')).toEqual([]);
    expect(readdirSync(s.dir + '/configs/sha256')).toEqual([]);
  });

  it('prints Docker\'s "Deleted:" lines for the image and each layer it frees', { timeout: 20_000 }, async () => {
    const s = NativeImageStore.open({ root: tmp + '/d' });
    const bb = await ensureBusybox(s);
    const chain = s.chainOf(bb);
    expect(s.remove(bb)).toEqual([{ Untagged: 'busybox:latest' }, { Deleted: bb }, { Deleted: chain[0] }]);
    expect(s.images.images()).toEqual([]);
  });

  it('removes what a crash left: scratch extractions, layer directories and configs no index names', { timeout: 20_000 }, async () => {
    const root = tmp + '/e';
    const s = NativeImageStore.open({ root });
    await importTar(s, busyboxLayerTar(), { source: '-', reference: 'keep' });
    mkdirSync(s.dir + '/tmp/layer-half-done/diff/bin', { recursive: true });
    mkdirSync(s.dir + '/layers/sha256/' + 'f'.repeat(64) + '/diff', { recursive: true });
    writeFileSync(s.dir + '/configs/sha256/' + 'e'.repeat(64), '{}');
    const again = NativeImageStore.open({ root });
    expect(readdirSync(again.dir + '/tmp')).toEqual([]);
    expect(readdirSync(again.dir + '/layers/sha256')).toHaveLength(1);
    expect(readdirSync(again.dir + '/configs/sha256')).toHaveLength(1);
    expect(again.images.repoTags(again.images.get('keep').id)).toEqual(['keep:latest']);
  });

  it('refuses a damaged index with a sentence that says what to do', { timeout: 20_000 }, () => {
    const root = tmp + '/f';
    mkdirSync(root + '/image', { recursive: true });
    writeFileSync(root + '/image/index.json', '{"version":1,');
    expect(() => NativeImageStore.open({ root })).toThrow(/index\.json: damaged .*move it away/);
  });
});
