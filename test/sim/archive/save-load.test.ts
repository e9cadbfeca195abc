import { describe, expect, it } from 'vitest';
import { ArchiveError } from '../../../src/sim/archive/errors.ts';
import { layerTar } from '../../../src/sim/archive/layerTar.ts';
import { listTar } from '../../../src/sim/archive/listing.ts';
import { DEFAULT_TMP, loadImages, loadedToImage, type LoadedImage } from '../../../src/sim/archive/load.ts';
import { saveDockerArchive, saveImageOf, saveOciArchive, type SaveImage } from '../../../src/sim/archive/save.ts';
import { BUSYBOX_ROOTFS_DIFF_ID, busyboxRootfs, busyboxRootfsLayer, importedBusybox } from '../../../src/sim/images/data/busybox.ts';
import { fakeDigest } from '../../../src/sim/images/config.ts';
import { sha256Hex } from '../../../src/sim/images/sha256.ts';
import { readTar } from '../../../src/sim/archive/tarRead.ts';
import { v1Layers } from '../../../src/sim/archive/v1.ts';
import { daemonText, firstDiff, fixture, fixtureJson, meta, type RunResult } from './helpers.ts';

const toSave = (images: readonly LoadedImage[]): SaveImage[] =>
  images.map((i) => ({ configJSON: i.configJSON, repoTags: i.repoTags, parent: i.parent, layers: i.layers.map((l) => ({ diffID: l.diffID, tar: () => l.tar })) }));

/** The save time of a recorded save: the mtime of a symlinked layer.tar. */
function saveTime(tar: Uint8Array): number {
  for (const e of readTar(tar, { maxEntries: 1e4, maxFileBytes: 1e9 })) if (e.type === 'symlink') return e.mtime * 1000;
  throw new Error('no symlink');
}

