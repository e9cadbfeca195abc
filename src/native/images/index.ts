/**
 * The native backend's image and layer store (see README.md in this directory).
 * Node only; needs root (owners, device nodes, trusted.* xattrs) and perl (perl-base).
 */
export { NativeImageStore, NativeStoreError, DEFAULT_ROOT, type NativeStoreOptions, type LayerRecord } from './store.ts';
export { importTar, commit, save, load, type ImportOptions, type CommitOptions, type CommitRequest, type SaveOptions } from './ops.ts';
export { changes, diffLines, exportTar, exportTarChunks, mergedView, type ContainerDirs, type ChangesOptions, type ExportTarOptions, type Change, type ChangeKind } from './container.ts';
export { commitLayer, upperEntries, EMPTY_LAYER_DIFF_ID, type CommittedTar, type CommitLayerOptions } from './commit.ts';
export { ensureBusybox, busyboxLayerTar, busyboxRootfsEntries, isStaticElf, BusyboxError, BUSYBOX_BINARY, BUSYBOX_INSTALL_HINT, type BusyboxRootfsOptions, type EnsureBusyboxOptions } from './busybox.ts';
export { writeLayer, type ExtractedMeta } from './extract.ts';
export { scanLayer, walkScan, type ScanNode } from './scan.ts';
export { MergedFs, lookup, mergedNames, rootFrames, type Hit } from './merged.ts';
export { mknodAll, setXattrs, readXattrs, hostProblem, SysError, OPAQUE_XATTR } from './sys.ts';
