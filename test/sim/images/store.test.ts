import { describe, expect, it } from 'vitest';
import { ImageStore, importedBusybox, parseNormalizedNamed, Registry, planPull, commitPull, tagNameOnly, type ContainerUse } from '../../../src/sim/images/index.ts';

function setup(version: '20.10' | '29', users: ContainerUse[] = []) {
  const store = new ImageStore({ version, now: () => Date.UTC(2024, 0, 1), containersUsing: () => users });
  const img = store.add(importedBusybox({ createdMs: Date.UTC(2023, 11, 31), dockerVersion: '20.10.24+dfsg1' }));
  store.setReference(parseNormalizedNamed('busybox:latest'), img.id);
  return { store, img, id12: img.id.slice(7, 19) };
}
const C = 'c'.repeat(64);

describe('overlay2 store (20.10 texts, checked against the real engine)', () => {
  it('rmi of an unused image', () => {
    const { store, img } = setup('20.10');
    expect(store.remove('busybox')).toEqual([{ Untagged: 'busybox:latest' }, { Deleted: img.id }, { Deleted: img.image.layers[0]!.diffID }]);
    expect(() => store.get('busybox')).toThrow('No such image: busybox:latest');
  });
  it('multiple repositories by ID, any prefix length', () => {
    const { store, img, id12 } = setup('20.10');
    store.tag('busybox', parseNormalizedNamed('x:1'));
    store.tag('busybox', parseNormalizedNamed('x:2'));
    for (const p of [img.id.slice(7), id12, id12.slice(0, 1), 'sha256:' + id12.slice(0, 3)]) {
      expect(() => store.remove(p)).toThrow(`conflict: unable to delete ${id12} (must be forced) - image is referenced in multiple repositories`);
    }
    expect(store.remove('x:2')).toEqual([{ Untagged: 'x:2' }]);
  });
  it('a stopped container: by name, by ID, -f', () => {
    const { store, img, id12 } = setup('20.10', [{ id: C, running: false }]);
    expect(() => store.remove('busybox')).toThrow(`conflict: unable to remove repository reference "busybox" (must force) - container ${C.slice(0, 12)} is using its referenced image ${id12}`);
    expect(() => store.remove(id12)).toThrow(`conflict: unable to delete ${id12} (must be forced) - image is being used by stopped container ${C.slice(0, 12)}`);
    const release = store.holdLayers(img.id);
    expect(store.remove('busybox', { force: true })).toEqual([{ Untagged: 'busybox:latest' }, { Deleted: img.id }]);
    release();
  });
  it('a running container: -f by name only untags; by ID cannot be forced', () => {
    const { store, img, id12 } = setup('20.10', [{ id: C, running: true }]);
    expect(() => store.remove(id12, { force: true })).toThrow(`conflict: unable to delete ${id12} (cannot be forced) - image is being used by running container ${C.slice(0, 12)}`);
    expect(store.remove('busybox', { force: true })).toEqual([{ Untagged: 'busybox:latest' }]);
    expect(store.list().map((s) => s.RepoTags)).toEqual([['<none>:<none>']]);
    expect(store.get(id12).id).toBe(img.id);
  });
  it('moving a tag leaves the old image dangling', () => {
    const { store, img } = setup('20.10');
    const other = store.add(importedBusybox({ createdMs: Date.UTC(2024, 0, 1), dockerVersion: 'x' }));
    store.tag(other.id, parseNormalizedNamed('busybox'));
    expect(store.list({ filters: { dangling: ['true'] } }).map((s) => s.Id)).toEqual([img.id]);
    expect(() => store.list({ filters: { dangling: ['maybe'] } })).toThrow("Invalid filter 'dangling=[maybe]'");
    expect(() => store.list({ filters: { foo: ['bar'] } })).toThrow("Invalid filter 'foo'");
  });
  it('errors', () => {
    const { store } = setup('20.10');
    expect(() => store.remove('nosuch')).toThrow('No such image: nosuch:latest');
    expect(() => store.remove('Busybox')).toThrow('invalid reference format: repository name must be lowercase');
    expect(() => store.remove('x:')).toThrow('invalid reference format');
  });
  it('inspect shape', () => {
    const { store } = setup('20.10');
    const i = store.inspect('busybox') as unknown as Record<string, unknown>;
    expect(Object.keys(i)).toEqual(['Id', 'RepoTags', 'RepoDigests', 'Parent', 'Comment', 'Created', 'Container', 'ContainerConfig', 'DockerVersion', 'Author', 'Config', 'Architecture', 'Os', 'Size', 'VirtualSize', 'GraphDriver', 'RootFS', 'Metadata']);
    expect(i.Size).toBe(1984779);
    expect(i.Comment).toBe('Imported from -');
    expect(store.history('busybox')).toHaveLength(1);
  });
});