describe('docker load of real 20.10 archives', () => {
  it('restores every image, tag, layer (with whiteouts) and parent', async () => {
    const m = meta();
    const r = await loadImages(fixture('save-busybox.tar.gz'));
    expect([...r.lines].sort()).toEqual(['Loaded image: busybox:committed', 'Loaded image: busybox:latest']);
    for (const tag of ['busybox:latest', 'busybox:committed']) {
      const img = r.images.find((i) => i.repoTags.includes(tag))!;
      expect(img.id).toBe(m.images[tag]!.id);
      expect(img.layers.map((l) => l.diffID)).toEqual(m.images[tag]!.layers);
    }
    const committed = r.images.find((i) => i.repoTags.includes('busybox:committed'))!;
    expect(committed.parent).toBe(m.images['busybox:latest']!.id);
    expect(committed.layers[1]!.entries.map((e) => e.path)).toEqual(['/bin', '/bin/.wh.wc', '/data', '/etc', '/etc/newfile', '/tmp', '/tmp/test']);
    expect(committed.layers[1]!.size).toBe(m.images['busybox:committed']!.size - m.images['busybox:latest']!.size);
    const tiny = await loadImages(fixture('save-tiny.tar'));
    expect(tiny.images.map((i) => i.id).sort()).toEqual([m.images['tiny:latest']!.id, m.images['tiny:committed']!.id].sort());
  });

  it('saves them back byte for byte (v1 IDs, json, symlinked layers, mtimes)', async () => {
    for (const name of ['save-busybox.tar.gz', 'save-tiny.tar']) {
      const real = fixture(name);
      const r = await loadImages(real);
      const s = await saveDockerArchive(toSave(r.images), { nowMs: saveTime(real) });
      expect(firstDiff(s.tar, real), name).toBe(-1);
      expect([...s.ids].every(([a, b]) => a === b)).toBe(true);
    }
  });

  it('store helpers: loadedToImage keeps the config bytes and the tars, saveImageOf writes them back', async () => {
    const real = fixture('save-tiny.tar');
    const r = await loadImages(real);
    const images = r.images.map(loadedToImage);
    expect(images.map((i) => i.configDigest)).toEqual(r.images.map((i) => i.id));
    const s = await saveDockerArchive(
      images.map((img, i) => saveImageOf(img, r.images[i]!.repoTags, r.images[i]!.parent)),
      { nowMs: saveTime(real) },
    );
    expect(firstDiff(s.tar, real)).toBe(-1);
    // the simulator's busybox: its diffID is the digest of the tar save writes, so the
    // config goes out verbatim and comes back with the same ID (as Docker keeps it)
    const bb = importedBusybox({ createdMs: 0, dockerVersion: '20.10.24+dfsg1' });
    const saved = await saveDockerArchive([saveImageOf(bb, ['busybox:latest'])], { nowMs: 0 });
    expect(saved.ids.get(bb.configDigest)).toBe(bb.configDigest);
    const back = await loadImages(saved.tar);
    expect(back.images[0]!.id).toBe(bb.configDigest);
    expect(back.images[0]!.configJSON).toBe(bb.configJSON);
    expect(back.images[0]!.layers[0]!.entries.find((e) => e.path === '/bin/busybox')!.exe).toBe('busybox');
    // a layer with a placeholder diffID (pulled catalog images) still gets its real one written, hence a new ID
    const fake = importedBusybox({ createdMs: 0, dockerVersion: '20.10.24+dfsg1', diffID: fakeDigest('placeholder') });
    const fixed = await saveDockerArchive([saveImageOf(fake, ['fake:latest'])], { nowMs: 0 });
    const newId = fixed.ids.get(fake.configDigest)!;
    expect(newId).not.toBe(fake.configDigest);
    expect(newId).toBe(bb.configDigest);
    expect((await loadImages(fixed.tar)).images[0]!.id).toBe(newId);
  });

  it("the busybox layer's diffID is the sha256 of the layer tar the simulator writes", () => {
    expect(busyboxRootfsLayer().diffID).toBe(BUSYBOX_ROOTFS_DIFF_ID);
    expect('sha256:' + sha256Hex(layerTar(busyboxRootfs()))).toBe(BUSYBOX_ROOTFS_DIFF_ID);
  });

  it('writes a committed layer as Docker does (whiteout as an empty 0600 .wh. file)', async () => {
    const r = await loadImages(fixture('save-busybox.tar.gz'));
    const top = r.images.find((i) => i.repoTags.includes('busybox:committed'))!.layers[1]!;
    expect(firstDiff(layerTar(top.entries), top.tar)).toBe(-1);
  });

  it('computes v1 IDs as moby CreateID', async () => {
    const r = await loadImages(fixture('save-tiny.tar'));
    const names = listTar(fixture('save-tiny.tar')).map((l) => l.split(' ').pop()!);
    for (const img of r.images) for (const l of v1Layers(img.configJSON)) expect(names).toContain(`${l.id}/json`);
  });
});

