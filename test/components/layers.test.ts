/** The copy-on-write layer diagram: its model on real simulator scenarios, and the component. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'svelte/compiler';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { SimHost } from '../../src/runner/simHost.ts';
import { createSimulator } from '../../src/sim/simulator.ts';
import type { ViewLayer } from '../../src/sim/fs/layered/view.ts';
import { changesBetween, headline } from '../../src/components/layers/changes.ts';
import {
  buildDiagram,
  comparePaths,
  layerSizeText,
  shortLayerId,
  sharedLayers,
  shownFiles,
  sharedWith,
  type Diagram,
  type DiagramFile,
  type DiagramLayer,
} from '../../src/components/layers/model.ts';
import { strings, zhJoin } from '../../src/components/layers/strings.ts';
import { containerKey, fullStack } from '../../src/components/layers/stack.ts';

async function busybox(...names: string[]) {
  const sim = await createSimulator({ seed: 2 });
  const host = new SimHost(sim);
  for (const name of names) {
    const r = await host.docker(['run', '-d', '--name', name, 'busybox', 'sleep', '3600']);
    expect(r.exitCode).toBe(0);
  }
  const exec = async (name: string, script: string) => {
    const r = await host.docker(['exec', name, 'sh', '-c', script]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  };
  const view = (name: string) => sim.engine.containerLayers(name).layers;
  return { sim, host, exec, view };
}

const role = (d: Diagram, r: DiagramLayer['role']): DiagramLayer => d.layers.find((l) => l.role === r)!;
const file = (l: DiagramLayer, path: string): DiagramFile | undefined => l.files.find((f) => f.path === path);
const shown = (l: DiagramLayer): string[] => shownFiles(l).files.map((f) => f.path);

describe('layer diagram model', () => {
  it('stacks the layers top-down with short IDs, roles and Docker sizes', async () => {
    const { host, exec, view } = await busybox('web');
    await exec('web', 'echo hi > /tmp/new');
    const id = (await host.docker(['inspect', '-f', '{{.Id}}', 'web'])).stdout.trim();
    const layers = view('web');
    const d = buildDiagram(layers);
    expect(d.layers.map((l) => l.role)).toEqual(['container', 'init', ...layers.filter((l) => l.role === 'image').map(() => 'image')]);
    const [top, init, base] = d.layers as [DiagramLayer, DiagramLayer, DiagramLayer];
    expect(top.id).toBe(id.slice(0, 12));
    expect(top.readOnly).toBe(false);
    expect(init.id).toBe(`${id.slice(0, 12)}-init`);
    expect(init.readOnly).toBe(true);
    expect(base.key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(base.id).toBe(base.key.slice(7, 19));
    expect(base.readOnly).toBe(true);
    // the container layer's size is SizeRw, as `docker ps -s` prints it
    const ps = (await host.docker(['ps', '-s', '--format', '{{.Size}}'])).stdout.trim();
    expect(ps.startsWith(`${top.sizeText} (virtual `)).toBe(true);
    expect(top.sizeText).toBe('3B');
    // the image layer's, as `docker history` prints it
    const hist = (await host.docker(['history', '--format', '{{.Size}}', 'busybox'])).stdout.trim().split('\n');
    expect(hist).toContain(base.sizeText);
    expect(layerSizeText(999_999)).toBe('1e+03kB');
    expect(layerSizeText(1_984_779)).toBe('1.98MB');
  });

  it('short IDs', () => {
    expect(shortLayerId({ role: 'image', id: 'sha256:bf672de32ddd495da0b91e1fad6dceb7e1f45a0f197a8dd93afffce9c4630307' })).toBe('bf672de32ddd');
    expect(shortLayerId({ role: 'container', id: '01d1ab94f0aa8ea873bb2579a27890c0fd0876c73b98bd2577cc6ce459265c29' })).toBe('01d1ab94f0aa');
    expect(shortLayerId({ role: 'init', id: '01d1ab94f0aa8ea873bb2579a27890c0fd0876c73b98bd2577cc6ce459265c29-init' })).toBe('01d1ab94f0aa-init');
  });

  it('copy-up: copied up in the container layer, shadowed in the image layer', async () => {
    const { exec, view } = await busybox('web');
    await exec('web', 'echo x >> /etc/passwd');
    const d = buildDiagram(view('web'));
    const top = role(d, 'container');
    const img = role(d, 'image');
    expect(file(top, '/etc/passwd')).toMatchObject({ status: 'copied up', badge: 'copied up', type: 'file' });
    expect(file(top, '/etc')).toMatchObject({ status: 'copied up', type: 'dir' });
    expect(file(img, '/etc/passwd')).toMatchObject({ status: 'shadowed', badge: 'shadowed', hiddenBy: top.key, interesting: true });
    // the pair lines up: the image layer shows its /etc and /etc/passwd, not its other files
    expect(shown(img)).toEqual(['/etc', '/etc/passwd']);
    expect(shownFiles(img).more).toBe(img.files.length - 2);
    expect(img.files.length).toBeGreaterThan(200);
    // merged view: /etc/passwd comes from the container layer
    expect(d.merged.find((r) => r.path === '/etc/passwd')).toEqual({ path: '/etc/passwd', type: 'file', from: top.key, hiddenBy: null });
  });

  it('appending to /etc/motd, which busybox does not have, adds a new file', async () => {
    const { exec, view } = await busybox('web');
    await exec('web', 'echo hi >> /etc/motd');
    const d = buildDiagram(view('web'));
    expect(file(role(d, 'container'), '/etc/motd')).toMatchObject({ status: 'from this layer', badge: 'new' });
    expect(file(role(d, 'image'), '/etc/motd')).toBeUndefined();
  });

  it('rm of an image file leaves a whiteout; the merged view shows it deleted', async () => {
    const { exec, view } = await busybox('web');
    await exec('web', 'rm /bin/wc');
    const d = buildDiagram(view('web'));
    const top = role(d, 'container');
    const img = role(d, 'image');
    expect(file(top, '/bin/wc')).toMatchObject({ type: 'whiteout', status: 'whiteout', badge: 'whiteout' });
    expect(file(img, '/bin/wc')).toMatchObject({ status: 'shadowed', hiddenBy: top.key, interesting: true });
    const row = d.merged.find((r) => r.path === '/bin/wc')!;
    expect(row.from).toBeNull();
    expect(row.hiddenBy).toBe(top.key);
    expect(row.type).not.toBe('whiteout'); // what was deleted: the image's entry
  });

  it('a new file is in the container layer only', async () => {
    const { exec, view } = await busybox('web');
    await exec('web', 'echo n > /tmp/new');
    const d = buildDiagram(view('web'));
    const top = role(d, 'container');
    expect(file(top, '/tmp/new')).toMatchObject({ status: 'from this layer', badge: 'new', size: 2 });
    for (const l of d.layers) if (l !== top) expect(file(l, '/tmp/new')).toBeUndefined();
    expect(d.merged.find((r) => r.path === '/tmp/new')?.from).toBe(top.key);
    // /tmp itself merges: the container layer's copy is on top
    expect(d.merged.find((r) => r.path === '/tmp')?.from).toBe(top.key);
  });

  it('mkdir after rm -rf gives an opaque directory that hides the whole lower one', async () => {
    const { exec, view } = await busybox('web');
    await exec('web', 'mkdir -p /data/sub && echo a > /data/sub/a');
    const before = buildDiagram(view('web'));
    expect(file(role(before, 'container'), '/data')?.opaque).toBe(false);
    await exec('web', 'rm -rf /usr; mkdir /usr; echo q > /usr/q');
    const d = buildDiagram(view('web'));
    const top = role(d, 'container');
    const img = role(d, 'image');
    expect(file(top, '/usr')).toMatchObject({ type: 'dir', opaque: true, badge: 'opaque' });
    expect(file(top, '/usr/q')?.badge).toBe('new');
    expect(file(img, '/usr')).toMatchObject({ status: 'shadowed', hiddenBy: top.key });
    for (const f of img.files.filter((f) => f.path.startsWith('/usr/'))) {
      expect(f).toMatchObject({ status: 'shadowed', hiddenBy: top.key, interesting: true });
    }
  });

  it('init layer: everything shown', async () => {
    const { view } = await busybox('web');
    const init = role(buildDiagram(view('web')), 'init');
    expect(shown(init)).toEqual(init.files.map((f) => f.path));
    expect(shown(init)).toEqual(expect.arrayContaining(['/.dockerenv', '/etc/hosts', '/etc/hostname', '/etc/resolv.conf']));
    expect(init.files.every((f) => f.badge === null)).toBe(true);
  });

  it('two containers of one image share its layers', async () => {
    const { exec, view } = await busybox('web', 'web2', 'web3');
    await exec('web', 'echo x >> /etc/passwd');
    const ids = (name: string) => view(name).filter((l) => l.role === 'image').map((l) => l.id);
    expect(ids('web2')).toEqual(ids('web'));
    expect(ids('web').length).toBeGreaterThan(0);
    const tops = ['web', 'web2'].map((n) => buildDiagram(view(n)).layers[0]!.id);
    expect(tops[0]).not.toBe(tops[1]);
    const shared = sharedLayers(view('web'), { web2: view('web2'), web3: view('web3') });
    const d = buildDiagram(view('web'));
    const img = role(d, 'image');
    expect(shared[img.key]).toEqual(['web2', 'web3']);
    expect(sharedWith(shared, img)).toEqual(['web2', 'web3']);
    expect(sharedWith({ [img.id]: ['web9'] }, img)).toEqual(['web9']);
    expect(sharedWith(shared, role(d, 'container'))).toEqual([]);
    // web2 is untouched by web's copy-up
    const other = buildDiagram(view('web2'));
    expect(role(other, 'container').files).toEqual([]);
    expect(file(role(other, 'image'), '/etc/passwd')?.status).toBe('from this layer');
  });

  it('changes since the previous view: just copied up, just whited out, just added', async () => {
    const { exec, view } = await busybox('web', 'web2');
    await exec('web', 'echo n > /tmp/new');
    const v1 = view('web');
    await exec('web', 'echo x >> /etc/passwd; rm /bin/wc; echo m > /tmp/more');
    const v2 = view('web');
    const d = buildDiagram(v2, v1);
    const top = role(d, 'container');
    const kinds = Object.fromEntries(d.changes.map((c) => [`${c.role} ${c.path}`, c.kind]));
    expect(kinds).toEqual({
      'image /bin/wc': 'shadowed',
      'image /etc/passwd': 'shadowed',
      'container /bin': 'copied up',
      'container /bin/wc': 'whiteout',
      'container /etc': 'copied up',
      'container /etc/passwd': 'copied up',
      'container /tmp/more': 'added',
    });
    expect(file(top, '/tmp/new')?.change).toBeNull();
    expect(file(top, '/tmp/more')?.change).toBe('added');
    expect(file(top, '/etc/passwd')?.change).toBe('copied up');
    expect(file(role(d, 'image'), '/etc/passwd')?.change).toBe('shadowed');
    const h = headline(d.changes)!;
    expect(h.change).toMatchObject({ path: '/bin/wc', kind: 'whiteout', role: 'container' });
    expect(h.more).toBe(2);
    const en = strings.en;
    expect(en.change(h.change.kind, h.change.path, en.layerName('container', top.id)) + en.andMore(h.more)).toBe(
      '/bin/wc deleted: a whiteout in the container layer hides it (and 2 more changes)',
    );

    // one more write, to a file already copied up: modified, nothing else
    await exec('web', 'echo y >> /etc/passwd');
    const d3 = buildDiagram(view('web'), v2);
    expect(d3.changes.map((c) => [c.path, c.kind])).toEqual([['/etc/passwd', 'modified']]);
    // a container-only file removed
    await exec('web', 'rm /tmp/new');
    const last = changesBetween(v2, view('web'));
    expect(last).toContainEqual({ path: '/tmp/new', layer: top.key, role: 'container', kind: 'removed', type: 'file' });
    // a copy-up alone: the file, not its parent directory, is the headline
    const { exec: exec2, view: view2 } = await busybox('box');
    const p = view2('box');
    await exec2('box', 'echo x >> /etc/passwd');
    const h2 = headline(changesBetween(p, view2('box')))!;
    expect(h2.change).toMatchObject({ path: '/etc/passwd', kind: 'copied up' });
    expect(h2.more).toBe(0);
    expect(strings['zh-CN'].change(h2.change.kind, h2.change.path, strings['zh-CN'].layerName('container', ''))).toBe(
      '/etc/passwd 被复制到容器层（写时复制）',
    );
    // views of different containers are not compared
    expect(changesBetween(view('web2'), v2)).toEqual([]);
    expect(buildDiagram(v2, view('web2')).changes).toEqual([]);
  });

  it('expanding a layer lists all its files, filtered', async () => {
    const { exec, view } = await busybox('web');
    await exec('web', 'rm /bin/wc');
    const img = role(buildDiagram(view('web')), 'image');
    const all = shownFiles(img, { expanded: true });
    expect(all.files.length).toBe(img.files.length);
    expect(all.more).toBe(0);
    const ls = shownFiles(img, { expanded: true, filter: ' /BIN/L ' }).files.map((f) => f.path);
    expect(ls.length).toBeGreaterThan(0);
    expect(ls.every((p) => p.startsWith('/bin/l'))).toBe(true);
    expect(shownFiles(img, { limit: 1 })).toEqual({ files: [file(img, '/bin')], more: img.files.length - 1 });
  });

  it('an untouched container gets an empty container layer', async () => {
    const { host, view } = await busybox('web');
    const id = (await host.docker(['inspect', '-f', '{{.Id}}', 'web'])).stdout.trim();
    const v = view('web');
    expect(containerKey(v)).toBe(id);
    const full = fullStack(v);
    expect(full[full.length - 1]).toEqual({ role: 'container', id, readOnly: false, size: 0, files: [] });
    expect(fullStack(full)).toBe(full);
    expect(buildDiagram(v).layers[0]).toMatchObject({ role: 'container', id: id.slice(0, 12), sizeText: '0B', files: [] });
  });

  it('zh-CN texts space Han from Latin', () => {
    expect(zhJoin('被', 'init 层', '遮盖')).toBe('被 init 层遮盖');
    expect(zhJoin('/etc/passwd', '被复制到', '镜像层 bf672de32ddd', '（写时复制）')).toBe('/etc/passwd 被复制到镜像层 bf672de32ddd（写时复制）');
    expect(strings['zh-CN'].mergedFrom(strings['zh-CN'].layerName('container', 'x'))).toBe('来自容器层');
  });

  it('sorts paths component by component', () => {
    expect(['/bin-x', '/bin/wc', '/bin', '/a'].sort(comparePaths)).toEqual(['/a', '/bin', '/bin/wc', '/bin-x']);
  });
});

// ---- the component ----------------------------------------------------------------------------

const componentPath = fileURLToPath(new URL('../../src/components/layers/LayerDiagram.svelte', import.meta.url));
const source = readFileSync(componentPath, 'utf8');

describe('LayerDiagram.svelte', () => {
  it('compiles without errors or warnings', () => {
    const r = compile(source, { generate: 'client', filename: 'LayerDiagram.svelte' });
    expect(r.warnings.map((w) => `${w.code}: ${w.message}`)).toEqual([]);
    expect(r.js.code).toContain('aria-live');
  });

  /** The component compiled for the server, importable from a temporary file. */
  async function serverComponent() {
    const { js } = compile(source, { generate: 'server', filename: 'LayerDiagram.svelte' });
    const require = createRequire(import.meta.url);
    const dir = fileURLToPath(new URL('../../src/components/layers/', import.meta.url));
    const code = js.code
      .replace(/from '(svelte[^']*)'/g, (_, m: string) => `from ${JSON.stringify(require.resolve(m))}`)
      .replace(/from '\.\/([^']+)'/g, (_, m: string) => `from ${JSON.stringify(join(dir, m))}`);
    const file = join(mkdtempSync(join(tmpdir(), 'layer-diagram-')), 'LayerDiagram.js');
    writeFileSync(file, code);
    return (await import(/* @vite-ignore */ file)).default;
  }

  it('renders the stack, badges, the merged view and the latest change', async () => {
    const LayerDiagram = await serverComponent();
    const empty = render(LayerDiagram, { props: { lang: 'zh-CN', layers: null } }).body;
    expect(empty).toContain('还没有选中容器');
    expect(empty).toContain('aria-live="polite"');

    const { exec, view } = await busybox('web', 'web2');
    const v1: ViewLayer[] = view('web');
    await exec('web', 'echo x >> /etc/passwd; rm /bin/wc; echo n > /tmp/new');
    const v2 = view('web');
    const img = v2.find((l) => l.role === 'image')!;
    const html = render(LayerDiagram, {
      props: { lang: 'en', layers: v2, previous: v1, container: 'web', shared: { [img.id]: ['web2'] } },
    }).body;
    expect(html).toContain('Layers of web');
    expect(html.match(/<section/g)!.length).toBe(v2.length + 2); // layers, merged view, legend
    expect(html).toContain('Container layer (writable)');
    expect(html).toContain('Image layer (read-only)');
    expect(html).toContain('shared with web2');
    expect(html).toContain('copied up');
    expect(html).toContain('deleted (whiteout)');
    expect(html).toContain(`hidden by the container layer`);
    expect(html).toContain('just now');
    expect(html).toMatch(/<button[^>]*aria-expanded="false"/);
    expect(html).toMatch(/\+\d+ other entries/);
    expect(html).toContain('Merged view: what the container sees');
    expect(html).toContain('from the container layer');
  });
});
