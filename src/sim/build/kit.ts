/**
 * What the lazily loaded builder uses from the simulator's main bundle, handed to it
 * at load time (kitRef.ts) instead of imported: a chunk that imports modules of the
 * main bundle makes the bundler regroup them into new shared chunks, which a lesson
 * page then loads too. This module is the only build file on the page; it only names
 * things that are there anyway.
 */
import { ArchiveError } from '../archive/errors.ts';
import { applyEntries } from '../archive/apply.ts';
import { identifyExe } from '../archive/exe.ts';
import { detectCompression, gunzip } from '../archive/gzip.ts';
import { LayerBuilder } from '../archive/layer.ts';
import { limitsOf, openArchive, wrapReadError } from '../archive/safety.ts';
import { TarWriter, TYPE_BITS } from '../archive/tar.ts';
import { HOST_GROUPS, HOST_USERS } from '../archive/layerTar.ts';
import { major, minor } from '../archive/types.ts';
import { readTar } from '../archive/tarRead.ts';
import { parsePublish, PortSpecError } from '../cli/commands/portSpec.ts';
import { bool, errorText, isOld, list, str } from '../cli/context.ts';
import { humanSize } from '../cli/format/size.ts';
import { SimImages } from '../engine/images.ts';
import { EngineError } from '../errors.ts';
import { commitLayer, containerFs, imageLayerOf, releaseContainerFs } from '../fs/layered/index.ts';
import { MemoryFs } from '../fs/memory.ts';
import { FsError } from '../fs/types.ts';
import { buildImage, makeConfig } from '../images/config.ts';
import { goTime } from '../images/gojson.ts';
import { familiarString, parseNormalizedNamed, ReferenceFormatError, tagNameOnly } from '../images/reference.ts';
import { sha256Hex } from '../images/sha256.ts';
import { outside } from '../outside.ts';

export const buildKit = {
  ArchiveError,
  applyEntries,
  identifyExe,
  detectCompression,
  gunzip,
  LayerBuilder,
  limitsOf,
  openArchive,
  wrapReadError,
  TarWriter,
  TYPE_BITS,
  HOST_USERS,
  HOST_GROUPS,
  major,
  minor,
  readTar,
  parsePublish,
  PortSpecError,
  bool,
  errorText,
  isOld,
  list,
  str,
  humanSize,
  SimImages,
  EngineError,
  commitLayer,
  containerFs,
  imageLayerOf,
  releaseContainerFs,
  MemoryFs,
  FsError,
  buildImage,
  makeConfig,
  goTime,
  familiarString,
  parseNormalizedNamed,
  ReferenceFormatError,
  tagNameOnly,
  sha256Hex,
  outside,
};

export type BuildKit = typeof buildKit;