describe('docker load errors, against the real engine (fixtures/load-real.json)', () => {
  const recorded = fixtureJson<Array<{ name: string; load: RunResult }>>('load-real.json');
  const inputs: Record<string, () => Promise<Uint8Array>> = {
    export: async () => fixture('export-busybox.tar.gz'),
    empty: async () => new Uint8Array(0),
    nontar: async () => new TextEncoder().encode('hello, this is not a tar archive\n'.repeat(40)),
  };
  for (const rec of recorded.filter((r) => r.name in inputs)) {
    it(rec.name, async () => {
      const err = await loadImages(await inputs[rec.name]!()).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ArchiveError);
      const want = daemonText(rec.load.stderr).replace(/\/var\/lib\/docker\/tmp\/docker-import-\d+/, DEFAULT_TMP);
      expect((err as Error).message).toBe(want);
    });
  }
  it('the recorded variants of a save (untagged, legacy, missing config, bad manifest, layer count, diffID)', () => {
    const byName = new Map(recorded.map((r) => [r.name, r.load]));
    expect(byName.get('untagged')!.stdout).toMatch(/^Loaded image ID: sha256:[0-9a-f]{64}$/);
    expect(byName.get('legacy')).toMatchObject({ rc: 0, stdout: '' });
    expect(daemonText(byName.get('missing-config')!.stderr)).toMatch(/^open \/var\/lib\/docker\/tmp\/docker-import-\d+\/nope.json: no such file or directory$/);
    expect(daemonText(byName.get('bad-manifest')!.stderr)).toBe("invalid character 'g' looking for beginning of value");
    expect(daemonText(byName.get('layer-count')!.stderr)).toBe('invalid manifest, layers length mismatch: expected 0, got 1');
    expect(daemonText(byName.get('diffid-mismatch')!.stderr)).toMatch(/^invalid diffID for layer 1: expected "sha256:[0-9a-f]{64}", got "sha256:[0-9a-f]{64}"$/);
  });
  it('gives the same texts for the same variants, and keeps nothing on error', async () => {
    const real = fixture('save-tiny.tar');
    const r = await loadImages(real);
    const items = toSave(r.images);
    const variant = async (edit: (files: Map<string, Uint8Array>) => void): Promise<string> => {
      const entries = [...readTar(real, { maxEntries: 1e4, maxFileBytes: 1e9 })];
      const files = new Map(entries.filter((e) => e.type === 'file').map((e) => [e.name, e.data]));
      edit(files);
      const { TarWriter } = await import('../../../src/sim/archive/tar.ts');
      const w = new TarWriter();
      for (const e of entries) {
        if (e.type !== 'file') w.add(e);
        else if (files.has(e.name)) w.add({ ...e, size: files.get(e.name)!.length }, files.get(e.name)!);
      }
      return loadImages(w.finish()).then(
        (x) => x.lines.join('\n'),
        (e: Error) => e.message,
      );
    };
    const enc = new TextEncoder();
    expect(await variant((f) => f.set('manifest.json', enc.encode('garbage\n')))).toBe("invalid character 'g' looking for beginning of value");
    expect(await variant((f) => f.set('manifest.json', enc.encode('[{"Config":"nope.json","RepoTags":["x:y"],"Layers":[]}]')))).toBe(`open ${DEFAULT_TMP}/nope.json: no such file or directory`);
    expect(await variant((f) => f.set('manifest.json', enc.encode(JSON.stringify(JSON.parse(new TextDecoder().decode(f.get('manifest.json')!)).map((m: { Layers: string[] }) => ({ ...m, Layers: [] }))))))).toBe(
      'invalid manifest, layers length mismatch: expected 0, got 1',
    );
    expect(await variant((f) => f.delete('manifest.json'))).toBe('');
    expect(items).toHaveLength(2);
  });
});

describe('the OCI layout of current Docker', () => {
  it('writes blobs, index.json, oci-layout and manifest.json, sorted, 0444/0644, mtime 0', async () => {
    const r = await loadImages(fixture('save-tiny.tar'));
    const s = await saveOciArchive(toSave(r.images), { nowMs: 0 });
    const ls = listTar(s.tar);
    expect(ls.map((l) => l.split(' ').pop())).toEqual([...ls.map((l) => l.split(' ').pop()!)].sort());
    expect(ls[0]).toBe('drwxr-xr-x 0/0               0 1970-01-01 00:00 blobs/');
    expect(ls.filter((l) => l.includes('blobs/sha256/')).every((l) => l.startsWith('-r--r--r-- 0/0') || l.startsWith('drwxr-xr-x'))).toBe(true);
    expect(ls.map((l) => l.split(' ').pop()).filter((n) => !n!.startsWith('blobs'))).toEqual(['index.json', 'manifest.json', 'oci-layout']);
    const files = new Map([...readTar(s.tar, { maxEntries: 100, maxFileBytes: 1e8 })].map((e) => [e.name, new TextDecoder().decode(e.data)]));
    expect(files.get('oci-layout')).toBe('{"imageLayoutVersion":"1.0.0"}');
    const index = JSON.parse(files.get('index.json')!) as { manifests: Array<{ annotations: Record<string, string> }> };
    expect(index.manifests.map((m) => m.annotations['io.containerd.image.name'])).toEqual(['docker.io/library/tiny:latest', 'docker.io/library/tiny:committed']);
    // and it loads back (via manifest.json, as 20.10 does; via index.json alone, as v29 does)
    const back = await loadImages(s.tar);
    expect(back.images.map((i) => i.id)).toEqual(r.images.map((i) => i.id));
    const withRepos = await saveOciArchive(toSave(r.images), { nowMs: 0, store: 'overlay2' });
    expect(listTar(withRepos.tar).some((l) => l.endsWith(' repositories'))).toBe(true);
  });
});
