/**
 * What the simulated daemon needs from src/sim/archive for `docker import/export/
 * save/load` and `--change`, loaded on first use (archiveOps() in images.ts): a
 * lesson page seldom needs them, and they weigh about 15 KB gzip. ArchiveError
 * itself stays in the main bundle (errors.ts), so `instanceof` works on both sides.
 */
export { applyChanges, importBaseConfig } from '../archive/change.ts';
export { exportContainer } from '../archive/export.ts';
export { importImageConfig, readRootfsTar, storeLayer } from '../archive/import.ts';
export { loadImages, loadedToImage } from '../archive/load.ts';
export { saveDockerArchive, saveImageOf, saveOciArchive } from '../archive/save.ts';
