/**
 * Path patterns: Go's path/filepath.Match (COPY wildcards), Clean, and the
 * .dockerignore rules (buildkit dockerignore.ReadAll, moby pkg/fileutils
 * PatternMatcher: `**`, `!exclusions`, a pattern matching a parent directory).
 */

export class BadPatternError extends Error {
  constructor() {
    super('syntax error in pattern');
    this.name = 'BadPatternError';
  }
}

/** path.Clean / filepath.Clean (Unix). */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const s = out.join('/');
  return rooted ? '/' + s : s || '.';
}

/** path.Join. */
export function joinPath(...parts: string[]): string {
  const s = parts.filter((p) => p !== '').join('/');
  return s === '' ? '' : cleanPath(s);
}

/** filepath.Rel for clean paths where `target` is below or equal to `base` (else undefined). */
export function relPath(base: string, target: string): string | undefined {
  if (base === target) return '.';
  const prefix = base === '/' ? '/' : base + '/';
  return target.startsWith(prefix) ? target.slice(prefix.length) : undefined;
}

// ---- filepath.Match ---------------------------------------------------------------------

function scanChunk(pattern: string[]): { star: boolean; chunk: string[]; rest: string[] } {
  let star = false;
  let p = pattern;
  while (p.length > 0 && p[0] === '*') {
    p = p.slice(1);
    star = true;
  }
  let inRange = false;
  let i = 0;
  scan: for (; i < p.length; i++) {
    switch (p[i]) {
      case '\\':
        if (i + 1 < p.length) i++;
        break;
      case '[':
        inRange = true;
        break;
      case ']':
        inRange = false;
        break;
      case '*':
        if (!inRange) break scan;
    }
  }
  return { star, chunk: p.slice(0, i), rest: p.slice(i) };
}

function getEsc(chunk: string[]): { r: string; rest: string[] } {
  if (chunk.length === 0 || chunk[0] === '-' || chunk[0] === ']') throw new BadPatternError();
  let c = chunk;
  if (c[0] === '\\') {
    c = c.slice(1);
    if (c.length === 0) throw new BadPatternError();
  }
  const r = c[0]!;
  c = c.slice(1);
  if (c.length === 0) throw new BadPatternError();
  return { r, rest: c };
}

const cp = (s: string): number => s.codePointAt(0)!;

/** matchChunk: the rest of `s` after `chunk` matched its start, or undefined. Throws on a bad pattern. */
function matchChunk(chunk: string[], s: string[]): string[] | undefined {
  let failed = false;
  let c = chunk;
  let str = s;
  while (c.length > 0) {
    if (!failed && str.length === 0) failed = true;
    switch (c[0]) {
      case '[': {
        let r = 0;
        if (!failed) {
          r = cp(str[0]!);
          str = str.slice(1);
        }
        c = c.slice(1);
        let negated = false;
        if (c.length > 0 && c[0] === '^') {
          negated = true;
          c = c.slice(1);
        }
        let match = false;
        let nrange = 0;
        for (;;) {
          if (c.length > 0 && c[0] === ']' && nrange > 0) {
            c = c.slice(1);
            break;
          }
          const lo = getEsc(c);
          c = lo.rest;
          let hi = lo.r;
          if (c[0] === '-') {
            const h = getEsc(c.slice(1));
            hi = h.r;
            c = h.rest;
          }
          if (cp(lo.r) <= r && r <= cp(hi)) match = true;
          nrange++;
        }
        if (match === negated) failed = true;
        break;
      }
      case '?':
        if (!failed) {
          if (str[0] === '/') failed = true;
          str = str.slice(1);
        }
        c = c.slice(1);
        break;
      default:
        if (c[0] === '\\') {
          c = c.slice(1);
          if (c.length === 0) throw new BadPatternError();
        }
        if (!failed) {
          if (c[0] !== str[0]) failed = true;
          str = str.slice(1);
        }
        c = c.slice(1);
    }
  }
  return failed ? undefined : str;
}

