/**
 * The daemon's layer store: every layer once, by chain ID, shared by every image and
 * container that uses it, and counted so that it goes when the last user goes.
 * ChainID(0) = DiffID(0); ChainID(n) = sha256(ChainID(n−1) + " " + DiffID(n)).
 */
import { chainIDs } from '../../images/config.ts';
import type { Layer as ImageLayer } from '../../images/types.ts';
import { Layer } from './layer.ts';
import { makeInitLayer } from './init.ts';

/** An image layer that already has its stored Layer (e.g. one made by commit: see imageLayerOf). */
export interface StoredImageLayer extends ImageLayer {
  layer?: Layer;
}

interface Record {
  layer: Layer;
  chainID: string;
  diffID: string;
  refs: number;
}

export class LayerStore {
  readonly #byChain = new Map<string, Record>();
  readonly #byLayer = new WeakMap<Layer, Record>();
  #init: Layer | null = null;

  /**
   * The layers of an image (bottom first), made from `files()` the first time and
   * shared afterwards. Each call takes one reference to each layer; give them back
   * with release().
   */
  acquire(layers: readonly StoredImageLayer[]): Layer[] {
    const chains = chainIDs(layers.map((l) => l.diffID));
    return layers.map((l, i) => {
      const chainID = chains[i]!;
      let rec = this.#byChain.get(chainID);
      if (!rec) {
        const layer = l.layer ?? Layer.fromTree(l.diffID, l.files());
        layer.readOnly = true;
        rec = { layer, chainID, diffID: l.diffID, refs: 0 };
        this.#byChain.set(chainID, rec);
        this.#byLayer.set(layer, rec);
      }
      rec.refs++;
      return rec.layer;
    });
  }

  /** Drops one reference to each layer; a layer nobody references is deleted. */
  release(layers: readonly Layer[]): void {
    for (const layer of layers) {
      const rec = this.#byLayer.get(layer);
      if (!rec) continue;
      if (--rec.refs <= 0) this.#byChain.delete(rec.chainID);
    }
  }

  /**
   * Stores a new layer (a commit or an import) on top of `parents` (bottom first) and
   * takes a reference to it. If the store already has that chain, the stored layer is
   * returned instead (and `layer` is dropped), as Docker's layer store does.
   */
  register(layer: Layer, diffID: string, parents: readonly Layer[] = []): Layer {
    const chain = chainIDs([...parents.map((p) => this.diffID(p)), diffID]);
    const chainID = chain[chain.length - 1]!;
    let rec = this.#byChain.get(chainID);
    if (!rec) {
      layer.readOnly = true;
      rec = { layer, chainID, diffID, refs: 0 };
      this.#byChain.set(chainID, rec);
      this.#byLayer.set(layer, rec);
    }
    rec.refs++;
    return rec.layer;
  }

  /** Takes one more reference to stored layers (e.g. a second image naming them). */
  retain(layers: readonly Layer[]): void {
    for (const layer of layers) {
      const rec = this.#byLayer.get(layer);
      if (rec) rec.refs++;
    }
  }

  get(chainID: string): Layer | undefined {
    return this.#byChain.get(chainID)?.layer;
  }

  has(chainID: string): boolean {
    return this.#byChain.has(chainID);
  }

  chainID(layer: Layer): string {
    const rec = this.#byLayer.get(layer);
    if (!rec) throw new Error(`layer ${layer.id} is not in the store`);
    return rec.chainID;
  }

  diffID(layer: Layer): string {
    return this.#byLayer.get(layer)?.diffID ?? layer.id;
  }

  refs(layer: Layer): number {
    return this.#byLayer.get(layer)?.refs ?? 0;
  }

  /** How many layers are stored. */
  get count(): number {
    return this.#byChain.size;
  }

  /** The init layer every container shares (see init.ts). */
  initLayer(): Layer {
    this.#init ??= makeInitLayer();
    return this.#init;
  }
}
