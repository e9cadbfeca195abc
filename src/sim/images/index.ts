/** Images: references, records, the catalog behind a simulated Docker Hub, the store, pulls. */
export * from './types.ts';
export * from './reference.ts';
export * from './config.ts';
export { goJson, goTime, parseGoTime } from './gojson.ts';
export { sha256, sha256Hex, digestOf } from './sha256.ts';
export { parseTree, populate, treeSize, comparePaths, toListing, type TreeSpec } from './tree.ts';
export {
  HUB_REPOSITORIES,
  catalogImage,
  findSpec,
  loadRepository,
  allSpecs,
  imageFromSpec,
  specLayer,
  listedSize,
  type ImageSpec,
  type LayerSpec,
  type HistorySpec,
} from './catalog.ts';
export { importedBusybox, busyboxRootfs, busyboxRootfsLayer, type ImportOptions } from './data/busybox.ts';
export { ImageStore, imageNotFound, isImageIDPrefix, truncateID, ociConfig, type ContainerUse, type ImageStoreOptions, type ListOptions, type RemoveOptions, type StoredImage } from './store.ts';
export {
  Registry,
  HubRegistry,
  RegistryError,
  V2MetadataStore,
  pullErrorMessage,
  digestOfImage,
  type RegistryServer,
  type RegistryCredentials,
  type ServedRegistry,
  type Resolved,
  type RegistryErrorKind,
  type V2Metadata,
} from './registry.ts';
export { planPull, commitPull, unableToFindLine, pullFinalLine, USING_DEFAULT_TAG, type PullLine, type PullPlan, type PullTiming } from './pull.ts';
