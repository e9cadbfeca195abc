/**
 * Archives in and out of the native store: save → load into a fresh store keeps
 * IDs, tags, parents and the layer directories; the real engine's saves load and
 * save back byte for byte; the real engine's exports and a simulator-made export
 * import and export back byte for byte through real files; errors are the daemon's.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeImageStore, commit, ensureBusybox, exportTar, importTar, load, save } from '../../../src/native/images/index.ts';
import { readTar } from '../../../src/sim/archive/tarRead.ts';
import { EngineError } from '../../../src/sim/errors.ts';
import { SimHost } from '../../../src/runner/simHost.ts';
import { createSimulator } from '../../../src/sim/simulator.ts';
import { fixture, meta } from '../../sim/archive/helpers.ts';
import { busyboxReason, cleanup, dirListing, scratch, skipReason } from './helpers.ts';

const reason = skipReason() ?? busyboxReason();
const sha = (b: Uint8Array | string) => 'sha256:' + createHash('sha256').update(b).digest('hex');

/** The save time of a recorded save: the mtime of a symlinked layer.tar. */
function saveTime(tar: Uint8Array): number {
  for (const e of readTar(tar, { maxEntries: 1e4, maxFileBytes: 1e9 })) if (e.type === 'symlink') return e.mtime * 1000;
  throw new Error('no symlink');
}

