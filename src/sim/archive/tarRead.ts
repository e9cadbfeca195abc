/**
 * A strict tar reader with the semantics of Go's archive/tar Reader (what
 * Docker unpacks with): V7, USTAR (prefix), PAX ('x' records, 'g' returned as an
 * entry), GNU ('L'/'K' long names, base-256 numbers, old-GNU atime/ctime),
 * checksum verified (signed or unsigned), numbers strictly octal. Errors carry
 * Go's texts: "archive/tar: invalid tar header", "unexpected EOF",
 * "archive/tar: header field too long". Every loop is bounded by the input.
 */
import { ArchiveError, ERR_EOF, ERR_HEADER } from './errors.ts';
import { utf8Decoder } from './paths.ts';
import type { TarHeader, TarType } from './tar.ts';

export interface TarEntry extends TarHeader {
  /** The raw typeflag byte (after GNU/PAX processing; '\0' files reported as '0' or '5'). */
  typeflag: number;
  /** File data (a view into the input), empty for other types. */
  data: Uint8Array;
  /** All PAX records that applied to this entry (values as text). */
  pax?: Record<string, string>;
}

export interface TarReadLimits {
  maxEntries: number;
  maxFileBytes: number;
}

const BLOCK = 512;
const MAX_SPECIAL = 1 << 20;

const TYPES: Record<number, TarType> = {
  0x30: 'file',
  0x31: 'link',
  0x32: 'symlink',
  0x33: 'char',
  0x34: 'block',
  0x35: 'dir',
  0x36: 'fifo',
};

const header = (): ArchiveError => new ArchiveError('invalid-header', ERR_HEADER);
const eof = (): ArchiveError => new ArchiveError('unexpected-eof', ERR_EOF);

function isHeaderOnly(flag: number): boolean {
  return flag >= 0x31 && flag <= 0x36;
}

function cstring(b: Uint8Array, off: number, size: number): Uint8Array {
  const f = b.subarray(off, off + size);
  const nul = f.indexOf(0);
  return nul < 0 ? f : f.subarray(0, nul);
}

function str(b: Uint8Array, off: number, size: number): string {
  return utf8Decoder.decode(cstring(b, off, size));
}

/** Go's parseNumeric: base-256 when the top bit is set, else octal trimmed of spaces and NULs. */
function parseNumeric(b: Uint8Array, off: number, size: number): number {
  const f = b.subarray(off, off + size);
  if (f[0]! & 0x80) {
    const neg = (f[0]! & 0x40) !== 0;
    let x = 0;
    for (let i = 0; i < f.length; i++) {
      let c = neg ? f[i]! ^ 0xff : f[i]!;
      if (i === 0) c &= 0x7f;
      if (x > 2 ** 45) throw header(); // beyond 2^53: larger than anything we accept
      x = x * 256 + c;
    }
    return neg ? -x - 1 : x;
  }
  let s = 0;
  let e = f.length;
  while (s < e && (f[s] === 0x20 || f[s] === 0)) s++;
  while (e > s && (f[e - 1] === 0x20 || f[e - 1] === 0)) e--;
  if (s === e) return 0;
  let x = 0;
  for (let i = s; i < e; i++) {
    const c = f[i]!;
    if (c === 0) break; // parseString stops at a NUL
    if (c < 0x30 || c > 0x37) throw header();
    x = x * 8 + (c - 0x30);
  }
  return x;
}

/** Go's block.getFormat: checksum (unsigned or signed) and magic. */
function formatOf(b: Uint8Array): 'v7' | 'ustar' | 'gnu' | 'star' {
  let stored: number;
  try {
    stored = parseNumeric(b, 148, 8);
  } catch {
    throw header();
  }
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const c = i >= 148 && i < 156 ? 0x20 : b[i]!;
    unsigned += c;
    signed += c < 0x80 ? c : c - 256;
  }
  if (stored !== unsigned && stored !== signed) throw header();
  const magic = b.subarray(257, 263);
  const version = b.subarray(263, 265);
  const isUstar = magic[0] === 0x75 && magic[1] === 0x73 && magic[2] === 0x74 && magic[3] === 0x61 && magic[4] === 0x72;
  if (isUstar && magic[5] === 0) {
    const t = b.subarray(508, 512);
    return t[0] === 0x74 && t[1] === 0x61 && t[2] === 0x72 && t[3] === 0 ? 'star' : 'ustar';
  }
  if (isUstar && magic[5] === 0x20 && version[0] === 0x20 && version[1] === 0) return 'gnu';
  return 'v7';
}

