/**
 * COPY --from's source: an image's files (remotecontext.NewLazySource over a layer of
 * the image). Its cache hash of a file is the tarsum (v1) of the file the name
 * resolves to, with the header archive.FileInfoHeader makes on the daemon's host:
 * the user and group *names* come from the host's own user database (here the
 * recording host's, HOST_USERS/HOST_GROUPS), and they are not blanked as they are for
 * the build context.
 */
import type { FileSystem, Stat } from '../fs/types.ts';
import { resolveInRoot, type CopySource } from './copy.ts';
import { goSorted } from './goText.ts';
import { kit } from './kitRef.ts';

const TYPEFLAG: Record<string, string> = { file: '0', symlink: '2', char: '3', block: '4', dir: '5', fifo: '6' };
const TYPE_BITS: Record<string, number> = { file: 0o100000, symlink: 0o120000, char: 0o20000, block: 0o60000, dir: 0o40000, fifo: 0o10000 };

export class ImageSource implements CopySource {
  readonly kind = 'image';
  readonly #fs: FileSystem;
  readonly #sums = new Map<string, string>();

  constructor(fs: FileSystem) {
    this.#fs = fs;
  }

  scoped(path: string): string | undefined {
    const parts: string[] = [];
    for (const p of path.split('/')) {
      if (p === '' || p === '.') continue;
      if (p === '..') {
        if (parts.length === 0) return undefined;
        parts.pop();
      } else parts.push(p);
    }
    return '/' + parts.join('/');
  }

  resolved(full: string): string {
    return resolveInRoot(this.#fs, full);
  }

  stat(full: string): Stat | undefined {
    try {
      return this.#fs.stat(full);
    } catch {
      return undefined;
    }
  }

  /** lazySource.Hash: the file the name resolves to, hashed once. */
  hash(path: string): string {
    const full = this.scoped(path);
    if (full === undefined) return path;
    const real = this.resolved(full);
    const rel = real.slice(1);
    const known = this.#sums.get(rel);
    if (known !== undefined) return known;
    let st: Stat;
    try {
      st = this.#fs.lstat(real);
    } catch {
      return path;
    }
    const { HOST_USERS, HOST_GROUPS, major, minor, sha256Hex } = kit();
    const regular = st.type === 'file';
    const fields = [
      ['name', st.type === 'dir' ? `${rel}/` : rel],
      ['mode', String((st.mode & 0o7777) | (TYPE_BITS[st.type] ?? 0))],
      ['uid', String(st.uid)],
      ['gid', String(st.gid)],
      ['size', String(regular ? st.size : 0)],
      ['typeflag', TYPEFLAG[st.type] ?? '0'],
      ['linkname', st.type === 'symlink' ? this.#fs.readlink(real) : ''],
      ['uname', HOST_USERS.get(st.uid) ?? ''],
      ['gname', HOST_GROUPS.get(st.gid) ?? ''],
      ['devmajor', String(st.rdev !== undefined ? major(st.rdev) : 0)],
      ['devminor', String(st.rdev !== undefined ? minor(st.rdev) : 0)],
    ];
    const head = new TextEncoder().encode(fields.map(([k, v]) => k! + v!).join(''));
    const data = regular && st.size > 0 ? this.#fs.readFile(real) : new Uint8Array(0);
    const all = new Uint8Array(head.length + data.length);
    all.set(head);
    all.set(data, head.length);
    const sum = sha256Hex(all);
    this.#sums.set(rel, sum);
    return sum;
  }

  readFile(full: string): Uint8Array {
    return this.#fs.readFile(full);
  }

  readlink(full: string): string {
    return this.#fs.readlink(full);
  }

  walk(full: string, visit: (path: string, st: Stat) => void): void {
    let st: Stat;
    try {
      st = this.#fs.lstat(full);
    } catch {
      return;
    }
    visit(full, st);
    if (st.type !== 'dir') return;
    for (const n of goSorted(this.#fs.readdir(full).map((e) => e.name))) this.walk(full === '/' ? `/${n}` : `${full}/${n}`, visit);
  }
}
