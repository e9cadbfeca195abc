/**
 * Tab completion for the host shell: command names, docker's subcommands and
 * flags from the simulator's own command tree (so both versions complete what
 * they accept), container names and IDs, image references, host files.
 */
import { commandTree } from '../../sim/cli/argv/index.ts';
import type { CommandSpec, FlagSpec } from '../../sim/cli/argv/types.ts';
import type { Simulator } from '../../sim/simulator.ts';
import { commandNames } from './hostCommands.ts';
import { hostPath } from './runtime.ts';

export interface Candidate {
  /** The word as it will stand on the line. */
  value: string;
  /** What the list shows (a file's name without its directory). */
  display: string;
  /** A directory: no space after it, the next Tab goes on inside. */
  partial?: boolean;
}

export interface Completion {
  /** Where the word being completed starts in the line. */
  start: number;
  /** The word typed so far (quotes removed). */
  word: string;
  candidates: Candidate[];
}

export interface CompletionContext {
  sim: Simulator;
  cwd: string;
}

interface Scan {
  words: string[];
  current: string;
  start: number;
  redirect: boolean;
}

/** Splits the text before the cursor into the words of the command being typed. */
function scan(text: string): Scan {
  let words: string[] = [];
  let cur = '';
  let start = text.length;
  let inWord = false;
  let quote = '';
  let redirect = false;
  let pendingRedirect = false;
  const endWord = () => {
    if (!inWord) return;
    if (pendingRedirect) pendingRedirect = false;
    else words.push(cur);
    cur = '';
    inWord = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"' && i + 1 < text.length) cur += text[++i];
      else cur += c;
      continue;
    }
    if (c === ' ' || c === '\t') {
      endWord();
      continue;
    }
    if (c === '>' || c === '<') {
      if (inWord && /^\d$/.test(cur)) {
        cur = '';
        inWord = false;
      }
      endWord();
      pendingRedirect = true;
      if (text[i + 1] === c || text[i + 1] === '&') i++;
      continue;
    }
    if ('|;&()'.includes(c) || (c === '$' && text[i + 1] === '(')) {
      endWord();
      words = [];
      pendingRedirect = false;
      if (c === '$') i++;
      continue;
    }
    if (!inWord) {
      inWord = true;
      start = i;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '\\' && i + 1 < text.length) cur += text[++i];
    else cur += c;
  }
  if (!inWord) start = text.length;
  redirect = pendingRedirect;
  return { words, current: cur, start, redirect };
}

function prefixed(values: Iterable<string>, word: string): Candidate[] {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const v of values) {
    if (!v.startsWith(word) || seen.has(v)) continue;
    seen.add(v);
    out.push({ value: v, display: v });
  }
  return out.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

function files(ctx: CompletionContext, word: string, dirsOnly = false): Candidate[] {
  const slash = word.lastIndexOf('/');
  const dirPart = slash >= 0 ? word.slice(0, slash + 1) : '';
  const base = word.slice(slash + 1);
  const dir = hostPath(ctx.cwd, dirPart || '.');
  const fs = ctx.sim.host;
  let entries;
  try {
    entries = fs.readdir(dir);
  } catch {
    return [];
  }
  const out: Candidate[] = [];
  for (const e of entries) {
    if (!e.name.startsWith(base)) continue;
    if (e.name.startsWith('.') && !base.startsWith('.')) continue;
    let isDir = e.type === 'dir';
    if (e.type === 'symlink') {
      try {
        isDir = fs.stat(`${dir === '/' ? '' : dir}/${e.name}`).type === 'dir';
      } catch {
        isDir = false;
      }
    }
    if (dirsOnly && !isDir) continue;
    out.push({ value: dirPart + e.name + (isDir ? '/' : ''), display: e.name + (isDir ? '/' : ''), ...(isDir ? { partial: true } : {}) });
  }
  return out;
}

type ContainerFilter = 'all' | 'running' | 'stopped' | 'paused';

