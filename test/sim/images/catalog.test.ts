import { describe, expect, it } from 'vitest';
import { allSpecs, imageFromSpec, imageSize, listedSize, treeSize, HUB_REPOSITORIES, chainIDs } from '../../../src/sim/images/index.ts';

const specs = await allSpecs();

describe('catalog', () => {
  it('every index tag has exactly one spec', () => {
    for (const [repo, entry] of Object.entries(HUB_REPOSITORIES)) {
      for (const tag of entry.tags) expect(specs.filter((s) => s.repo === repo && s.tags.includes(tag)), `${repo}:${tag}`).toHaveLength(1);
    }
  });

  describe.each(specs.map((s) => [`${s.repo}:${s.tags[0]}`, s] as const))('%s', (_name, spec) => {
    const img = imageFromSpec(spec);
    it('has a stable ID', () => {
      expect(imageFromSpec(spec).configDigest).toBe(img.configDigest);
      expect(img.configDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(img.index?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    });
    it('layer files add up to the layer sizes, and those to the image size', () => {
      let total = 0;
      for (const [i, l] of img.layers.entries()) {
        expect(listedSize(spec.layers[i]!), spec.layers[i]!.key).toBeLessThanOrEqual(l.size);
        expect(treeSize(l.files()), spec.layers[i]!.key).toBe(l.size);
        total += l.size;
      }
      expect(imageSize(img)).toBe(total);
    });
    it('history and RootFS agree', () => {
      const nonEmpty = img.config.history.filter((h) => !h.empty_layer).length;
      expect(img.config.rootfs.diff_ids).toHaveLength(nonEmpty);
      expect(new Set(chainIDs(img.config.rootfs.diff_ids)).size).toBe(nonEmpty);
    });
    it('has a command to run', () => {
      const c = img.config.config!;
      expect((c.Cmd?.length ?? 0) + (c.Entrypoint?.length ?? 0)).toBeGreaterThan(0);
      expect(c.Env?.some((e) => e.startsWith('PATH='))).toBe(true);
    });
    it('the executable it runs exists in its layers', () => {
      const c = img.config.config!;
      const exe = (c.Entrypoint?.[0] ?? c.Cmd![0])!;
      const files = new Map(img.layers.flatMap((l) => l.files()).map((e) => [e.path, e]));
      const path = (c.Env ?? []).find((e) => e.startsWith('PATH='))!.slice(5).split(':');
      const candidates = exe.startsWith('/') ? [exe] : path.map((d) => `${d}/${exe}`);
      const resolve = (p: string): boolean => {
        // follow directory symlinks such as /bin -> usr/bin
        for (const [k, e] of files) if (e.type === 'symlink' && (p === k || p.startsWith(k + '/'))) {
          const tgt = e.target!.startsWith('/') ? e.target! : k.slice(0, k.lastIndexOf('/') + 1) + e.target!;
          return resolve(tgt + p.slice(k.length));
        }
        return files.get(p)?.type === 'file';
      };
      expect(candidates.some(resolve), `${exe} in ${spec.repo}`).toBe(true);
    });
  });

  it('shared layers are the same layer (node:20 sits on debian:bookworm)', async () => {
    const node = imageFromSpec(specs.find((s) => s.repo === 'library/node' && s.tags.includes('20'))!);
    const debian = imageFromSpec(specs.find((s) => s.repo === 'library/debian' && s.tags.includes('latest'))!);
    expect(node.layers[0]!.diffID).toBe(debian.layers[0]!.diffID);
  });

  it.each([
    ['library/hello-world', 'latest', 13256],
    ['library/alpine', 'latest', 7_377_384],
    ['library/ubuntu', '22.04', 77_812_539],
    ['library/nginx', 'latest', 187_000_000],
    ['library/registry', '2', 25_399_550],
  ])('%s:%s is %d bytes', (repo, tag, size) => {
    expect(imageSize(imageFromSpec(specs.find((s) => s.repo === repo && s.tags.includes(tag))!))).toBe(size);
  });

  it('nginx config', () => {
    const c = imageFromSpec(specs.find((s) => s.repo === 'library/nginx')!).config.config!;
    expect(c.Entrypoint).toEqual(['/docker-entrypoint.sh']);
    expect(c.Cmd).toEqual(['nginx', '-g', 'daemon off;']);
    expect(c.ExposedPorts).toEqual({ '80/tcp': {} });
    expect(c.StopSignal).toBe('SIGQUIT');
  });
});
