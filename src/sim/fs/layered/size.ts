/**
 * Sizes as Docker reports them (Engine 20.10, overlay2):
 *  - a layer's size is pkg/directory.Size of its diff directory: the lstat sizes of
 *    everything but directories (file bytes, symlink target lengths; whiteouts and
 *    devices are 0), each hard-linked inode once;
 *  - SizeRw (`docker ps -s` SIZE) is that of the container layer (copied-up files
 *    count whole, even if unchanged);
 *  - SizeRootFs (`(virtual …)`) is the image's layers plus SizeRw; the init layer
 *    counts in neither (its files are empty);
 *  - an image's size (`docker images`) is the sum of its layers; `docker system df`
 *    splits it into shared (layers other images use too) and unique.
 */
import type { Layer } from './layer.ts';
import type { UnionFs } from './union.ts';

const cache = new WeakMap<Layer, number>();

/** A layer's size; read-only layers are measured once. */
export function layerSize(layer: Layer): number {
  if (!layer.readOnly) return layer.diskSize();
  let s = cache.get(layer);
  if (s === undefined) cache.set(layer, (s = layer.diskSize()));
  return s;
}

/** SizeRw: the bytes in the container layer. */
export function sizeRw(u: UnionFs): number {
  return u.upper ? layerSize(u.upper) : 0;
}

/** An image's size: the sum of its layers. */
export function imageSize(layers: readonly Layer[]): number {
  let n = 0;
  for (const l of layers) n += layerSize(l);
  return n;
}

export interface ContainerSizes {
  SizeRw: number;
  SizeRootFs: number;
}

/**
 * `docker ps -s` / inspect --size: SizeRw and SizeRootFs. `imageBytes` overrides the
 * image part (e.g. the catalog's declared layer sizes).
 */
export function containerSizes(u: UnionFs, imageBytes?: number): ContainerSizes {
  const rw = sizeRw(u);
  return { SizeRw: rw, SizeRootFs: (imageBytes ?? imageSize(u.lowers)) + rw };
}

export interface ImageDiskUsage {
  Size: number;
  SharedSize: number;
  UniqueSize: number;
}

/** `docker system df -v` per image: layers used by more than one image are shared. */
export function imageDiskUsage(images: readonly (readonly Layer[])[]): ImageDiskUsage[] {
  const users = new Map<Layer, number>();
  for (const layers of images) for (const l of new Set(layers)) users.set(l, (users.get(l) ?? 0) + 1);
  return images.map((layers) => {
    let size = 0;
    let shared = 0;
    for (const l of new Set(layers)) {
      const s = layerSize(l);
      size += s;
      if ((users.get(l) ?? 0) > 1) shared += s;
    }
    return { Size: size, SharedSize: shared, UniqueSize: size - shared };
  });
}

/** `docker system df` TOTAL SIZE of images: every distinct layer once. */
export function imagesTotalSize(images: readonly (readonly Layer[])[]): number {
  const all = new Set<Layer>();
  for (const layers of images) for (const l of layers) all.add(l);
  return imageSize([...all]);
}
