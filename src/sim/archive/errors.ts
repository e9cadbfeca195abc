/**
 * The one error type this module throws. `message` is the daemon's text as the
 * CLI prints it after "Error response from daemon: " (or, for the CLI-side
 * checks, the whole line), so the engine can pass it through unchanged.
 */
export type ArchiveErrorCode =
  /** Not a tar stream, bad checksum, bad number or PAX record (archive/tar: invalid tar header). */
  | 'invalid-header'
  /** The stream ends inside a header or a file's data. */
  | 'unexpected-eof'
  /** gzip/flate errors. */
  | 'compression'
  /** A configured limit (size, entries, file size, expansion ratio, path length). */
  | 'limit'
  /** The same path twice in one layer (tar-split refuses it). */
  | 'duplicate'
  /** A link, parent or type the unpacker cannot apply (link to a missing file, not a directory, …). */
  | 'unpack'
  /** A `docker load` archive that is not a valid image archive. */
  | 'manifest'
  /** An invalid `--change` instruction. */
  | 'change';

export class ArchiveError extends Error {
  readonly code: ArchiveErrorCode;
  constructor(code: ArchiveErrorCode, message: string) {
    super(message);
    this.name = 'ArchiveError';
    this.code = code;
  }
}

/** Go's archive/tar.ErrHeader text. */
export const ERR_HEADER = 'archive/tar: invalid tar header';
/** io.ErrUnexpectedEOF text. */
export const ERR_EOF = 'unexpected EOF';

/**
 * Errors of the unpacking child (docker-untar in a chroot) reach the client as
 * `Error processing tar file(exit status 1): <its output>`; errors raised while the
 * daemon feeds it (tar-split, gzip) as `Error processing tar file(<error>): `.
 */
export function untarError(code: ArchiveErrorCode, detail: string): ArchiveError {
  return new ArchiveError(code, `Error processing tar file(exit status 1): ${detail}`);
}

export function feedError(code: ArchiveErrorCode, detail: string): ArchiveError {
  return new ArchiveError(code, `Error processing tar file(${detail}): `);
}

/** Re-throws anything that is not an ArchiveError as one (the module promises only this type). */
export function asArchiveError(e: unknown, code: ArchiveErrorCode = 'unpack'): ArchiveError {
  if (e instanceof ArchiveError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new ArchiveError(code, msg);
}
