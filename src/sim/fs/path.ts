/** Path helpers for absolute, slash-separated paths (no Node APIs). */

/** Lexically normalises an absolute path: "/a//b/./c/../d/" -> "/a/b/d". */
export function normalize(path: string): string {
  if (path === '/' || path === '') return '/';
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

/** Resolves `path` against the directory `cwd` (both may be relative/absolute; cwd is absolute). */
export function resolvePath(cwd: string, path: string): string {
  if (path.startsWith('/')) return normalize(path);
  return normalize(cwd + '/' + path);
}

export function dirname(path: string): string {
  const p = path.replace(/\/+$/, '');
  const i = p.lastIndexOf('/');
  if (i < 0) return '.';
  if (i === 0) return '/';
  return p.slice(0, i).replace(/\/+$/, '') || '/';
}

export function basename(path: string): string {
  const p = path.replace(/\/+$/, '');
  if (p === '') return path.startsWith('/') ? '/' : '';
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Splits a normalised absolute path into its components ("/" -> []). */
export function components(path: string): string[] {
  return path === '/' ? [] : path.slice(1).split('/');
}

export function join(dir: string, name: string): string {
  return dir === '/' ? '/' + name : dir + '/' + name;
}