function allZero(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

/** Parses "%d %s=%s\n" records (Go's parsePAX). Values stay bytes for xattrs. */
function parsePax(data: Uint8Array): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  let off = 0;
  while (off < data.length) {
    const sp = data.indexOf(0x20, off);
    if (sp < 0) throw header();
    const nStr = utf8Decoder.decode(data.subarray(off, sp));
    if (!/^\d+$/.test(nStr)) throw header();
    const n = Number(nStr);
    if (n < 5 || n > data.length - off) throw header();
    const recEnd = off + n;
    if (recEnd - 1 <= sp || data[recEnd - 1] !== 0x0a) throw header();
    const rec = data.subarray(sp + 1, recEnd - 1);
    const eq = rec.indexOf(0x3d);
    if (eq <= 0) throw header();
    const keyBytes = rec.subarray(0, eq);
    if (keyBytes.includes(0)) throw header();
    const key = utf8Decoder.decode(keyBytes);
    const value = rec.subarray(eq + 1);
    if ((key === 'path' || key === 'linkpath' || key === 'uname' || key === 'gname') && value.includes(0)) throw header();
    if (key.startsWith('GNU.sparse.')) throw new ArchiveError('invalid-header', 'archive/tar: sparse files are not supported by the simulator');
    out.set(key, value);
    off = recEnd;
  }
  return out;
}

function parseDecimal(s: string): number {
  if (!/^-?\d+$/.test(s)) throw header();
  const x = Number(s);
  if (!Number.isSafeInteger(x)) throw header();
  return x;
}

function parsePaxTime(s: string): number {
  if (!/^-?\d+(\.\d*)?$/.test(s)) throw header();
  return Number(s);
}

/**
 * Iterates over the entries of an uncompressed tar. Throws ArchiveError on the
 * first problem. `'g'` (PAX global) headers are yielded with typeflag 0x67 and no type
 * mapping ('file' with empty data); the caller decides to skip them.
 */
