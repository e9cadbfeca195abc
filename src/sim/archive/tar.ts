/**
 * Tar headers and a writer that produces the bytes Go's archive/tar writes for
 * Docker (moby pkg/archive, go-archive): each entry as a USTAR header when USTAR
 * can hold it (long ASCII names split into prefix/name), else a PAX extended
 * header `<dir>/PaxHeaders.0/<file>` with sorted records followed by a USTAR
 * block whose strings are reduced to ASCII; numbers as zero-padded octal with a
 * NUL; checksum as six digits, NUL, space; no end padding beyond the two zero
 * blocks. Uncompressed, as Docker writes export/save/layer archives.
 */
import { byteLen, isAscii, toAscii, utf8 } from './paths.ts';

export type TarType = 'file' | 'dir' | 'symlink' | 'link' | 'char' | 'block' | 'fifo';

export interface TarHeader {
  /** The name as stored (Docker: relative, directories end with "/"). */
  name: string;
  type: TarType;
  /** Permission bits with setuid/setgid/sticky (0o7777). */
  mode: number;
  uid: number;
  gid: number;
  uname?: string;
  gname?: string;
  /** Seconds since the epoch (written as an integer). */
  mtime: number;
  /** Bytes of data (files only; 0 for every other type). */
  size: number;
  /** Symlink target or hard link target (a name in the same archive). */
  linkname?: string;
  devmajor?: number;
  devminor?: number;
  /** Extended attributes, written as `SCHILY.xattr.<name>` PAX records. */
  xattrs?: Record<string, Uint8Array>;
  /** Write the mode as given even when the writer adds S_IF* bits (Docker's whiteout headers). */
  plainMode?: boolean;
  /** For a hard link: the type of the file it names (its S_IF* bits go in the mode; default file). */
  linkedType?: TarType;
}

export const TYPEFLAG: Record<TarType, number> = {
  file: 0x30,
  link: 0x31,
  symlink: 0x32,
  char: 0x33,
  block: 0x34,
  dir: 0x35,
  fifo: 0x36,
};

/** The S_IF* bits Docker 20.10 adds to the mode field (fillGo18FileTypeBits). */
export const TYPE_BITS: Record<TarType, number> = {
  file: 0o100000,
  link: 0o100000,
  symlink: 0o120000,
  char: 0o20000,
  block: 0o60000,
  dir: 0o40000,
  fifo: 0o10000,
};

export interface TarWriterOptions {
  /** Docker 20.10 writes S_IF* type bits into the mode field ("0100755"); go-archive (v29) does not. */
  typeBits?: boolean;
}

const BLOCK = 512;
const ZERO_BLOCK = new Uint8Array(BLOCK);

function fitsOctal(n: number, x: number): boolean {
  return x >= 0 && x < 8 ** (n - 1);
}

function putString(b: Uint8Array, off: number, size: number, s: string): void {
  const bytes = utf8.encode(s);
  const n = Math.min(bytes.length, size);
  b.set(bytes.subarray(0, n), off);
  // Go: a truncated field must not end in "/" (some readers would take a file for a directory).
  if (bytes.length > size && b[off + size - 1] === 0x2f) {
    let m = size;
    while (m > 0 && b[off + m - 1] === 0x2f) m--;
    b[off + m] = 0;
  }
}

function putOctal(b: Uint8Array, off: number, size: number, x: number): void {
  if (!fitsOctal(size, x)) x = 0;
  const s = Math.trunc(x).toString(8).padStart(size - 1, '0');
  putString(b, off, size, s);
}

/** Go's splitUSTARPath: a name of 101–256 ASCII bytes split at a "/" into prefix (≤155) and name (≤100). */
export function splitUstar(name: string): [string, string] | undefined {
  let length = name.length;
  if (length <= 100 || !isAscii(name)) return undefined;
  if (length > 156) length = 156;
  else if (name[length - 1] === '/') length--;
  const i = name.slice(0, length).lastIndexOf('/');
  const nlen = name.length - i - 1;
  if (i <= 0 || nlen > 100 || nlen === 0 || i > 155) return undefined;
  return [name.slice(0, i), name.slice(i + 1)];
}

/** One PAX record, "%d %s=%s\n" with the length counting itself. */
export function paxRecord(key: string, value: Uint8Array): Uint8Array {
  const k = utf8.encode(key);
  let size = k.length + value.length + 3;
  size += String(size).length;
  let head = `${size} `;
  if (head.length + k.length + value.length + 2 !== size) {
    size = head.length + k.length + value.length + 2;
    head = `${size} `;
  }
  const out = new Uint8Array(head.length + k.length + value.length + 2);
  out.set(utf8.encode(head));
  out.set(k, head.length);
  out[head.length + k.length] = 0x3d;
  out.set(value, head.length + k.length + 1);
  out[out.length - 1] = 0x0a;
  return out;
}

function setChecksum(b: Uint8Array): void {
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += b[i]!;
  b.fill(0, 148, 156);
  putOctal(b, 148, 7, sum);
  b[155] = 0x20;
}

function setUstarMagic(b: Uint8Array): void {
  b.set([0x75, 0x73, 0x74, 0x61, 0x72, 0x00, 0x30, 0x30], 257); // "ustar\0" "00"
}

