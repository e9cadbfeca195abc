/**
 * Hostile and broken input. Everything read from outside goes through here:
 * size limits before any work, bounded decompression, the tar reader's strict
 * checks, and layer building inside a private tree (nothing can name a path
 * outside the layer). Each failure is an ArchiveError whose message is what a
 * Docker 20.10 daemon answers for the same input (checked on a real engine; see
 * test/sim/archive/README.md), or, for the simulator's own limits, a plain
 * sentence in the same style. Nothing is kept from a failed read.
 */
import { ArchiveError, feedError, untarError } from './errors.ts';
import { detectCompression, gunzip } from './gzip.ts';

export interface ArchiveLimits {
  /** Bytes of the input as given (compressed or not). */
  maxInputBytes: number;
  /** Bytes of the uncompressed tar stream. */
  maxTarBytes: number;
  /** Entries (headers) in one tar. */
  maxEntries: number;
  /** Bytes of one file. */
  maxFileBytes: number;
  /** gzip: most output bytes per input byte (a decompression bomb) … */
  maxRatio: number;
  /** … checked once the output is past this size, so small, very regular archives pass. */
  ratioFloor: number;
  /** Longest path or link target, in bytes (Linux PATH_MAX). */
  maxPathBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: ArchiveLimits = {
  maxInputBytes: 1024 * MiB,
  maxTarBytes: 1024 * MiB,
  maxEntries: 500_000,
  maxFileBytes: 512 * MiB,
  maxRatio: 1000,
  ratioFloor: 256 * MiB,
  maxPathBytes: 4096,
};

export function limitsOf(partial?: Partial<ArchiveLimits>): ArchiveLimits {
  return { ...DEFAULT_LIMITS, ...partial };
}

/**
 * The uncompressed tar inside `input` (plain or gzip), within the limits. Errors
 * are shaped as Docker prints them for an import or load.
 */
export async function openArchive(input: Uint8Array, limits: ArchiveLimits): Promise<Uint8Array> {
  if (input.length > limits.maxInputBytes) {
    throw untarError('limit', `the archive is ${input.length} bytes, more than the simulator's limit of ${limits.maxInputBytes} bytes`);
  }
  const kind = detectCompression(input.subarray(0, 10));
  if (kind === 'none') {
    if (input.length > limits.maxTarBytes) {
      throw untarError('limit', `the archive is larger than the simulator's limit of ${limits.maxTarBytes} bytes uncompressed`);
    }
    return input;
  }
  if (kind !== 'gzip') {
    throw untarError('compression', `${kind} archives are not supported by the simulator (use .tar or .tar.gz)`);
  }
  try {
    return await gunzip(input, limits);
  } catch (e) {
    throw wrapReadError(e);
  }
}

/** Wraps a low-level error (tar reader, gzip, layer) the way the daemon reports it. */
export function wrapReadError(e: unknown): ArchiveError {
  if (!(e instanceof ArchiveError)) {
    return untarError('unpack', e instanceof Error ? e.message : String(e));
  }
  if (e.message.startsWith('Error processing tar file(')) return e;
  // gzip/flate errors surface while the daemon feeds the unpacker; everything else comes from it.
  if (e.code === 'compression') return feedError(e.code, e.message);
  return untarError(e.code, e.message);
}