export function* readTar(tar: Uint8Array, limits: TarReadLimits): Generator<TarEntry> {
  let off = 0;
  let count = 0;
  const len = tar.length;
  const need = (n: number): void => {
    if (off + n > len) throw eof();
  };
  for (;;) {
    let paxRecs: Map<string, Uint8Array> | undefined;
    let longName: string | undefined;
    let longLink: string | undefined;
    for (;;) {
      if (off === len) return; // io.EOF before any header byte: a (possibly empty) archive without end blocks
      need(BLOCK);
      let b = tar.subarray(off, off + BLOCK);
      off += BLOCK;
      if (allZero(b)) {
        if (off === len) return;
        need(BLOCK);
        b = tar.subarray(off, off + BLOCK);
        off += BLOCK;
        if (allZero(b)) return;
        throw header();
      }
      const format = formatOf(b);
      let flag = b[156]!;
      let name = str(b, 0, 100);
      let linkname = str(b, 157, 100);
      let size: number, mode: number, uid: number, gid: number, mtime: number;
      let uname = '';
      let gname = '';
      let devmajor = 0;
      let devminor = 0;
      try {
        size = parseNumeric(b, 124, 12);
        mode = parseNumeric(b, 100, 8);
        uid = parseNumeric(b, 108, 8);
        gid = parseNumeric(b, 116, 8);
        mtime = parseNumeric(b, 136, 12);
        if (format !== 'v7') {
          uname = str(b, 265, 32);
          gname = str(b, 297, 32);
          devmajor = parseNumeric(b, 329, 8);
          devminor = parseNumeric(b, 337, 8);
        }
      } catch {
        throw header();
      }
      if (format === 'ustar' || format === 'star') {
        const prefix = str(b, 345, format === 'star' ? 131 : 155);
        if (prefix) name = prefix + '/' + name;
      }
      if (size < 0) throw header();
      // Special headers: their data is metadata for the next header.
      if (flag === 0x78 || flag === 0x67 || flag === 0x4c || flag === 0x4b) {
        if (size > MAX_SPECIAL) throw new ArchiveError('invalid-header', 'archive/tar: header field too long');
        need(size);
        const data = tar.subarray(off, off + size);
        off += size;
        off = Math.min(len, off + ((BLOCK - (size % BLOCK)) % BLOCK));
        if (flag === 0x78) {
          paxRecs = parsePax(data);
          continue;
        }
        if (flag === 0x4c) {
          longName = utf8Decoder.decode(cstring(data, 0, data.length));
          continue;
        }
        if (flag === 0x4b) {
          longLink = utf8Decoder.decode(cstring(data, 0, data.length));
          continue;
        }
        // 'g': returned to the caller (Docker ignores it)
        if (++count > limits.maxEntries) throw tooMany(limits.maxEntries);
        yield { name, type: 'file', typeflag: flag, mode: 0, uid: 0, gid: 0, mtime: 0, size: 0, data: new Uint8Array(0) };
        break;
      }
      if (flag === 0x53) throw new ArchiveError('invalid-header', 'archive/tar: sparse files are not supported by the simulator');
      const entry: TarEntry = { name, type: 'file', typeflag: flag, mode, uid, gid, mtime, size, data: new Uint8Array(0) };
      if (uname) entry.uname = uname;
      if (gname) entry.gname = gname;
      if (devmajor || devminor) {
        entry.devmajor = devmajor;
        entry.devminor = devminor;
      }
      if (paxRecs) mergePax(entry, paxRecs);
      if (longName !== undefined && longName !== '') entry.name = longName;
      if (longLink !== undefined && longLink !== '') linkname = longLink;
      if (paxRecs?.has('linkpath') && paxRecs.get('linkpath')!.length) linkname = utf8Decoder.decode(paxRecs.get('linkpath')!);
      if (linkname) entry.linkname = linkname;
      if (entry.typeflag === 0) entry.typeflag = entry.name.endsWith('/') ? 0x35 : 0x30;
      flag = entry.typeflag;
      entry.type = TYPES[flag] ?? 'file';
      if (entry.size < 0) throw header();
      const dataSize = isHeaderOnly(flag) ? 0 : entry.size;
      if (!isHeaderOnly(flag)) {
        if (dataSize > limits.maxFileBytes) {
          throw new ArchiveError('limit', `file ${JSON.stringify(entry.name)} is ${dataSize} bytes, more than the simulator's limit of ${limits.maxFileBytes} bytes per file`);
        }
        need(dataSize);
        entry.data = tar.subarray(off, off + dataSize);
        off += dataSize;
      } else entry.size = 0;
      entry.mode = mode & 0o7777;
      // Padding may be cut short at the very end: Go treats that as a normal end.
      off = Math.min(len, off + ((BLOCK - (dataSize % BLOCK)) % BLOCK));
      if (++count > limits.maxEntries) throw tooMany(limits.maxEntries);
      yield entry;
      break;
    }
  }
}

function tooMany(max: number): ArchiveError {
  return new ArchiveError('limit', `the archive has more than ${max} entries, the simulator's limit`);
}

function mergePax(e: TarEntry, recs: Map<string, Uint8Array>): void {
  const pax: Record<string, string> = {};
  for (const [k, raw] of recs) {
    const v = utf8Decoder.decode(raw);
    pax[k] = v;
    if (v === '') continue;
    switch (k) {
      case 'path':
        e.name = v;
        break;
      case 'uname':
        e.uname = v;
        break;
      case 'gname':
        e.gname = v;
        break;
      case 'uid':
        e.uid = parseDecimal(v);
        break;
      case 'gid':
        e.gid = parseDecimal(v);
        break;
      case 'size':
        e.size = parseDecimal(v);
        break;
      case 'mtime':
        e.mtime = parsePaxTime(v);
        break;
      case 'atime':
      case 'ctime':
        parsePaxTime(v);
        break;
      default:
        if (k.startsWith('SCHILY.xattr.')) (e.xattrs ??= {})[k.slice(13)] = raw.slice();
    }
  }
  e.pax = pax;
}