function containers(ctx: CompletionContext, word: string, filter: ContainerFilter = 'all'): Candidate[] {
  const names: string[] = [];
  for (const c of ctx.sim.engine.containers()) {
    if (c.state === 'removed') continue;
    const running = c.state === 'running' || c.state === 'restarting';
    if (filter === 'running' && !running) continue;
    if (filter === 'stopped' && (running || c.state === 'paused')) continue;
    if (filter === 'paused' && c.state !== 'paused') continue;
    names.push(c.name);
    if (word && /^[0-9a-f]+$/.test(word)) names.push(c.id.slice(0, 12));
  }
  return prefixed(names, word);
}

function images(ctx: CompletionContext, word: string): Candidate[] {
  const store = ctx.sim.images.store;
  const refs: string[] = [];
  for (const img of store.images()) {
    for (const tag of store.repoTags(img.id)) {
      refs.push(tag);
      if (tag.endsWith(':latest')) refs.push(tag.slice(0, -':latest'.length));
    }
    if (word && /^[0-9a-f]+$/.test(word)) refs.push(img.id.replace(/^sha256:/, '').slice(0, 12));
  }
  return prefixed(refs, word);
}

/** What the positional arguments of a docker command are. */
function positional(path: string[], index: number): { kind: 'containers'; filter: ContainerFilter } | { kind: 'images' | 'files' | 'both' | 'none' } {
  const [a = '', b = ''] = path;
  const name = a === 'container' || a === 'image' ? b : a;
  const img = a === 'image';
  if (img && ['rm', 'inspect', 'save', 'push', 'tag'].includes(name)) return { kind: 'images' };
  if (img && name === 'history') return { kind: index === 0 ? 'images' : 'none' };
  if (img && name === 'import') return { kind: index === 0 ? 'files' : 'none' };
  if (img) return { kind: 'none' };
  switch (name) {
    case 'run':
    case 'create':
    case 'history':
      return { kind: index === 0 ? 'images' : 'none' };
    case 'rmi':
    case 'save':
    case 'push':
    case 'tag':
      return { kind: 'images' };
    case 'import':
      return { kind: index === 0 ? 'files' : 'none' };
    case 'inspect':
      return a === 'container' ? { kind: 'containers', filter: 'all' } : { kind: 'both' };
    case 'start':
      return { kind: 'containers', filter: 'stopped' };
    case 'unpause':
      return { kind: 'containers', filter: 'paused' };
    case 'stop':
    case 'kill':
    case 'pause':
    case 'restart':
    case 'stats':
    case 'update':
      return { kind: 'containers', filter: name === 'restart' || name === 'update' ? 'all' : 'running' };
    case 'exec':
    case 'attach':
    case 'top':
    case 'port':
      return index === 0 ? { kind: 'containers', filter: 'running' } : { kind: 'none' };
    case 'logs':
    case 'export':
    case 'diff':
    case 'rename':
    case 'commit':
    case 'cp':
      return index === 0 ? { kind: 'containers', filter: 'all' } : { kind: 'none' };
    case 'rm':
    case 'wait':
      return { kind: 'containers', filter: 'all' };
    default:
      return { kind: 'none' };
  }
}

function visibleFlags(spec: CommandSpec): FlagSpec[] {
  const out: FlagSpec[] = [...spec.flags];
  for (let p = spec.parent; p; p = p.parent) out.push(...(p.persistentFlags ?? []));
  if (!spec.parent) out.push(...(spec.persistentFlags ?? []));
  return out.filter((f) => !f.hidden && !f.deprecated);
}

function takesValue(f: FlagSpec): boolean {
  return f.kind !== 'bool' && f.noOptDefVal === undefined;
}

