/**
 * Real tar archives for `docker export/import` and `docker save/load` (pure TS,
 * browser and Node). See test/sim/archive/README.md for what was checked against a
 * real Docker 20.10 engine.
 *
 *   exportContainer(fs, { init, exclude, version })      -> Uint8Array (docker export)
 *   readRootfsTar(bytes, { limits, nowMs })              -> Promise<LayerTar> (docker import)
 *   importImageConfig({ source, message, changes, … })   -> ImageConfigFile (20.10)
 *   applyChanges(config, changes, version)               -> ImageConfig (-c/--change)
 *   saveDockerArchive(images, { nowMs }) / saveOciArchive -> Promise<SaveResult> (docker save)
 *   loadImages(bytes, { version, currentId })            -> Promise<LoadResult> (docker load)
 * Every failure on input is an ArchiveError whose message is the daemon's text.
 */
export { ArchiveError, type ArchiveErrorCode } from './errors.ts';
export { DEFAULT_LIMITS, limitsOf, type ArchiveLimits } from './safety.ts';
export { exportContainer, exportChunks, INIT_LAYER, type ExportOptions } from './export.ts';
export {
  readRootfsTar,
  readLayerTar,
  unpackLayer,
  importComment,
  importImageConfig,
  importOciConfigJson,
  storeLayer,
  type TarBackedLayer,
  type ReadLayerOptions,
  type ImportConfigOptions,
} from './import.ts';
export { applyChanges, importBaseConfig, type ChangeVersion } from './change.ts';
export { saveDockerArchive, saveOciArchive, saveImageOf, type SaveImage, type SaveLayer, type SaveOptions, type OciSaveOptions, type SaveResult } from './save.ts';
export { loadImages, loadedToImage, DEFAULT_TMP, type LoadOptions, type LoadResult, type LoadedImage } from './load.ts';
export { layerTar, layerTarChunks, entryBytes, HOST_USERS, HOST_GROUPS, type LayerTarOptions } from './layerTar.ts';
export { applyEntries } from './apply.ts';
export { listTar, modeString } from './listing.ts';
export { identifyExe, withExeMarker } from './exe.ts';
export { detectCompression, gunzip, gzip, type Compression } from './gzip.ts';
export { TarWriter, type TarHeader, type TarType } from './tar.ts';
export { readTar, type TarEntry } from './tarRead.ts';
export { whiteoutTarget, makedev, major, minor, type LayerEntry, type LayerTar } from './types.ts';

/** Texts the CLI prints itself (docker/cli 20.10) around these commands. */
export const CLI_TEXT = {
  /** export/save without -o to a terminal. */
  refuseTerminal: 'cowardly refusing to save to a terminal. Use the -o flag or redirect',
  /** load without -i from a terminal. */
  loadFromTerminal: 'requested load from stdin, but stdin is empty',
  /** export -o/save -o into a missing directory: `failed to export container: invalid output path: directory "x" does not exist`. */
  invalidOutputDir: (dir: string) => `invalid output path: directory ${JSON.stringify(dir)} does not exist`,
} as const;
