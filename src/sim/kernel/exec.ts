/**
 * Finding and loading executables. `lookPath` is Go's exec.LookPath as runc 1.1
 * calls it before starting the container process (its errors are runc's texts);
 * `loadImage` is execve(2): an exe-tagged file runs its simulated program, a
 * "#!" script runs its interpreter, anything else is ENOEXEC.
 */
import { FsError, type FileSystem } from '../fs/types.ts';
import { resolvePath } from '../fs/path.ts';
import type { ExecFailure } from './types.ts';
import { commOf, type Program } from './process.ts';

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const GO_ERRNO: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
};

function quote(s: string): string {
  return JSON.stringify(s);
}

/** Go's findExecutable: nothing when fine, else the error (text and kind). */
function findExecutable(fs: FileSystem, abs: string, shown: string): ExecFailure | undefined {
  try {
    const st = fs.stat(abs);
    if (st.type !== 'dir' && st.mode & 0o111) return undefined;
    return { kind: 'permission-denied', message: 'permission denied' };
  } catch (e) {
    const code = e instanceof FsError ? e.code : 'ENOENT';
    const kind = code === 'ENOTDIR' ? 'not-directory' : code === 'ENOENT' ? 'not-found' : 'other';
    return { kind, message: `stat ${shown}: ${GO_ERRNO[code] ?? code.toLowerCase()}` };
  }
}

/** exec.LookPath; returns the path found (as Go would spell it) or runc's ExecFailure. */
export function lookPath(fs: FileSystem, cwd: string, name: string, pathVar: string | undefined): string | ExecFailure {
  if (name.includes('/')) {
    const err = findExecutable(fs, resolvePath(cwd, name), name);
    if (!err) return name;
    return { kind: err.kind, message: `exec: ${quote(name)}: ${err.message}` };
  }
  if (name !== '') {
    for (let dir of (pathVar ?? '').split(':')) {
      if (dir === '') dir = '.';
      const p = dir === '/' ? '/' + name : dir.replace(/\/+$/, '') + '/' + name;
      if (!findExecutable(fs, resolvePath(cwd, p), p)) return p;
    }
  }
  return { kind: 'not-found', message: `exec: ${quote(name)}: executable file not found in $PATH` };
}

export interface LoadedImage {
  program: Program;
  argv: string[];
  comm: string;
  /** The executable's resolved path (the interpreter's for a #! script). */
  path: string;
}

/** execve(2) of an absolute path: the image, or an errno ('ENOENT', 'EACCES', 'ENOEXEC', …). */
export function loadImage(
  fs: FileSystem,
  programs: ReadonlyMap<string, Program>,
  fallback: Program,
  path: string,
  argv: string[],
  depth = 0,
): LoadedImage | string {
  let st;
  try {
    st = fs.stat(path);
  } catch (e) {
    return e instanceof FsError ? e.code : 'ENOENT';
  }
  if (st.type !== 'file' || !(st.mode & 0o111)) return 'EACCES';
  if (st.exe !== undefined) {
    let real = path;
    try {
      real = fs.realpath ? fs.realpath(path) : path;
    } catch {
      /* keep the path */
    }
    return { program: programs.get(st.exe) ?? fallback, argv, comm: commOf(path), path: real };
  }
  let head = '';
  try {
    const bytes = fs.readFile(path);
    head = new TextDecoder().decode(bytes.subarray(0, Math.min(bytes.length, 256)));
  } catch {
    return 'EACCES';
  }
  if (!head.startsWith('#!')) return 'ENOEXEC';
  if (depth >= 4) return 'ELOOP';
  const line = head.slice(2).split('\n')[0]!.trim();
  const sp = line.search(/[ \t]/);
  const interp = sp < 0 ? line : line.slice(0, sp);
  const arg = sp < 0 ? '' : line.slice(sp).trim();
  if (!interp) return 'ENOEXEC';
  const newArgv = [interp, ...(arg ? [arg] : []), path, ...argv.slice(1)];
  const img = loadImage(fs, programs, fallback, interp, newArgv, depth + 1);
  if (typeof img === 'string') return img === 'EACCES' || img === 'ENOENT' ? img : img;
  return { ...img, comm: commOf(path) };
}