/** filepath.Match (Unix). Throws BadPatternError like Go's ErrBadPattern. */
export function matchPath(pattern: string, name: string): boolean {
  let pat = [...pattern];
  let nm = [...name];
  pattern: while (pat.length > 0) {
    const { star, chunk, rest } = scanChunk(pat);
    pat = rest;
    if (star && chunk.length === 0) return !nm.includes('/');
    const t = matchChunk(chunk, nm);
    if (t !== undefined && (t.length === 0 || pat.length > 0)) {
      nm = t;
      continue;
    }
    if (star) {
      for (let i = 0; i < nm.length && nm[i] !== '/'; i++) {
        const t2 = matchChunk(chunk, nm.slice(i + 1));
        if (t2 !== undefined) {
          if (pat.length === 0 && t2.length > 0) continue;
          nm = t2;
          continue pattern;
        }
      }
    }
    return false;
  }
  return nm.length === 0;
}

/** Whether a pattern has wildcard characters (containsWildcards: `\` escapes the next one). */
export function containsWildcards(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const ch = name[i];
    if (ch === '\\') i++;
    else if (ch === '*' || ch === '?' || ch === '[') return true;
  }
  return false;
}

// ---- .dockerignore ------------------------------------------------------------------------

const trimSpace = (s: string): string => s.replace(/^[\t\n\v\f\r \u0085\u00a0]+|[\t\n\v\f\r \u0085\u00a0]+$/g, '');

/** dockerignore.ReadAll: one pattern per line, `#` comments, `!` exclusions, cleaned, no leading `/`. */
export function readDockerignore(text: string): string[] {
  const out: string[] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    let pattern = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (i === 0 && pattern.startsWith('\ufeff')) pattern = pattern.slice(1);
    if (pattern.startsWith('#')) return;
    pattern = trimSpace(pattern);
    if (pattern === '') return;
    const invert = pattern.startsWith('!');
    if (invert) pattern = trimSpace(pattern.slice(1));
    if (pattern.length > 0) {
      pattern = cleanPath(pattern);
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    out.push(invert ? '!' + pattern : pattern);
  });
  return out;
}

interface Pattern {
  cleaned: string;
  dirs: string[];
  exclusion: boolean;
  regexp?: RegExp | null;
}

/** fileutils.PatternMatcher. */
export class PatternMatcher {
  readonly patterns: Pattern[] = [];
  exclusions = false;

  /** Throws BadPatternError (or Error for a lone "!"). */
  constructor(patterns: readonly string[]) {
    for (const raw of patterns) {
      let p = trimSpace(raw);
      if (p === '') continue;
      p = cleanPath(p);
      let exclusion = false;
      if (p.startsWith('!')) {
        if (p.length === 1) throw new Error('illegal exclusion pattern: "!"');
        exclusion = true;
        p = p.slice(1);
        this.exclusions = true;
      }
      matchPath(p, '.');
      this.patterns.push({ cleaned: p, dirs: p.split('/'), exclusion });
    }
  }

  matches(file: string): boolean {
    let matched = false;
    const parent = file.includes('/') ? cleanPath(file.slice(0, file.lastIndexOf('/'))) : '.';
    const parentDirs = parent.split('/');
    for (const pattern of this.patterns) {
      let match = matchPattern(pattern, file);
      if (!match && parent !== '.' && pattern.dirs.length <= parentDirs.length) {
        match = matchPattern(pattern, parentDirs.slice(0, pattern.dirs.length).join('/'));
      }
      if (match) matched = !pattern.exclusion;
    }
    return matched;
  }
}

function matchPattern(p: Pattern, path: string): boolean {
  if (p.regexp === undefined) p.regexp = compile(p.cleaned);
  return p.regexp !== null && p.regexp.test(path);
}

/** Pattern.compile: `**` any path, `*` and `?` within a name, `.` and `$` literal, the rest as Go regexp. */
function compile(pattern: string): RegExp | null {
  let re = '^';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === '*') {
      if (chars[i + 1] === '*') {
        i++;
        if (chars[i + 1] === '/') i++;
        re += i + 1 >= chars.length ? '.*' : '(.*/)?';
      } else re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else if (ch === '.' || ch === '$') re += '\\' + ch;
    else if (ch === '\\') {
      if (i + 1 < chars.length) re += '\\' + chars[++i];
      else re += '\\';
    } else re += ch;
  }
  re += '$';
  try {
    return new RegExp(re, 'u');
  } catch {
    // a pattern Go's regexp refuses never matches (ErrBadPattern, ignored by the callers)
    return null;
  }
}
