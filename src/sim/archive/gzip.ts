/**
 * Compression detection (moby archive.DetectCompression) and gzip through the
 * web-standard DecompressionStream/CompressionStream (browsers, Node ≥ 18).
 * Decompression is bounded: it stops as soon as the output passes the size
 * limit or expands past the ratio limit (a gzip bomb), without buffering more.
 */
import { outside } from '../outside.ts';
import { ArchiveError, ERR_EOF } from './errors.ts';
import { concat } from './tar.ts';

export type Compression = 'none' | 'gzip' | 'bzip2' | 'xz' | 'zstd';

export function detectCompression(b: Uint8Array): Compression {
  const at = (...m: number[]): boolean => b.length >= m.length && m.every((x, i) => b[i] === x);
  if (at(0x1f, 0x8b, 0x08)) return 'gzip';
  if (at(0x42, 0x5a, 0x68)) return 'bzip2';
  if (at(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)) return 'xz';
  if (at(0x28, 0xb5, 0x2f, 0xfd)) return 'zstd';
  return 'none';
}

export interface GunzipLimits {
  /** Most bytes the decompressed stream may have. */
  maxTarBytes: number;
  /** Most output bytes per input byte … */
  maxRatio: number;
  /** … checked once the output is past this many bytes. */
  ratioFloor: number;
}

let crcTable: Uint32Array | undefined;
function crc32(data: Uint8Array, crc = 0): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = ~crc >>> 0;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** Runs a DecompressionStream over `input`, stopping at the limits. Raw stream errors are rethrown as they are. */
async function inflate(format: CompressionFormat, input: Uint8Array, limits: GunzipLimits, ratioBase: number): Promise<Uint8Array> {
  const ds = new DecompressionStream(format);
  const writer = ds.writable.getWriter();
  writer.write(input as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = ds.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await outside(reader.read());
      if (done) break;
      total += value.length;
      if (total > limits.maxTarBytes) {
        throw new ArchiveError('limit', `the archive is larger than the simulator's limit of ${limits.maxTarBytes} bytes uncompressed`);
      }
      if (total > limits.ratioFloor && total / Math.max(1, ratioBase) > limits.maxRatio) {
        throw new ArchiveError('limit', `gzip: the archive expands more than ${limits.maxRatio} times (a decompression bomb?), the simulator's limit`);
      }
      chunks.push(value);
    }
  } catch (e) {
    reader.cancel().catch(() => undefined);
    throw e;
  }
  return concat(chunks, total);
}

/** Offset of the deflate data in a gzip member (RFC 1952 header), or -1. */
function gzipBodyOffset(b: Uint8Array): number {
  if (b.length < 10) return -1;
  const flg = b[3]!;
  let off = 10;
  if (flg & 4) {
    if (off + 2 > b.length) return -1;
    off += 2 + (b[off]! | (b[off + 1]! << 8));
  }
  for (const bit of [8, 16]) {
    if (flg & bit) {
      const z = b.indexOf(0, off);
      if (z < 0) return -1;
      off = z + 1;
    }
  }
  if (flg & 2) off += 2;
  return off <= b.length ? off : -1;
}

/** Decompresses one gzip member. Throws ArchiveError with Go's texts (as Docker prints them). */
export async function gunzip(input: Uint8Array, limits: GunzipLimits): Promise<Uint8Array> {
  if (typeof DecompressionStream === 'undefined') throw new ArchiveError('compression', 'gzip: not supported by this browser');
  try {
    return await inflate('gzip', input, limits, input.length);
  } catch (e) {
    if (e instanceof ArchiveError) throw e;
    const code = (e as { code?: string }).code ?? '';
    if (code === 'Z_BUF_ERROR') throw new ArchiveError('unexpected-eof', ERR_EOF);
    if (code === 'ERR_TRAILING_JUNK_AFTER_STREAM_END') throw new ArchiveError('compression', 'gzip: invalid header');
    const body = gzipBodyOffset(input);
    if (input.length < 10 || input[3]! & 0xe0 || body < 0) throw new ArchiveError('compression', 'gzip: invalid header');
    // The deflate data may be fine and only the trailer wrong: Go reports "gzip: invalid checksum".
    if (input.length - 8 >= body) {
      let out: Uint8Array | undefined;
      try {
        out = await inflate('deflate-raw', input.subarray(body, input.length - 8), limits, input.length);
      } catch (e2) {
        if (e2 instanceof ArchiveError) throw e2;
      }
      if (out) {
        const v = new DataView(input.buffer, input.byteOffset + input.length - 8, 8);
        if (v.getUint32(0, true) !== crc32(out) || v.getUint32(4, true) !== out.length >>> 0) {
          throw new ArchiveError('compression', 'gzip: invalid checksum');
        }
      }
    }
    throw new ArchiveError('compression', 'flate: corrupt input');
  }
}

/** gzip of `data` (the containerd store keeps layers as gzip blobs). */
export async function gzip(data: Uint8Array): Promise<Uint8Array> {
  const cs = new CompressionStream('gzip');
  const writer = cs.writable.getWriter();
  writer.write(data as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  const chunks: Uint8Array[] = [];
  const reader = cs.readable.getReader();
  for (;;) {
    const { done, value } = await outside(reader.read());
    if (done) break;
    chunks.push(value);
  }
  return concat(chunks);
}