describe('containerd store (v29 default)', () => {
  it('rmi texts', () => {
    const { store, img, id12 } = setup('29', [{ id: C, running: false }]);
    expect(img.id).not.toBe(img.image.configDigest);
    expect(() => store.remove('busybox')).toThrow(`conflict: unable to delete busybox:latest (must be forced) - container ${C.slice(0, 12)} is using its referenced image ${id12}`);
    expect(store.remove('busybox', { force: true })).toEqual([{ Untagged: 'busybox:latest' }]);
    expect(store.remove(id12, { force: true })).toEqual([{ Deleted: img.id }]);
  });
  it('an unused image: one Deleted line, no layers', () => {
    const { store, img } = setup('29');
    expect(store.remove('busybox')).toEqual([{ Untagged: 'busybox:latest' }, { Deleted: img.id }]);
  });
  it('inspect omits the legacy fields', () => {
    const { store } = setup('29');
    const i = store.inspect('busybox') as unknown as Record<string, unknown>;
    for (const k of ['Container', 'ContainerConfig', 'VirtualSize', 'GraphDriver']) expect(i).not.toHaveProperty(k);
    expect(i.Config).toEqual({ Cmd: ['sh'] });
    expect(i.Descriptor).toBeDefined();
  });
});

describe('pull', () => {
  it.each(['20.10', '29'] as const)('pull nginx (%s), then up to date', async (v) => {
    const { store } = setup(v);
    const reg = new Registry();
    const r = await reg.resolve(tagNameOnly(parseNormalizedNamed('nginx', v)));
    const plan = planPull(store, r);
    const texts = plan.lines.map((l) => l.text);
    expect(texts[0]).toBe('latest: Pulling from library/nginx');
    expect(texts.filter((t) => t.endsWith(': Pull complete'))).toHaveLength(7);
    expect(texts.some((t) => t.endsWith(': Verifying Checksum'))).toBe(v === '20.10');
    expect(texts.at(-1)).toBe('Status: Downloaded newer image for nginx:latest');
    expect(texts.at(-2)).toBe(`Digest: ${r.digest}`);
    commitPull(store, r);
    const again = planPull(store, r).lines.map((l) => l.text);
    expect(again).toEqual(['latest: Pulling from library/nginx', `Digest: ${r.digest}`, 'Status: Image is up to date for nginx:latest']);
  });
  it('shared layers already exist', async () => {
    const { store } = setup('20.10');
    const reg = new Registry();
    commitPull(store, await reg.resolve(tagNameOnly(parseNormalizedNamed('debian'))));
    const plan = planPull(store, await reg.resolve(tagNameOnly(parseNormalizedNamed('node:20'))));
    expect(plan.lines.filter((l) => l.text.endsWith('Already exists'))).toHaveLength(1);
  });
  it('errors', async () => {
    const reg = new Registry();
    await expect(reg.resolve(tagNameOnly(parseNormalizedNamed('nosuchimage')))).rejects.toMatchObject({ kind: 'repository-not-found' });
    await expect(reg.resolve(parseNormalizedNamed('busybox:nope'))).rejects.toMatchObject({ kind: 'manifest-unknown' });
  });
});
