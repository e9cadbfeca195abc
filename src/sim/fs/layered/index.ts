/**
 * The copy-on-write layered filesystem (overlay2 semantics on memfs-backed layers).
 *
 *   const store = new LayerStore();                       // one per daemon
 *   const fs = containerFs(store, image.layers, { id, now, createdMs });
 *   ... programs use fs (wrap it in MountFs for volumes and the runtime bind mounts) ...
 *   changes(fs)            // docker diff
 *   commitLayer(fs)        // docker commit → store.register(layer, diffID, fs.lowers)
 *   containerSizes(fs)     // docker ps -s
 *   layerView(fs)          // the layer diagram
 *   releaseContainerFs(store, fs)                        // docker rm
 */
import type { Layer as ImageLayer } from '../../images/types.ts';
import type { LayerStore } from './store.ts';
import { UnionFs } from './union.ts';

export { FileData } from './content.ts';
export { Layer, type Entry, type Kind, type Meta, type LayerEntry } from './layer.ts';
export { toTarEntries, toTreeEntries, layerFromTar, layerFromTree, WHITEOUT_PREFIX, WHITEOUT_OPAQUE, WHITEOUT_META_PREFIX, type TarEntry } from './tarball.ts';
export { LayerStore, type StoredImageLayer } from './store.ts';
export { UnionFs, lookup, mergedEntries, type Frame, type Hit, type FsEvent, type FsOp, type UnionOptions } from './union.ts';
export { makeInitLayer, runtimeFiles, runtimeMounts, hostsFile, resolvConfFile, FileMount, shortId, INIT_PATHS, type RuntimeFilesOptions } from './init.ts';
export { changes, diffLines, CHANGE_KIND_CODE, type Change, type ChangeKind, type ChangesOptions } from './diff.ts';
export { goMapOrder } from './gomap.ts';
export { commitLayer, imageLayerOf, layerDigest, EMPTY_LAYER_DIFF_ID, type CommittedLayer, type CommitOptions } from './commit.ts';
export { layerSize, sizeRw, imageSize, containerSizes, imageDiskUsage, imagesTotalSize, type ContainerSizes, type ImageDiskUsage } from './size.ts';
export { layerView, watchView, onChange, type ViewLayer, type ViewFile, type FileStatus, type LayerRole } from './view.ts';

export interface ContainerFsOptions {
  /** Container ID (names the container and init layers). */
  id?: string;
  /** The virtual clock. */
  now?: () => number;
  /** When the container was created (the init layer's mtimes); defaults to now(). */
  createdMs?: number;
}

/** A new container's root filesystem over an image's layers (O(1): nothing is copied). */
export function containerFs(store: LayerStore, imageLayers: readonly ImageLayer[], o: ContainerFsOptions = {}): UnionFs {
  const now = o.now ?? (() => 0);
  return new UnionFs({
    lowers: store.acquire(imageLayers),
    init: store.initLayer(),
    initMtimeMs: o.createdMs ?? now(),
    now,
    id: o.id ?? '',
  });
}

/** Gives back the image layers a container held (docker rm). */
export function releaseContainerFs(store: LayerStore, fs: UnionFs): void {
  store.release(fs.lowers);
}
