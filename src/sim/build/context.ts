/**
 * The build context as the daemon holds it (builder/remotecontext archive.go):
 * the context tar (plain or gzip) unpacked into a private tree, with a tarsum
 * (pkg/tarsum Version1, uname/gname blanked) per entry — the checksums that go into
 * COPY/ADD's cache key (`file:<sum>`, `dir:<sum of sums>`). Paths are resolved inside
 * the context as FollowSymlinkInScope does: nothing can name a file outside it.
 */
import type { TarType } from '../archive/tar.ts';
import type { MemoryFs } from '../fs/memory.ts';
import type { Stat } from '../fs/types.ts';
import type { LayerEntry } from '../archive/types.ts';
import { kit } from './kitRef.ts';
import type { CopySource } from './copy.ts';
import { byteOrder } from './goText.ts';
import { cleanPath } from './patterns.ts';

const encoder = new TextEncoder();

/** The tarsum of one entry: sha256 over its selected header fields, then its data. */
function tarsum(h: { name: string; mode: number; uid: number; gid: number; size: number; typeflag: number; linkname?: string; devmajor?: number; devminor?: number; xattrs?: Record<string, Uint8Array> }, data: Uint8Array): string {
  const fields: Array<[string, string]> = [
    ['name', h.name],
    ['mode', String(h.mode)],
    ['uid', String(h.uid)],
    ['gid', String(h.gid)],
    ['size', String(h.size)],
    ['typeflag', String.fromCharCode(h.typeflag)],
    ['linkname', h.linkname ?? ''],
    ['uname', ''],
    ['gname', ''],
    ['devmajor', String(h.devmajor ?? 0)],
    ['devminor', String(h.devminor ?? 0)],
  ];
  const xattrs = Object.keys(h.xattrs ?? {}).sort();
  const text = fields.map(([k, v]) => k + v).join('') + xattrs.map((k) => k + new TextDecoder().decode(h.xattrs![k])).join('');
  const head = encoder.encode(text);
  const all = new Uint8Array(head.length + data.length);
  all.set(head);
  all.set(data, head.length);
  return kit().sha256Hex(all);
}

/** A plain untar (chrootarchive.Untar): later entries replace earlier ones, `.wh.` names are files. */
export function untarEntries(tar: Uint8Array, nowMs: number): LayerEntry[] {
  const { LayerBuilder, identifyExe, limitsOf, readTar, wrapReadError } = kit();
  const limits = limitsOf();
  try {
    const b = new LayerBuilder({ nowMs, duplicates: 'replace', whiteouts: false, maxPathBytes: limits.maxPathBytes });
    for (const e of readTar(tar, limits)) {
      if (e.typeflag === 0x67) continue; // PAX global header
      b.add(e);
    }
    const entries = b.finish();
    for (const e of entries) {
      if (e.type === 'file' && e.data && e.mode & 0o111 && e.linkOf === undefined) {
        const exe = identifyExe(e.data);
        if (exe !== undefined) e.exe = exe;
      }
    }
    return entries;
  } catch (e) {
    throw wrapReadError(e);
  }
}

export class BuildContext implements CopySource {
  readonly kind = 'context';
  readonly fs: MemoryFs;
  readonly #sums: Map<string, string>;

  private constructor(fs: MemoryFs, sums: Map<string, string>) {
    this.fs = fs;
    this.#sums = sums;
  }

  /** FromArchive. `typeBits`: the client wrote S_IF* bits into the modes (the 20.10 CLI does). Throws ArchiveError. */
  static async open(input: Uint8Array, o: { nowMs: number; typeBits: boolean }): Promise<BuildContext> {
    const { MemoryFs, TYPE_BITS, applyEntries, limitsOf, openArchive, readTar, wrapReadError } = kit();
    const tar = await openArchive(input, limitsOf());
    const sums = new Map<string, string>();
    try {
      for (const e of readTar(tar, limitsOf())) {
        if (e.typeflag === 0x67) continue;
        const mode = e.mode | (o.typeBits ? TYPE_BITS[(e.type === 'link' ? 'file' : e.type) as TarType] : 0);
        const name = cleanPath('/' + e.name).slice(1) || '.';
        if (!sums.has(name)) sums.set(name, tarsum({ ...e, mode }, e.type === 'file' ? e.data : new Uint8Array(0)));
      }
    } catch (e) {
      throw wrapReadError(e);
    }
    const fs = new MemoryFs({ now: () => o.nowMs });
    applyEntries(fs, untarEntries(tar, o.nowMs));
    return new BuildContext(fs, sums);
  }

  /**
   * The context path of a name (ResolveScopedPath's first half): undefined when the
   * cleaned name leaves the context ("../x"). Symlinks are left to the file system,
   * which resolves them inside the context (an absolute target starts at its root).
   */
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

  /** The path with every symlink resolved (as far as it exists). */
  resolved(path: string): string {
    try {
      return this.fs.realpath(path);
    } catch {
      return path;
    }
  }

  /** os.Stat (follows symlinks); undefined when missing. */
  stat(full: string): Stat | undefined {
    try {
      return this.fs.stat(full);
    } catch {
      return undefined;
    }
  }

  /** archiveContext.Hash: the tarsum of what the name resolves to, else the name itself. */
  hash(path: string): string {
    const full = this.scoped(path);
    if (full === undefined) return path;
    const rel = this.resolved(full).slice(1) || '.';
    return this.#sums.get(rel) ?? path;
  }

  readFile(full: string): Uint8Array {
    return this.fs.readFile(full);
  }

  readlink(full: string): string {
    return this.fs.readlink(full);
  }

  inode(full: string): unknown {
    return this.fs.inode(full, false);
  }

  /** Removes a file or a whole directory (the Dockerfile and .dockerignore when .dockerignore lists them). */
  remove(full: string): void {
    const rm = (p: string) => {
      const st = this.fs.lstat(p);
      if (st.type === 'dir') {
        for (const e of this.fs.readdir(p)) rm(p === '/' ? `/${e.name}` : `${p}/${e.name}`);
        if (p !== '/') this.fs.rmdir(p);
      } else this.fs.unlink(p);
    };
    try {
      rm(full);
    } catch {
      /* nothing there */
    }
  }

  /** filepath.Walk from `full` (lstat; lexical order; the start first). */
  walk(full: string, visit: (path: string, st: Stat) => void): void {
    let st: Stat;
    try {
      st = this.fs.lstat(full);
    } catch {
      return;
    }
    visit(full, st);
    if (st.type !== 'dir') return;
    const names = this.fs.readdir(full).map((e) => e.name);
    names.sort(byteOrder);
    for (const n of names) this.walk(full === '/' ? `/${n}` : `${full}/${n}`, visit);
  }
}