/** The PAX records an entry needs, and whether plain USTAR can hold it (Go's Header.allowedFormats). */
function formatOf(h: TarHeader): { ustar: boolean; records: Map<string, Uint8Array> } {
  const records = new Map<string, Uint8Array>();
  let ustar = true;
  const str = (s: string, size: number, key: string): void => {
    if (isAscii(s) && byteLen(s) <= size) return;
    if (!(key === 'path' && splitUstar(s))) ustar = false;
    records.set(key, utf8.encode(s));
  };
  const num = (x: number, size: number, key: string): void => {
    if (fitsOctal(size, x)) return;
    ustar = false;
    records.set(key, utf8.encode(String(Math.trunc(x))));
  };
  str(h.name, 100, 'path');
  str(h.linkname ?? '', 100, 'linkpath');
  str(h.uname ?? '', 32, 'uname');
  str(h.gname ?? '', 32, 'gname');
  num(h.uid, 8, 'uid');
  num(h.gid, 8, 'gid');
  num(h.type === 'file' ? h.size : 0, 12, 'size');
  num(h.mtime, 12, 'mtime');
  if (h.xattrs) {
    for (const [k, v] of Object.entries(h.xattrs)) {
      records.set('SCHILY.xattr.' + k, v);
      ustar = false;
    }
  }
  return { ustar, records };
}

/** Go's path.Join(dir, "PaxHeaders.0", file) for the extended header's name. */
function paxHeaderName(name: string): string {
  const i = name.lastIndexOf('/');
  const dir = name.slice(0, i + 1);
  const file = name.slice(i + 1);
  const parts = [...dir.split('/'), 'PaxHeaders.0', file].filter((p) => p !== '');
  let n = toAscii(parts.join('/'));
  if (byteLen(n) > 100) n = n.slice(0, 100);
  return n.replace(/\/+$/, '');
}

export class TarWriter {
  readonly #chunks: Uint8Array[] = [];
  #length = 0;
  readonly #typeBits: boolean;

  constructor(opts: TarWriterOptions = {}) {
    this.#typeBits = opts.typeBits ?? true;
  }

  get length(): number {
    return this.#length;
  }

  #push(b: Uint8Array): void {
    if (b.length === 0) return;
    this.#chunks.push(b);
    this.#length += b.length;
  }

  #pushData(data: Uint8Array): void {
    this.#push(data);
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad) this.#push(ZERO_BLOCK.subarray(0, pad));
  }

  /** Appends an entry; `data` is required for files (its length is the size). */
  add(h: TarHeader, data?: Uint8Array): void {
    const size = h.type === 'file' ? (data?.length ?? 0) : 0;
    if (h.type === 'file' && size !== h.size) throw new Error(`tar: size ${h.size} of ${h.name} does not match its ${size} bytes`);
    const hdr: TarHeader = { ...h, size };
    const { ustar, records } = formatOf(hdr);
    if (!ustar) this.#writePax(hdr, records);
    const b = new Uint8Array(BLOCK);
    let name = hdr.name;
    let prefix = '';
    const fmt = ustar ? (s: string) => s : toAscii;
    if (ustar) {
      const split = splitUstar(name);
      if (split) [prefix, name] = split;
    }
    putString(b, 0, 100, fmt(name));
    putOctal(b, 100, 8, (hdr.mode & 0o7777) | (this.#typeBits && !hdr.plainMode ? TYPE_BITS[hdr.type === 'link' ? (hdr.linkedType ?? 'file') : hdr.type] : 0));
    putOctal(b, 108, 8, hdr.uid);
    putOctal(b, 116, 8, hdr.gid);
    putOctal(b, 124, 12, size);
    putOctal(b, 136, 12, hdr.mtime);
    b[156] = TYPEFLAG[hdr.type];
    putString(b, 157, 100, fmt(hdr.linkname ?? ''));
    putString(b, 265, 32, fmt(hdr.uname ?? ''));
    putString(b, 297, 32, fmt(hdr.gname ?? ''));
    putOctal(b, 329, 8, hdr.devmajor ?? 0);
    putOctal(b, 337, 8, hdr.devminor ?? 0);
    if (prefix) putString(b, 345, 155, prefix);
    setUstarMagic(b);
    setChecksum(b);
    this.#push(b);
    if (size) this.#pushData(data!);
  }

  #writePax(h: TarHeader, records: Map<string, Uint8Array>): void {
    const keys = [...records.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const recs = keys.map((k) => paxRecord(k, records.get(k)!));
    let total = 0;
    for (const r of recs) total += r.length;
    const data = new Uint8Array(total);
    let off = 0;
    for (const r of recs) {
      data.set(r, off);
      off += r.length;
    }
    const b = new Uint8Array(BLOCK);
    putString(b, 0, 100, paxHeaderName(h.name));
    putOctal(b, 100, 8, 0);
    putOctal(b, 108, 8, 0);
    putOctal(b, 116, 8, 0);
    putOctal(b, 124, 12, total);
    putOctal(b, 136, 12, 0);
    b[156] = 0x78; // 'x'
    setUstarMagic(b);
    setChecksum(b);
    this.#push(b);
    this.#pushData(data);
  }

  /** The archive so far plus the two zero blocks that end it. The writer can keep no more entries after this. */
  finish(): Uint8Array {
    this.#push(new Uint8Array(2 * BLOCK));
    return concat(this.#chunks, this.#length);
  }

  /** The pieces of the archive (zero-copy views of file data), for streaming. Ends the archive. */
  finishChunks(): Uint8Array[] {
    this.#push(new Uint8Array(2 * BLOCK));
    return this.#chunks;
  }
}

export function concat(chunks: readonly Uint8Array[], length?: number): Uint8Array {
  let n = length ?? 0;
  if (length === undefined) for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}
