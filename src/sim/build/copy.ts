/**
 * COPY and ADD from the build context (moby builder/dockerfile copy.go, internals.go,
 * pkg/containerfs archiver): sources with wildcards, their cache hashes
 * (`file:`, `dir:`, `multi:`), the destination rules (relative to WORKDIR, a trailing
 * `/` or an existing directory takes the source's name), directories copied by their
 * contents, local archives unpacked by ADD with their own owners, everything else
 * owned by root (or --chown).
 */
import type { FileSystem, Stat } from '../fs/types.ts';
import { untarEntries } from './context.ts';
import { kit } from './kitRef.ts';
import { cleanPath, containsWildcards, joinPath, matchPath } from './patterns.ts';

/** An error of a step, with the text the client prints. */
export class StepError extends Error {
  readonly code: number | undefined;
  constructor(message: string, code?: number) {
    super(message);
    this.name = 'StepError';
    this.code = code;
  }
}

/** Where COPY/ADD read from: the build context, or an image's files (COPY --from). */
export interface CopySource {
  readonly kind: 'context' | 'image';
  /** The path inside the source (ResolveScopedPath's clean join); undefined when it leaves the source. */
  scoped(path: string): string | undefined;
  /** The path with every symlink resolved inside the source. */
  resolved(full: string): string;
  /** os.Stat (follows symlinks); undefined when missing. */
  stat(full: string): Stat | undefined;
  /** The cache hash of a source name (the `file:` part). */
  hash(path: string): string;
  readFile(full: string): Uint8Array;
  readlink(full: string): string;
  /** Hard links: the same key for the same file (none: every name its own file). */
  inode?(full: string): unknown;
  /** filepath.Walk from `full` (lstat; lexical order; the start first). */
  walk(full: string, visit: (path: string, st: Stat) => void): void;
}

export interface CopyInfo {
  /** The source as named (after the leading "/" and "./" are cut). */
  path: string;
  hash: string;
}

export interface CopyInstruction {
  cmdName: 'COPY' | 'ADD';
  infos: CopyInfo[];
  dest: string;
  chown: string;
  allowLocalDecompression: boolean;
}

const isURL = (s: string): boolean => s.startsWith('http://') || s.startsWith('https://');

function hashStringSlice(prefix: string, xs: readonly string[]): string {
  return `${prefix}:${kit().sha256Hex(xs.join(','))}`;
}

/** calcCopyInfo for one source (wildcards expanded against the context or the image). */
function copyInfos(ctx: CopySource, orig: string, allowWildcards: boolean): CopyInfo[] {
  let p = orig.startsWith('/') ? orig.slice(1) : orig;
  if (p.startsWith('./')) p = p.slice(2);
  if (allowWildcards && containsWildcards(p)) {
    const out: CopyInfo[] = [];
    ctx.walk('/', (full) => {
      const rel = full.slice(1);
      if (rel === '') return;
      let match = false;
      try {
        match = matchPath(p, rel);
      } catch {
        /* filepath.Match's ErrBadPattern is ignored: no match */
      }
      if (match) out.push(...copyInfos(ctx, rel, false));
    });
    return out;
  }
  const full = ctx.scoped(p);
  if (full === undefined) throw new StepError(`forbidden path outside the build context: ${p} ()`);
  const st = ctx.stat(full);
  if (!st) {
    const missing = `stat ${p}: file does not exist`;
    throw new StepError(ctx.kind === 'context' ? `file not found in build context or excluded by .dockerignore: ${missing}` : missing);
  }
  if (st.type !== 'dir') return [{ path: p, hash: `file:${ctx.hash(p)}` }];
  // walkSource: the hashes of everything below (the directory itself included), sorted
  const hashes: string[] = [];
  const root = ctx.resolved(full);
  ctx.walk(root, (path) => {
    const rel = path.slice(1);
    if (rel !== '') hashes.push(ctx.hash(rel));
  });
  hashes.sort();
  return [{ path: p, hash: hashStringSlice('dir', hashes) }];
}

