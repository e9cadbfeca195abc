/**
 * The client's half of `docker build` (docker/cli cli/command/image/build.go and
 * build/context.go, 20.10): find the context directory and the Dockerfile, read
 * .dockerignore, and tar the context as archive.TarWithOptions does (lexical walk,
 * excluded paths skipped, owners 0:0, S_IF* bits in the modes for 20.10). A
 * Dockerfile outside the context, or from stdin, is added under a random name.
 */
import type { TarType, TarWriter } from '../archive/tar.ts';
import { kit } from './kitRef.ts';
import type { HostFileStat, HostFiles } from '../cli/io.ts';
import { cleanPath, PatternMatcher, readDockerignore } from './patterns.ts';
import { byteOrder } from './goText.ts';

/** An error the client prints as "unable to prepare context: …" or as is. */
export class ContextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContextError';
  }
}

export interface PreparedContext {
  tar: Uint8Array;
  /** The Dockerfile's name inside the context (the API's `dockerfile`). */
  dockerfile: string;
}

const errnoText = (e: unknown): string => {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'ENOTDIR') return 'not a directory';
  if (code === 'EACCES') return 'permission denied';
  return e instanceof Error ? e.message.replace(/^.*?: /, '') : String(e);
};

class HostView {
  readonly #files: HostFiles;
  readonly cwd: string;

  constructor(files: HostFiles) {
    this.#files = files;
    this.cwd = files.cwd?.() ?? '/';
  }

  abs(p: string): string {
    return cleanPath(p.startsWith('/') ? p : `${this.cwd}/${p}`);
  }

  async lstat(abs: string): Promise<HostFileStat> {
    return this.#files.stat!(abs, { follow: false });
  }

  async stat(abs: string): Promise<HostFileStat> {
    return this.#files.stat!(abs, { follow: true });
  }

  async exists(abs: string, follow = true): Promise<boolean> {
    try {
      await (follow ? this.stat(abs) : this.lstat(abs));
      return true;
    } catch {
      return false;
    }
  }

  /** filepath.EvalSymlinks; throws ContextError-ready text ("lstat /x: no such file or directory"). */
  async evalSymlinks(abs: string): Promise<string> {
    const todo = abs.split('/').filter(Boolean);
    let done = '';
    let hops = 0;
    while (todo.length) {
      const name = todo.shift()!;
      if (name === '.') continue;
      if (name === '..') {
        done = done.slice(0, done.lastIndexOf('/'));
        continue;
      }
      const cur = `${done}/${name}`;
      let st: HostFileStat;
      try {
        st = await this.lstat(cur);
      } catch (e) {
        throw new Error(`lstat ${cur}: ${errnoText(e)}`);
      }
      if (st.type !== 'symlink') {
        done = cur;
        continue;
      }
      if (++hops > 255) throw new Error(`EvalSymlinks: too many links`);
      const target = st.linkTarget ?? '';
      if (target.startsWith('/')) done = '';
      todo.unshift(...target.split('/').filter(Boolean));
    }
    return done || '/';
  }

