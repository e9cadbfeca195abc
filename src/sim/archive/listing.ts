/**
 * `tar -tvf` as GNU tar 1.34 prints it (UTC): mode string, owner/group (names,
 * else numbers) and size padded to a column that only grows, date, name,
 * ` -> target` for symlinks, ` link to target` for hard links.
 */
import { readTar, type TarEntry } from './tarRead.ts';

const TYPE_CHAR: Record<number, string> = { 0x30: '-', 0x31: 'h', 0x32: 'l', 0x33: 'c', 0x34: 'b', 0x35: 'd', 0x36: 'p' };

export function modeString(typeflag: number, mode: number): string {
  const t = TYPE_CHAR[typeflag] ?? '-';
  const rwx = (bits: number, special: boolean, ch: string): string =>
    (bits & 4 ? 'r' : '-') + (bits & 2 ? 'w' : '-') + (special ? (bits & 1 ? ch : ch.toUpperCase()) : bits & 1 ? 'x' : '-');
  return (
    t +
    rwx((mode >> 6) & 7, (mode & 0o4000) !== 0, 's') +
    rwx((mode >> 3) & 7, (mode & 0o2000) !== 0, 's') +
    rwx(mode & 7, (mode & 0o1000) !== 0, 't')
  );
}

function date(sec: number, fullTime: boolean): string {
  const d = new Date(Math.floor(sec) * 1000).toISOString();
  return fullTime ? `${d.slice(0, 10)} ${d.slice(11, 19)}` : `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}

/** One line per entry, as `tar -tvf` (or `--full-time`). */
export function listTar(tar: Uint8Array, opts: { fullTime?: boolean; numericOwner?: boolean } = {}): string[] {
  let width = 19;
  const out: string[] = [];
  for (const e of readTar(tar, { maxEntries: Infinity, maxFileBytes: Infinity })) {
    if (e.typeflag === 0x67) continue;
    out.push(line(e));
  }
  return out;

  function line(e: TarEntry): string {
    const user = !opts.numericOwner && e.uname ? e.uname : String(e.uid);
    const group = !opts.numericOwner && e.gname ? e.gname : String(e.gid);
    const size = e.typeflag === 0x33 || e.typeflag === 0x34 ? `${e.devmajor ?? 0},${e.devminor ?? 0}` : String(e.size);
    const owner = `${user}/${group}`;
    const pad = Math.max(1, width - owner.length - size.length);
    width = Math.max(width, owner.length + 1 + size.length);
    let s = `${modeString(e.typeflag, e.mode)} ${owner}${' '.repeat(pad)}${size} ${date(e.mtime, opts.fullTime ?? false)} ${e.name}`;
    if (e.typeflag === 0x32) s += ` -> ${e.linkname ?? ''}`;
    if (e.typeflag === 0x31) s += ` link to ${e.linkname ?? ''}`;
    return s;
  }
}
