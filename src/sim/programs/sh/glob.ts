/**
 * Shell patterns (* ? [...]) and pathname expansion. In a pattern string a
 * backslash quotes the next character (the expander escapes quoted text).
 */
import type { FileSystem } from '../../fs/types.ts';
import { resolvePath } from '../../fs/path.ts';

const cache = new Map<string, RegExp>();

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', cntrl: '\\x00-\\x1f\\x7f', print: ' -~', graph: '!-~',
};

function reEsc(c: string): string {
  return /[\\^$.*+?()[\]{}|\/-]/.test(c) ? '\\' + c : c;
}

/** Regex source for a pattern (unanchored). */
export function patternSource(pat: string): string {
  let out = '';
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]!;
    if (c === '\\') {
      i++;
      out += reEsc(pat[i] ?? '\\');
    } else if (c === '*') out += '[\\s\\S]*';
    else if (c === '?') out += '[\\s\\S]';
    else if (c === '[') {
      const r = bracket(pat, i);
      if (r) {
        out += r.src;
        i = r.end;
      } else out += '\\[';
    } else out += reEsc(c);
  }
  return out;
}

function bracket(pat: string, start: number): { src: string; end: number } | undefined {
  let i = start + 1;
  let neg = false;
  if (pat[i] === '!' || pat[i] === '^') {
    neg = true;
    i++;
  }
  let body = '';
  let first = true;
  for (; i < pat.length; i++) {
    const c = pat[i]!;
    if (c === ']' && !first) return { src: (neg ? '[^' : '[') + body + ']', end: i };
    first = false;
    if (c === '[' && pat[i + 1] === ':') {
      const close = pat.indexOf(':]', i + 2);
      if (close > 0) {
        const cls = CLASSES[pat.slice(i + 2, close)];
        if (cls) {
          body += cls;
          i = close + 1;
          continue;
        }
      }
    }
    if (c === '\\') {
      i++;
      body += reEsc(pat[i] ?? '\\');
      continue;
    }
    if (c === '-' && body && pat[i + 1] !== ']' && pat[i + 1] !== undefined) {
      body += '-';
      continue;
    }
    body += reEsc(c);
  }
  return undefined;
}

export function patternRegex(pat: string, flags = ''): RegExp {
  const key = flags + '\0' + pat;
  let re = cache.get(key);
  if (!re) {
    if (cache.size > 500) cache.clear();
    re = new RegExp('^(?:' + patternSource(pat) + ')$', flags);
    cache.set(key, re);
  }
  return re;
}

export function matchPattern(pat: string, s: string): boolean {
  return patternRegex(pat).test(s);
}

/** Whether the pattern has an unquoted * ? or [. */
export function hasGlob(pat: string): boolean {
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}

/** Removes the backslash quoting of a pattern. */
export function unescapePattern(pat: string): string {
  return pat.replace(/\\([\s\S])/g, '$1');
}

/** Escapes text so it matches literally as a pattern. */
export function escapePattern(s: string): string {
  return s.replace(/[\\*?[\]]/g, '\\$&');
}

/** Pathname expansion: sorted matches, or [] when nothing matches. */
export function globPaths(fs: FileSystem, cwd: string, pat: string): string[] {
  const abs = pat.startsWith('/');
  const parts = pat.split('/');
  let bases: string[] = [abs ? '/' : ''];
  for (let i = abs ? 1 : 0; i < parts.length; i++) {
    const comp = parts[i]!;
    const last = i === parts.length - 1;
    if (comp === '') {
      if (last) bases = bases.map((b) => (b.endsWith('/') ? b : b + '/'));
      continue;
    }
    const next: string[] = [];
    for (const b of bases) {
      const dirShown = b;
      const dirAbs = b === '' ? cwd : resolvePath(cwd, b);
      if (!hasGlob(comp)) {
        const p = join(dirShown, unescapePattern(comp));
        const pAbs = resolvePath(cwd, p);
        if (last ? fs.exists(pAbs) || isLink(fs, pAbs) : isDir(fs, pAbs)) next.push(p);
        continue;
      }
      let names: string[];
      try {
        names = fs.readdir(dirAbs).map((e) => e.name);
      } catch {
        continue;
      }
      if (comp.startsWith('.') || comp.startsWith('\\.')) names = ['.', '..', ...names];
      const re = patternRegex(comp);
      for (const n of names) {
        if (n.startsWith('.') && !(comp.startsWith('.') || comp.startsWith('\\.'))) continue;
        if (!re.test(n)) continue;
        const p = join(dirShown, n);
        if (!last) {
          const pAbs = resolvePath(cwd, p);
          if (!isDir(fs, pAbs)) continue;
        }
        next.push(p);
      }
    }
    bases = next;
    if (!bases.length) return [];
  }
  return bases.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function join(dir: string, name: string): string {
  if (dir === '') return name;
  return dir.endsWith('/') ? dir + name : dir + '/' + name;
}

function isDir(fs: FileSystem, p: string): boolean {
  try {
    return fs.stat(p).type === 'dir';
  } catch {
    return false;
  }
}

function isLink(fs: FileSystem, p: string): boolean {
  try {
    fs.lstat(p);
    return true;
  } catch {
    return false;
  }
}