  async readdir(abs: string): Promise<string[]> {
    return (await this.#files.readdir!(abs)).sort(byteOrder);
  }

  async read(abs: string): Promise<Uint8Array> {
    return this.#files.readFile(abs);
  }
}

function relPath(base: string, target: string): string {
  const b = base === '/' ? [] : base.split('/').filter(Boolean);
  const t = target.split('/').filter(Boolean);
  let i = 0;
  while (i < b.length && i < t.length && b[i] === t[i]) i++;
  return [...b.slice(i).map(() => '..'), ...t.slice(i)].join('/') || '.';
}

/** GetContextFromLocalDir: the context's absolute path and the Dockerfile's path relative to it. */
async function localDir(h: HostView, dir: string, dockerfileName: string): Promise<{ contextDir: string; relDockerfile: string }> {
  let contextDir = h.abs(dir);
  try {
    contextDir = await h.evalSymlinks(contextDir);
  } catch (e) {
    throw new ContextError(`unable to evaluate symlinks in context path: ${(e as Error).message}`);
  }
  let st: HostFileStat;
  try {
    st = await h.lstat(contextDir);
  } catch (e) {
    throw new ContextError(`unable to stat context directory ${JSON.stringify(contextDir)}: lstat ${contextDir}: ${errnoText(e)}`);
  }
  if (st.type !== 'dir') throw new ContextError(`context must be a directory: ${contextDir}`);
  if (dockerfileName === '-') return { contextDir, relDockerfile: '-' };
  let abs: string;
  if (dockerfileName !== '') abs = h.abs(dockerfileName);
  else {
    abs = `${contextDir === '/' ? '' : contextDir}/Dockerfile`;
    if (!(await h.exists(abs, false))) {
      const alt = `${contextDir === '/' ? '' : contextDir}/dockerfile`;
      if (await h.exists(alt, false)) abs = alt;
    }
  }
  try {
    abs = await h.evalSymlinks(abs);
  } catch (e) {
    throw new ContextError(`unable to evaluate symlinks in Dockerfile path: ${(e as Error).message}`);
  }
  if (!(await h.exists(abs, false))) throw new ContextError(`Cannot locate Dockerfile: ${JSON.stringify(abs)}`);
  return { contextDir, relDockerfile: relPath(contextDir, abs) };
}

const TYPES: Record<HostFileStat['type'], TarType | undefined> = { file: 'file', dir: 'dir', symlink: 'symlink', other: undefined };

/** archive.TarWithOptions(contextDir, {ExcludePatterns, ChownOpts: 0:0}). */
async function tarDirectory(h: HostView, contextDir: string, excludes: string[], typeBits: boolean, dockerignore?: Uint8Array): Promise<TarWriter> {
  const pm = new PatternMatcher(excludes);
  const tw = new (kit().TarWriter)({ typeBits });
  const walk = async (abs: string, rel: string): Promise<void> => {
    let st: HostFileStat;
    try {
      st = await h.lstat(abs);
    } catch {
      return; // filepath.Walk reports it, TarWithOptions logs and goes on
    }
    if (rel !== '.') {
      if (pm.matches(rel)) {
        if (st.type !== 'dir') return;
        if (!pm.exclusions) return;
        // an exclusion (!dir/file) below this directory keeps it
        const dirSlash = `${rel}/`;
        if (!pm.patterns.some((p) => p.exclusion && `${p.cleaned}/`.startsWith(dirSlash))) return;
      }
      const type = TYPES[st.type];
      if (type) {
        const name = st.type === 'dir' ? `${rel}/` : rel;
        // (a replaced .dockerignore keeps its header, with the new content)
        const data = type !== 'file' ? undefined : rel === '.dockerignore' && dockerignore ? dockerignore : await h.read(abs);
        tw.add(
          {
            name,
            type,
            mode: st.mode & 0o7777,
            uid: 0,
            gid: 0,
            mtime: Math.floor(st.mtimeMs / 1000),
            size: data?.length ?? 0,
            ...(type === 'symlink' ? { linkname: st.linkTarget ?? '' } : {}),
          },
          data,
        );
      }
    }
    if (st.type !== 'dir') return;
    for (const n of await h.readdir(abs)) await walk(`${abs === '/' ? '' : abs}/${n}`, rel === '.' ? n : `${rel}/${n}`);
  };
  await walk(contextDir, '.');
  return tw;
}

/** 20 random hex digits for `.dockerfile.<random>` (stringid.GenerateRandomID()[:20]). */
function randomHex(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(Math.random() * 16).toString(16);
  return s;
}

/**
 * The context tar for a local directory. `dockerfileFromStdin` is the text of `-f -`.
 * Throws ContextError (printed as "unable to prepare context: …" by the caller when
 * `prepare` is set on it) or Error.
 */
export async function localContext(
  files: HostFiles,
  dir: string,
  dockerfileName: string,
  o: { typeBits: boolean; stdinDockerfile?: Uint8Array; nowMs: number },
): Promise<PreparedContext> {
  if (!files.stat || !files.readdir) throw new ContextError(`path ${JSON.stringify(dir)} not found`);
  const h = new HostView(files);
  const { contextDir, relDockerfile } = await localDir(h, dir, dockerfileName);
  let dockerfileData = o.stdinDockerfile;
  if (dockerfileData === undefined && relDockerfile.startsWith('../')) {
    try {
      dockerfileData = await h.read(h.abs(dockerfileName));
    } catch (e) {
      throw new Error(`unable to open Dockerfile: open ${dockerfileName}: ${errnoText(e)}`);
    }
  }
  let excludes: string[] = [];
  const ignorePath = `${contextDir === '/' ? '' : contextDir}/.dockerignore`;
  let ignoreText: string | undefined;
  try {
    ignoreText = new TextDecoder().decode(await h.read(ignorePath));
  } catch {
    ignoreText = undefined;
  }
  if (ignoreText !== undefined) excludes = readDockerignore(ignoreText);
  // TrimBuildFilesFromExcludes: the daemon needs .dockerignore and the Dockerfile
  const matches = (f: string) => {
    try {
      const clean = cleanPath(f);
      return clean !== '.' && new PatternMatcher(excludes).matches(clean);
    } catch {
      return false;
    }
  };
  // ValidateContextDirectory builds the matcher first: a bad pattern stops the client there
  try {
    new PatternMatcher(excludes);
  } catch (e) {
    throw new Error(`error checking context: ${(e as Error).message}`);
  }
  if (matches('.dockerignore')) excludes.push('!.dockerignore');
  if (matches(relDockerfile) && o.stdinDockerfile === undefined) excludes.push(`!${relDockerfile}`);
  if (dockerfileData === undefined) {
    const tw = await tarDirectory(h, contextDir, excludes, o.typeBits);
    return { tar: tw.finish(), dockerfile: relDockerfile };
  }
  // AddDockerfileToBuildContext: the Dockerfile under a random name, which .dockerignore then lists
  const name = `.dockerfile.${randomHex(20)}`;
  const ignore = new TextEncoder().encode(`${ignoreText ?? '.dockerignore'}\n${name}\n`);
  const tw = await tarDirectory(h, contextDir, excludes, o.typeBits, ignoreText !== undefined ? ignore : undefined);
  const mtime = Math.floor(o.nowMs / 1000);
  // The entries no file matched come last, in Go map order (random; the recording had the
  // Dockerfile first). ReplaceFileTarWrapper closes the pipe before the tar writer: the last
  // entry's padding and the two end blocks are never sent.
  const added: Array<[string, Uint8Array]> = [[name, dockerfileData]];
  if (ignoreText === undefined) added.push(['.dockerignore', ignore]);
  for (const [n, data] of added) tw.add({ name: n, type: 'file', mode: 0o600, uid: 0, gid: 0, mtime, size: data.length }, data);
  const full = tw.finish();
  const last = added[added.length - 1]![1].length;
  return { tar: full.subarray(0, full.length - 1024 - ((512 - (last % 512)) % 512)), dockerfile: name };
}

/** Whether stdin's first bytes are an archive (build.IsArchive): compressed, or a tar header. */
export function isArchive(b: Uint8Array): boolean {
  const at = (...m: number[]) => b.length >= m.length && m.every((x, i) => b[i] === x);
  if (at(0x1f, 0x8b, 0x08) || at(0x42, 0x5a, 0x68) || at(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00) || at(0x28, 0xb5, 0x2f, 0xfd)) return true;
  if (b.length < 512) return false;
  const block = b.subarray(0, 512);
  if (block.every((x) => x === 0)) return false;
  const field = new TextDecoder().decode(block.subarray(148, 156)).replace(/[\0 ]+$/, '').replace(/^[\0 ]+/, '');
  if (!/^[0-7]+$/.test(field)) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  return parseInt(field, 8) === sum;
}

/** GetContextFromReader: stdin is a context archive, or a Dockerfile put alone into a context. */
export function stdinContext(data: Uint8Array, dockerfileName: string, nowMs: number, typeBits: boolean): PreparedContext {
  if (isArchive(data)) return { tar: data, dockerfile: dockerfileName };
  if (dockerfileName === '-') throw new ContextError('build context is not an archive');
  const tw = new (kit().TarWriter)({ typeBits });
  tw.add({ name: 'Dockerfile', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: Math.floor(nowMs / 1000), size: data.length }, data);
  return { tar: tw.finish(), dockerfile: 'Dockerfile' };
}