/** createCopyInstruction: the sources resolved and hashed. Throws StepError ("COPY failed: …"). */
export function copyInstruction(ctx: CopySource, args: readonly string[], cmdName: 'COPY' | 'ADD', chown: string): CopyInstruction {
  const dest = args[args.length - 1]!;
  const infos: CopyInfo[] = [];
  try {
    for (const src of args.slice(0, -1)) {
      if (isURL(src)) {
        if (cmdName === 'COPY') throw new StepError("source can't be a URL for COPY");
        const host = src.replace(/^https?:\/\//, '').split(/[/:?#]/)[0];
        throw new StepError(`Get "${src}": dial tcp: lookup ${host}: no such host`);
      }
      infos.push(...copyInfos(ctx, src, true));
    }
    if (infos.length === 0) throw new StepError('no source files were specified');
  } catch (e) {
    if (e instanceof StepError) throw new StepError(`${cmdName} failed: ${e.message}`);
    throw e;
  }
  if (infos.length > 1 && !dest.endsWith('/')) {
    throw new StepError(`When using ${cmdName} with more than one source file, the destination must be a directory and end with a /`);
  }
  return { cmdName, infos, dest, chown, allowLocalDecompression: cmdName === 'ADD' };
}

/** getSourceHashFromInfos + the history comment `COPY [--chown=…]<hash> in <dest> `. */
export function copyComment(inst: CopyInstruction): string {
  const hash = inst.infos.length === 1 ? inst.infos[0]!.hash : hashStringSlice('multi', inst.infos.map((i) => i.hash));
  const chown = inst.chown ? `--chown=${inst.chown}` : '';
  return `${inst.cmdName} ${chown}${hash} in ${inst.dest} `;
}

/** normalizeDest: a relative destination is under WORKDIR; a trailing "/" is kept. */
export function normalizeDest(workingDir: string, requested: string): string {
  if (requested.startsWith('/')) return requested;
  const dest = joinPath('/', workingDir, requested);
  return requested.endsWith('/') ? `${dest}/` : dest;
}

// ---- the copy itself ----------------------------------------------------------------------

export interface Identity {
  uid: number;
  gid: number;
}

const MAX_LINKS = 255;

/** FollowSymlinkInScope inside the image's root: every symlink resolved, ".." stops at "/". */
export function resolveInRoot(fs: FileSystem, path: string): string {
  const todo = path.split('/').filter((p) => p !== '' && p !== '.');
  const done: string[] = [];
  let hops = 0;
  while (todo.length) {
    const name = todo.shift()!;
    if (name === '..') {
      done.pop();
      continue;
    }
    const cur = '/' + [...done, name].join('/');
    let st: Stat | undefined;
    try {
      st = fs.lstat(cur);
    } catch {
      st = undefined;
    }
    if (st?.type !== 'symlink') {
      done.push(name);
      continue;
    }
    if (++hops > MAX_LINKS) throw new StepError(`evalSymlinksInScope: too many links in ${path}`);
    const target = fs.readlink(cur);
    if (target.startsWith('/')) done.length = 0;
    todo.unshift(...target.split('/').filter((p) => p !== '' && p !== '.'));
  }
  return '/' + done.join('/');
}

function statOf(fs: FileSystem, path: string): Stat | undefined {
  try {
    return fs.stat(path);
  } catch {
    return undefined;
  }
}

/** idtools.MkdirAllAndChownNew: missing directories 0755, only the new ones chowned. */
function mkdirAllNew(fs: FileSystem, path: string, id: Identity): void {
  const parts = path.split('/').filter(Boolean);
  let cur = '';
  for (const part of parts) {
    cur += '/' + part;
    const st = statOf(fs, cur);
    if (st) {
      if (st.type !== 'dir') throw new StepError(`mkdir ${cur}: not a directory`);
      continue;
    }
    fs.mkdir(cur, { mode: 0o755 });
    if (id.uid !== 0 || id.gid !== 0) fs.chown(cur, id.uid, id.gid);
  }
}

function removeTree(fs: FileSystem, path: string): void {
  const st = fs.lstat(path);
  if (st.type === 'dir') {
    for (const e of fs.readdir(path)) removeTree(fs, `${path === '/' ? '' : path}/${e.name}`);
    fs.rmdir(path);
  } else fs.unlink(path);
}

interface Entry {
  /** Absolute destination path. */
  path: string;
  type: Stat['type'];
  mode: number;
  uid: number;
  gid: number;
  mtimeMs: number;
  data?: Uint8Array;
  exe?: string;
  target?: string;
  linkOf?: string;
  /** Device numbers of a char or block device. */
  rdev?: number;
}

/**
 * archive.Unpack of entries (parents first): a missing parent is made 0755, an existing
 * entry is replaced unless both are directories; owner from the entry, then mode, then
 * times (directories last).
 */
function unpack(fs: FileSystem, entries: readonly Entry[]): void {
  const x = fs as FileSystem & { lchown?(p: string, u: number, g: number): void; lutimes?(p: string, t: number): void };
  const dirTimes: Array<[string, number]> = [];
  for (const e of entries) {
    const parent = e.path.slice(0, e.path.lastIndexOf('/')) || '/';
    if (!statOf(fs, parent)) mkdirAllNew(fs, parent, { uid: 0, gid: 0 });
    let cur: Stat | undefined;
    try {
      cur = fs.lstat(e.path);
    } catch {
      cur = undefined;
    }
    if (cur && !(cur.type === 'dir' && e.type === 'dir')) removeTree(fs, e.path);
    if (e.linkOf !== undefined && e.type !== 'dir' && fs.link) {
      fs.link(e.linkOf, e.path);
      continue;
    }
    switch (e.type) {
      case 'dir':
        if (!cur || cur.type !== 'dir') fs.mkdir(e.path, { mode: e.mode });
        break;
      case 'file':
        fs.writeFile(e.path, e.data ?? new Uint8Array(0), { mode: e.mode, ...(e.exe ? { exe: e.exe } : {}) });
        break;
      case 'symlink':
        fs.symlink(e.target ?? '', e.path);
        x.lchown?.(e.path, e.uid, e.gid);
        x.lutimes?.(e.path, e.mtimeMs);
        continue;
      default:
        fs.mknod?.(e.path, e.type, e.mode, e.rdev);
    }
    fs.chown(e.path, e.uid, e.gid);
    fs.chmod(e.path, e.mode);
    if (e.type === 'dir') dirTimes.push([e.path, e.mtimeMs]);
    else fs.utimes(e.path, e.mtimeMs);
  }
  for (const [p, t] of dirTimes) fs.utimes(p, t);
}

const seconds = (ms: number): number => Math.floor(ms / 1000) * 1000;

/** The source's entries below `src` (not `src` itself) as they land below `dst` (TarUntar). */
function treeEntries(ctx: CopySource, src: string, dst: string): Entry[] {
  const out: Entry[] = [];
  const links = new Map<unknown, string>();
  ctx.walk(src, (path, st) => {
    if (path === src) return;
    const to = dst + path.slice(src === '/' ? 0 : src.length);
    const e: Entry = { path: to, type: st.type, mode: st.mode, uid: st.uid, gid: st.gid, mtimeMs: seconds(st.mtimeMs), ...(st.rdev !== undefined ? { rdev: st.rdev } : {}) };
    if (st.type === 'file') {
      const ino = ctx.inode?.(path) ?? path;
      const first = st.nlink > 1 ? links.get(ino) : undefined;
      if (first) e.linkOf = first;
      else {
        if (st.nlink > 1) links.set(ino, to);
        e.data = ctx.readFile(path);
        if (st.exe) e.exe = st.exe;
      }
    } else if (st.type === 'symlink') e.target = ctx.readlink(path);
    out.push(e);
  });
  return out;
}

/** chrootarchive's tar detection (isArchivePath): a decompressible stream whose first tar header reads. */
async function isArchive(data: Uint8Array): Promise<Uint8Array | undefined> {
  const { detectCompression, gunzip, limitsOf } = kit();
  let tar = data;
  const kind = detectCompression(data.subarray(0, 10));
  if (kind === 'gzip') {
    try {
      tar = await gunzip(data, limitsOf());
    } catch {
      return undefined;
    }
  } else if (kind !== 'none') {
    throw new StepError(`failed to copy files: ${kind} archives are not supported by the simulator (ADD takes .tar and .tar.gz)`);
  }
  if (tar.length < 512) return undefined;
  const b = tar.subarray(0, 512);
  if (b.every((x) => x === 0)) return undefined;
  const field = new TextDecoder().decode(b.subarray(148, 156)).replace(/[\0 ]+$/, '').replace(/^[\0 ]+/, '');
  if (!/^[0-7]+$/.test(field)) return undefined;
  const want = parseInt(field, 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < 512; i++) {
    const v = i >= 148 && i < 156 ? 0x20 : b[i]!;
    unsigned += v;
    signed += v > 127 ? v - 256 : v;
  }
  return want === unsigned || want === signed ? tar : undefined;
}

/**
 * performCopyForInfo for every source, into `fs` (the step's writable layer).
 * Throws StepError.
 */
export async function performCopy(
  fs: FileSystem,
  ctx: CopySource,
  inst: CopyInstruction,
  o: { workingDir: string; identity: Identity | undefined; nowMs: number },
): Promise<void> {
  const destPath = normalizeDest(o.workingDir, inst.dest);
  const fail = (e: unknown): never => {
    if (e instanceof StepError) throw e;
    if (e instanceof kit().ArchiveError || e instanceof kit().FsError) throw new StepError(`failed to copy files: ${(e as Error).message}`);
    throw e;
  };
  for (const info of inst.infos) {
    try {
      await copyOne(fs, ctx, info, destPath, inst, o);
    } catch (e) {
      fail(e);
    }
  }
}

/** `o.identity`: the owner of everything copied (root, or --chown); undefined keeps the source's owners (COPY --from). */
async function copyOne(
  fs: FileSystem,
  ctx: CopySource,
  info: CopyInfo,
  destPath: string,
  inst: CopyInstruction,
  o: { identity: Identity | undefined; nowMs: number },
): Promise<void> {
  const src = ctx.resolved(ctx.scoped(info.path)!);
  const st = ctx.stat(src)!;
  let dest = resolveInRoot(fs, cleanPath(destPath));
  const destSt = statOf(fs, dest);
  if (st.type === 'dir') {
    // copyDirectory: the contents of the directory, then chown to the identity
    const existed = destSt?.type === 'dir';
    mkdirAllNew(fs, dest, { uid: 0, gid: 0 });
    const entries = treeEntries(ctx, src, dest === '/' ? '' : dest);
    unpack(fs, entries);
    if (o.identity) {
      if (!existed) fs.chown(dest, o.identity.uid, o.identity.gid);
      for (const e of entries) lchown(fs, e.path, o.identity);
    }
    return;
  }
  const data = ctx.readFile(src);
  if (inst.allowLocalDecompression) {
    const tar = await isArchive(data);
    if (tar) {
      // UntarPath: unpacked with the archive's owners (no --chown), the destination made if missing
      if (!statOf(fs, dest)) mkdirAllNew(fs, dest, { uid: 0, gid: 0 });
      const base = dest === '/' ? '' : dest;
      unpack(
        fs,
        untarEntries(tar, o.nowMs).map((e) => ({
          path: base + e.path,
          type: e.type,
          mode: e.mode,
          uid: e.uid,
          gid: e.gid,
          mtimeMs: e.mtimeMs ?? o.nowMs,
          ...(e.data ? { data: e.data } : {}),
          ...(e.exe ? { exe: e.exe } : {}),
          ...(e.target !== undefined ? { target: e.target } : {}),
          ...(e.linkOf !== undefined ? { linkOf: base + e.linkOf } : {}),
          ...(e.rdev !== undefined ? { rdev: e.rdev } : {}),
        })),
      );
      return;
    }
  }
  if (destPath.endsWith('/') || destSt?.type === 'dir') dest = joinPath(dest, info.path.split('/').filter(Boolean).pop() ?? '');
  mkdirAllNew(fs, dest.slice(0, dest.lastIndexOf('/')) || '/', o.identity ?? { uid: 0, gid: 0 });
  unpack(fs, [{ path: dest, type: 'file', mode: st.mode, uid: st.uid, gid: st.gid, mtimeMs: seconds(st.mtimeMs), data, ...(st.exe ? { exe: st.exe } : {}) }]);
  if (o.identity) lchown(fs, dest, o.identity);
}

function lchown(fs: FileSystem, path: string, id: Identity): void {
  const x = fs as FileSystem & { lchown?(p: string, u: number, g: number): void };
  if (x.lchown) x.lchown(path, id.uid, id.gid);
  else fs.chown(path, id.uid, id.gid);
}
