/**
 * The build cache (moby image/cache, builder/dockerfile imageprobe.go).
 *
 * Without --cache-from (LocalImageCache): a step's image is the newest child of the
 * current image whose ContainerConfig matches the step's config (runConfig.ts
 * sameForCache). With --cache-from (ImageCache over those images): a local hit counts
 * only if it is an ancestor of one of them; otherwise the step matches a source image
 * whose history starts with the current image's and whose next history entry was made
 * by the same command — the last entry gives that image itself, an earlier one a new
 * image made from that history entry ("restored": its Config is the step's config, it
 * has no ContainerConfig). After the first miss the cache is not asked again until the
 * next FROM.
 */
import type { HistoryEntry, ImageConfig } from '../images/types.ts';
import type { BuildBackend, BuildImage, CacheImage } from './backend.ts';
import { sameForCache } from './runConfig.ts';

const before = (a: [number, number], b: [number, number]): boolean => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

function sameHistory(a: HistoryEntry, b: HistoryEntry): boolean {
  return a.created === b.created && (a.author ?? '') === (b.author ?? '') && (a.created_by ?? '') === (b.created_by ?? '') && (a.comment ?? '') === (b.comment ?? '') && !!a.empty_layer === !!b.empty_layer;
}

/** isValidParent: `img` starts with everything `parent` is (history and layers). */
function validParent(img: CacheImage, parent: CacheImage | undefined): boolean {
  if (img.history.length === 0) return false;
  if (!parent || (parent.history.length === 0 && parent.diffIDs.length === 0)) return true;
  if (parent.history.length >= img.history.length) return false;
  if (parent.diffIDs.length > img.diffIDs.length) return false;
  return parent.history.every((h, i) => sameHistory(h, img.history[i]!)) && parent.diffIDs.every((d, i) => d === img.diffIDs[i]);
}

export class Prober {
  #busted = false;
  readonly #b: BuildBackend;
  readonly #off: boolean;
  readonly #cacheFrom: readonly string[];
  /** The --cache-from images (looked up again at each FROM); undefined: local cache only. */
  #sources: CacheImage[] | undefined;

  constructor(backend: BuildBackend, noCache: boolean, cacheFrom: readonly string[] = []) {
    this.#b = backend;
    this.#off = noCache;
    this.#cacheFrom = cacheFrom;
    this.reset();
  }

  reset(): void {
    this.#busted = false;
    if (this.#off || this.#cacheFrom.length === 0) return;
    // MakeImageCache: a reference that names no local image is skipped (the daemon logs it)
    this.#sources = this.#cacheFrom.map((ref) => this.#b.image(ref)).flatMap((img) => (img ? [this.#b.cacheImage(img.id)!] : []));
  }

  /** The cached image for this step, or '' (the cache is then busted until the next FROM). */
  probe(parent: string, cfg: ImageConfig): string {
    if (this.#off || this.#busted) return '';
    const id = this.#sources ? this.#fromSources(parent, cfg) : this.#local(parent, cfg);
    if (!id) this.#busted = true;
    return id;
  }

  #local(parent: string, cfg: ImageConfig): string {
    let match: BuildImage | undefined;
    for (const img of this.#b.children(parent)) {
      if (!sameForCache(img.containerConfig, cfg)) continue;
      if (!match || before(match.created, img.created)) match = img;
    }
    return match?.id ?? '';
  }

  #isAncestor(of: string, id: string): boolean {
    for (let cur = this.#b.parentOf(of), n = 0; cur !== undefined && n < 10_000; cur = this.#b.parentOf(cur), n++) if (cur === id) return true;
    return false;
  }

  #fromSources(parentId: string, cfg: ImageConfig): string {
    const sources = this.#sources!;
    const local = this.#local(parentId, cfg);
    if (local && sources.some((s) => this.#isAncestor(s.id, local))) return local;
    const parent = parentId ? this.#b.cacheImage(parentId) : undefined;
    const at = parent?.history.length ?? 0;
    const cmd = (cfg.Cmd ?? []).join(' ');
    for (const target of sources) {
      if (!validParent(target, parent) || (target.history[at]?.created_by ?? '') !== cmd) continue;
      if (target.history.length - 1 === at) {
        if (parent) this.#b.setParent(target.id, parent.id);
        return target.id;
      }
      const id = this.#b.restoreCached(parent?.id ?? '', target.id, at, cfg);
      this.#sources = [target];
      return id;
    }
    return '';
  }
}
