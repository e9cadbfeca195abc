/** Path helpers with Go's semantics (path/filepath on Unix) and Go's byte order. */

/** filepath.Clean: "a//b/./c/.." -> "a/b", "" -> ".", "/.." -> "/", "../x" stays. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.charCodeAt(0) === 47;
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(part);
  }
  const s = out.join('/');
  return rooted ? '/' + s : s || '.';
}

/**
 * Where a tar entry lands when it is unpacked inside a chroot of the layer (as
 * Docker's docker-untar does): absolute, `..` clamped at the root.
 * "../evil" -> "/evil", "/abs/f" -> "/abs/f", "./" -> "/".
 */
export function chrootPath(name: string): string {
  return cleanPath('/' + name);
}

/** UTF-8 byte order of two strings (Go compares strings bytewise; JS compares UTF-16 units). */
export function byteCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let ca = a.charCodeAt(i);
    let cb = b.charCodeAt(i);
    if (ca === cb) continue;
    // Surrogates encode code points above U+FFFF, which sort after U+E000–U+FFFF in UTF-8.
    if (ca >= 0xd800 && ca <= 0xdfff) ca += 0x10000;
    if (cb >= 0xd800 && cb <= 0xdfff) cb += 0x10000;
    return ca - cb;
  }
  return a.length - b.length;
}

/** Go's filepath.Walk order for paths of one tree: component by component, bytewise. */
export function walkCompare(a: string, b: string): number {
  const ca = a.split('/');
  const cb = b.split('/');
  const n = Math.min(ca.length, cb.length);
  for (let i = 0; i < n; i++) {
    const c = byteCompare(ca[i]!, cb[i]!);
    if (c !== 0) return c;
  }
  return ca.length - cb.length;
}

export const utf8 = new TextEncoder();
export const utf8Decoder = new TextDecoder();

export function byteLen(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** Go's tar toASCII: drops every non-ASCII rune and NUL. */
export function toAscii(s: string): string {
  if (isAscii(s) && !s.includes('\0')) return s;
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80 && c !== 0) out += ch;
  }
  return out;
}

export function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

export function baseOf(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}
