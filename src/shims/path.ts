/**
 * POSIX path functions for client bundles (browser-shims.mjs): what memfs's core uses
 * (posix, sep, join, resolve, relative, dirname, basename, normalize, isAbsolute), in
 * place of the whole path-browserify. The browser has no working directory: '/'.
 */
const normalizeParts = (path: string, absolute: boolean): string => {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
    } else out.push(seg);
  }
  return out.join('/');
};

export const sep = '/';
export const delimiter = ':';

export function isAbsolute(path: string): boolean {
  return path.startsWith('/');
}

export function normalize(path: string): string {
  if (path === '') return '.';
  const abs = isAbsolute(path);
  const body = normalizeParts(path, abs);
  const trailing = path.endsWith('/') && body !== '' ? '/' : '';
  return (abs ? `/${body}` : body || '.') + trailing;
}

export function join(...parts: string[]): string {
  const joined = parts.filter((p) => p !== '').join('/');
  return joined === '' ? '.' : normalize(joined);
}

export function resolve(...parts: string[]): string {
  let path = '';
  for (let i = parts.length - 1; i >= 0 && !isAbsolute(path); i--) if (parts[i]) path = path ? `${parts[i]}/${path}` : parts[i]!;
  if (!isAbsolute(path)) path = `/${path}`;
  return `/${normalizeParts(path, true)}`;
}

export function relative(from: string, to: string): string {
  const a = resolve(from).split('/').filter(Boolean);
  const b = resolve(to).split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

export function dirname(path: string): string {
  if (path === '') return '.';
  if (/^\/+$/.test(path)) return '/';
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const i = trimmed.lastIndexOf('/');
  if (i < 0) return '.';
  if (i === 0) return '/';
  return trimmed.slice(0, i);
}

export function basename(path: string, ext?: string): string {
  if (/^\/+$/.test(path)) return '';
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  let base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  if (ext && base.endsWith(ext) && base !== ext) base = base.slice(0, -ext.length);
  return base;
}

export function extname(path: string): string {
  const base = basename(path);
  const i = base.lastIndexOf('.');
  return i <= 0 || base === '..' ? '' : base.slice(i);
}

const path = { sep, delimiter, isAbsolute, normalize, join, resolve, relative, dirname, basename, extname };
export const posix = path;
export default path;