describe.skipIf(reason !== undefined)(`archives${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let tmp: string;
  beforeAll(() => {
    tmp = scratch();
  });
  afterAll(() => cleanup(tmp));

  it('save → load into a fresh store keeps image IDs, tags, the parent and the layer directories', { timeout: 20_000 }, async () => {
    const a = NativeImageStore.open({ root: tmp + '/a' });
    const bb = await ensureBusybox(a);
    mkdirSync(tmp + '/up');
    writeFileSync(tmp + '/up/hello', 'hi\n');
    const child = await commit(a, { upper: tmp + '/up', lowers: a.lowerDirs(bb) }, { imageId: bb, containerId: 'c'.repeat(64), config: { Cmd: ['cat', '/hello'] }, containerConfig: { Cmd: ['sh'] }, createdBy: 'sh', comment: 'c1', reference: 'hello:1' });
    const tar = await save(a, ['busybox:latest', 'hello:1']);
    const b = NativeImageStore.open({ root: tmp + '/b' });
    expect(await load(b, tar)).toEqual(['Loaded image: busybox:latest', 'Loaded image: hello:1']);
    expect(b.images.get('busybox:latest').id).toBe(bb);
    expect(b.images.get('hello:1').id).toBe(child);
    expect(b.images.get('hello:1').parent).toBe(bb);
    expect(b.images.history('hello:1')).toEqual(a.images.history('hello:1'));
    for (const [x, y] of b.lowerDirs(child).map((d, i) => [d, a.lowerDirs(child)[i]!])) expect(dirListing(x!)).toEqual(dirListing(y!));
    // again: the same content is not stored twice; an ID-only save loads as an ID
    expect(await load(b, tar)).toEqual(['Loaded image: busybox:latest', 'Loaded image: hello:1']);
    expect(readdirSync(b.dir + '/layers/sha256')).toHaveLength(2);
    const byId = await save(a, [child.slice(7, 19)]);
    const c = NativeImageStore.open({ root: tmp + '/c' });
    expect(await load(c, byId)).toEqual([`Loaded image ID: ${child}`]);
    // the OCI layout loads too
    const d = NativeImageStore.open({ root: tmp + '/d' });
    expect(await load(d, await save(a, ['hello:1'], { format: 'oci' }))).toEqual(['Loaded image: hello:1']);
    expect(d.images.get('hello:1').id).toBe(child);
  });

  it("loads the real engine's saves and writes them back byte for byte", { timeout: 20_000 }, async () => {
    const m = meta();
    for (const name of ['save-busybox.tar.gz', 'save-tiny.tar']) {
      const realTar = fixture(name);
      const s = NativeImageStore.open({ root: `${tmp}/real-${name}` });
      const lines = await load(s, realTar);
      const tags = lines.map((l) => l.replace('Loaded image: ', ''));
      for (const t of tags) expect(s.images.get(t).id).toBe(m.images[t]!.id);
      const again = await save(s, tags, { nowMs: saveTime(realTar) });
      expect(Buffer.from(again).equals(Buffer.from(realTar)), name).toBe(true);
    }
  });

  it("gives the daemon's text for a broken archive and keeps nothing", { timeout: 20_000 }, async () => {
    const s = NativeImageStore.open({ root: tmp + '/broken' });
    const err = await load(s, new TextEncoder().encode('not a tar at all, really not\n'.repeat(30))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as Error).message).toBe('Error processing tar file(exit status 1): archive/tar: invalid tar header');
    const err2 = await importTar(s, fixture('save-tiny.tar'), { source: '-', changes: ['BOGUS x'] }).catch((e: unknown) => e);
    expect((err2 as EngineError).errorClass).toBe('invalidParameter');
    expect((err2 as Error).message).toBe('bogus is not a valid change command');
    expect(readdirSync(s.dir + '/layers/sha256')).toEqual([]);
    expect(s.images.images()).toEqual([]);
  });

  it("imports the real engine's exports and exports them back byte for byte (names, PAX, xattrs, devices, links)", { timeout: 20_000 }, async () => {
    const s = NativeImageStore.open({ root: tmp + '/exports' });
    for (const name of ['export-tiny.tar', 'export-busybox.tar.gz']) {
      const tar = fixture(name);
      const id = await importTar(s, tar, { source: '-' });
      expect(s.images.get(id).image.layers[0]!.diffID).toBe(sha(tar));
      expect(Buffer.from(exportTar({ lowers: s.lowerDirs(id) })).equals(Buffer.from(tar)), name).toBe(true);
    }
  });

  it('imports a simulator-made export: same files, same bytes back, the config --change and -m make', { timeout: 20_000 }, async () => {
    const sim = await createSimulator({ version: '20.10' });
    const host = new SimHost(sim);
    await host.docker(['run', '--name', 'exp', '-v', '/data', 'busybox', 'sh', '-c', 'cd /tmp && touch test && echo x > /etc/newfile && rm /bin/wc && mkdir -p /data && echo v > /data/f']);
    const exported = await sim.engine.containerExport('exp');
    const s = NativeImageStore.open({ root: tmp + '/fromsim' });
    const id = await importTar(s, exported, { source: 'exp.tar', reference: 'fromsim', message: 'from the simulator', changes: ['CMD ["sh"]', 'ENV A=1'] });
    const img = s.images.get('fromsim:latest');
    expect(img.id).toBe(id);
    expect(img.image.layers[0]!.diffID).toBe(sha(exported));
    expect(img.image.config.comment).toBe('from the simulator');
    expect(img.image.config.config?.Cmd).toEqual(['sh']);
    expect(img.image.config.config?.Env).toEqual(['A=1']);
    // the simulator's own import of the same bytes has the same layer
    await sim.images.importTar(exported, { source: '-', reference: 'again' });
    expect(sim.images.store.get('again').image.layers[0]!.diffID).toBe(sha(exported));
    // through real files and back: the same archive
    expect(Buffer.from(exportTar({ lowers: s.lowerDirs(id) })).equals(Buffer.from(exported))).toBe(true);
    const names = dirListing(s.lowerDirs(id)[0]!).map((l) => l.split(' ')[0]);
    expect(names).toEqual(expect.arrayContaining(['/.dockerenv', '/etc/newfile', '/tmp/test', '/data']));
    expect(names).not.toContain('/bin/wc');
    expect(names).not.toContain('/data/f');
  });
});