function completeDocker(ctx: CompletionContext, args: string[], word: string): Candidate[] {
  let spec = commandTree(ctx.sim.version);
  const path: string[] = [];
  const pos: string[] = [];
  let valueFor: FlagSpec | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const flags = visibleFlags(spec).concat(spec.flags);
    if (a.startsWith('--') && a.length > 2) {
      const f = flags.find((x) => x.name === a.slice(2));
      if (f && takesValue(f) && !a.includes('=')) {
        if (i + 1 < args.length) i++;
        else valueFor = f;
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const f = flags.find((x) => x.short === a[j]);
        if (f && takesValue(f)) {
          if (j === a.length - 1) {
            if (i + 1 < args.length) i++;
            else valueFor = f;
          }
          break;
        }
      }
      continue;
    }
    const sub = pos.length === 0 ? spec.subcommands.find((s) => s.name === a || s.aliases.includes(a)) : undefined;
    if (sub) {
      spec = sub;
      path.push(sub.name);
      continue;
    }
    pos.push(a);
  }
  if (valueFor) {
    if (['output', 'input', 'env-file', 'cidfile', 'label-file'].includes(valueFor.name)) return files(ctx, word);
    if (valueFor.name === 'volumes-from') return containers(ctx, word);
    return [];
  }
  if (word.startsWith('-')) {
    if (word !== '-' && !word.startsWith('--')) return [];
    return prefixed(
      visibleFlags(spec).map((f) => `--${f.name}`),
      word,
    );
  }
  if (spec.subcommands.length && pos.length === 0) {
    return prefixed(
      spec.subcommands.filter((s) => !s.hidden && !s.deprecated).map((s) => s.name),
      word,
    );
  }
  const what = positional(path, pos.length);
  switch (what.kind) {
    case 'containers':
      return containers(ctx, word, what.filter);
    case 'images':
      return images(ctx, word);
    case 'both':
      return [...containers(ctx, word), ...images(ctx, word)];
    case 'files':
      return word === '' || '-'.startsWith(word) ? [{ value: '-', display: '-' }, ...files(ctx, word)] : files(ctx, word);
    case 'none':
      return [];
  }
}

const NSENTER_FLAGS = ['--all', '--cgroup', '--help', '--ipc', '--mount', '--net', '--pid', '--root', '--target', '--user', '--uts', '--version', '--wd'];

function completeNsenter(ctx: CompletionContext, args: string[], word: string): Candidate[] {
  const prev = args[args.length - 1];
  if (prev === '-t' || prev === '--target') {
    const pids = ctx.sim.engine
      .containers()
      .filter((c) => c.state === 'running' && c.pid > 0)
      .map((c) => String(c.pid));
    return prefixed(pids, word);
  }
  if (word.startsWith('--') || word === '-') return prefixed(NSENTER_FLAGS, word);
  return [];
}

/** Candidates for the word that ends at `cursor`. */
export function complete(line: string, cursor: number, ctx: CompletionContext): Completion {
  const s = scan(line.slice(0, cursor));
  const word = s.current;
  const result = (candidates: Candidate[]): Completion => ({ start: s.start, word, candidates });
  if (s.redirect) return result(files(ctx, word));
  const words = s.words.slice();
  while (words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) words.shift();
  if (words.length === 0) {
    if (word.includes('/')) return result(files(ctx, word));
    return result(prefixed(commandNames(), word));
  }
  const [cmd, ...args] = words;
  switch (cmd) {
    case 'docker':
      return result(completeDocker(ctx, args, word));
    case 'nsenter':
      return result(completeNsenter(ctx, args, word));
    case 'cd':
      return result(files(ctx, word, true));
    case 'echo':
    case 'export':
    case 'unset':
    case 'history':
    case 'sleep':
    case 'help':
    case 'clear':
    case 'exit':
    case 'true':
    case 'false':
    case 'pwd':
      return result([]);
    case 'grep':
      return result(args.some((a) => !a.startsWith('-')) ? files(ctx, word) : []);
    default:
      return result(files(ctx, word));
  }
}

/** The longest prefix all candidates share. */
export function commonPrefix(values: string[]): string {
  if (values.length === 0) return '';
  let p = values[0]!;
  for (const v of values) {
    let i = 0;
    while (i < p.length && i < v.length && p[i] === v[i]) i++;
    p = p.slice(0, i);
  }
  return p;
}
