// The docker CLI's command dispatch: cmd/docker (HandleGlobalFlags, runDocker),
// spf13/cobra (Traverse, Find, execute, help command) and docker/cli's
// Args validators, FlagErrorFunc, help func and feature gating.
//
// 20.10: Debian's docker.io 20.10.24 (cobra 1.6.1, pflag 1.0.6~git20210604).
// 29:    docker/cli v29.7.2 (cobra 1.10.2, pflag 1.0.10), read from the source.

import { outside } from '../../outside.ts';
import { hasSubCommands, helpString, commandPath, useLine, usageString, type HelpContext } from './help.ts';
import { buildIndex, FlagSet, newStore, PflagError, type FlagIndex, type FlagStore } from './pflag.ts';
import { buildTree, CLIENT_VERSION, isValidLogLevel } from './specs/root.ts';
import type { CliOptions, CommandSpec, FeatureAnnotations, FlagSpec, LookupResult, ParsedArgs, UsageError, Version } from './types.ts';

/** What the CLI learns from the daemon (ping / info); it decides which flags and commands are shown. */
export interface DaemonInfo {
  apiVersion: string;
  /** "" when the daemon could not be reached. */
  osType: string;
  experimental: boolean;
  buildkit: boolean;
  /** v29: swarm node state ("inactive", "active"…) and whether it is a manager. */
  swarm?: { nodeState: string; controlAvailable: boolean };
}

/** The daemons the simulator stands for: a standard, non-experimental Linux engine of each version. */
export const STANDARD_DAEMON: Record<Version, DaemonInfo> = {
  '20.10': { apiVersion: '1.41', osType: 'linux', experimental: false, buildkit: false },
  '29': { apiVersion: '1.52', osType: 'linux', experimental: false, buildkit: true, swarm: { nodeState: 'inactive', controlAvailable: false } },
};

/** What a 20.10 client assumes when it cannot reach a daemon (used to compare with captures made without one). */
export const UNREACHABLE_DAEMON_20: DaemonInfo = { apiVersion: '1.41', osType: '', experimental: true, buildkit: false };

export interface EngineOptions extends CliOptions {
  daemon?: DaemonInfo;
}

// ---------------------------------------------------------------- tree cache

const trees = new Map<string, { tree: CommandSpec; version: Version }>();

/** The command tree of a version (built once per version and config dir). */
export function commandTree(version: Version, configDir = '/root/.docker'): CommandSpec {
  const key = version + '\0' + configDir;
  let t = trees.get(key);
  if (!t) {
    t = { tree: buildTree(version, configDir), version };
    texts?.fillTexts(t.tree, version);
    trees.set(key, t);
  }
  return t.tree;
}

// ---------------------------------------------------------------- help texts

/**
 * Most help texts (specs/texts.ts) are loaded when help is first printed: parsing
 * needs none of them. Until then an outcome that prints them (help, a usage) throws
 * HelpTextsNotLoaded from the synchronous functions below; withHelpTexts loads them
 * and parses again.
 */
let texts: typeof import('./specs/texts.ts') | undefined;

export class HelpTextsNotLoaded extends Error {
  constructor() {
    super('the docker help texts are not loaded yet: await loadHelpTexts() (or use withHelpTexts)');
    this.name = 'HelpTextsNotLoaded';
  }
}

/** Loads the help texts into every command tree (once). */
export async function loadHelpTexts(): Promise<void> {
  if (texts) return;
  const m = await outside(import('./specs/texts.ts'));
  if (texts) return;
  texts = m;
  for (const t of trees.values()) m.fillTexts(t.tree, t.version);
}

/**
 * Runs `parse` (parseCommandLine, renderHelp, …); when its outcome prints help texts
 * that are not loaded yet, loads them and runs it again (parsing has no side effects).
 * Synchronous when nothing had to be loaded.
 */
export function withHelpTexts<T>(parse: () => T): T | Promise<T> {
  try {
    return parse();
  } catch (e) {
    if (!(e instanceof HelpTextsNotLoaded)) throw e;
    return loadHelpTexts().then(parse);
  }
}

function needTexts(): void {
  if (!texts) throw new HelpTextsNotLoaded();
}

// ---------------------------------------------------------------- helpers

function versionLess(a: string, b: string): boolean {
  const pa = a.split('.').map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

class ExitError extends Error {
  readonly outcome: UsageError;
  constructor(outcome: UsageError) {
    super(outcome.stderr);
    this.outcome = outcome;
  }
}

function ancestors(c: CommandSpec): CommandSpec[] {
  const out: CommandSpec[] = [];
  for (let p: CommandSpec | undefined = c; p; p = p.parent) out.push(p);
  return out;
}

function findNext(c: CommandSpec, name: string): CommandSpec | undefined {
  return c.subcommands.find((s) => s.name === name || s.aliases.includes(name));
}

// ---------------------------------------------------------------- session

/** One CLI invocation: cobra's per-command flag sets and notice buffers live as long as it. */
class Session {
  readonly version: Version;
  readonly root: CommandSpec;
  readonly opts: EngineOptions;
  readonly daemon: DaemonInfo;
  stdout = '';
  stderr = '';
  private readonly sets = new Map<CommandSpec, FlagSet>();
  /** cobra flagErrorBuf per command (notices accumulate and are reprinted whole). */
  private readonly bufs = new Map<CommandSpec, string>();
  /** Stores of persistent flags, shared by every command that inherits them. */
  private readonly persistentStores = new Map<FlagSpec, FlagStore>();
  /** The args given to root.Execute (cobra passes them to the help func). */
  executeArgs: string[] = [];

  constructor(version: Version, opts: EngineOptions) {
    this.version = version;
    this.opts = opts;
    this.root = commandTree(version, opts.configDir);
    this.daemon = opts.daemon ?? STANDARD_DAEMON[version];
  }

  private persistentStore(f: FlagSpec): FlagStore {
    let s = this.persistentStores.get(f);
    if (!s) {
      s = newStore();
      this.persistentStores.set(f, s);
    }
    return s;
  }

  /** cobra (*Command).Flags() after mergePersistentFlags. */
  flagSet(c: CommandSpec): FlagSet {
    let set = this.sets.get(c);
    if (set) return set;
    const idx = flagIndex(c);
    set = new FlagSet(c.name, newStore(), idx.index);
    set.interspersed = c.interspersed;
    for (const f of idx.persistent) set.share(f, this.persistentStore(f));
    this.sets.set(c, set);
    return set;
  }

  /** cobra (*Command).ParseFlags: notices are printed (the whole buffer) only when parsing succeeds. */
  parseFlags(c: CommandSpec, args: string[]): void {
    const set = this.flagSet(c);
    set.output = '';
    const before = this.bufs.get(c) ?? '';
    try {
      set.parse(args);
    } finally {
      if (set.output) this.bufs.set(c, before + set.output);
    }
    const buf = this.bufs.get(c) ?? '';
    if (buf.length > before.length) this.stdout += buf;
  }

  // ------------------------------------------------------------ feature gating

  private hiddenByAnnotations(a: FeatureAnnotations): boolean {
    const d = this.daemon;
    if (this.version === '20.10') {
      if (a.buildkit && !d.buildkit) return true;
      if (a.noBuildkit && d.buildkit) return true;
      if (a.experimental && !d.experimental) return true;
      if (a.ostype !== undefined && a.ostype !== d.osType) return true;
      if (a.version && versionLess(d.apiVersion, a.version)) return true;
      return false;
    }
    if (a.experimental && !d.experimental) return true;
    if (a.ostype !== undefined && d.osType !== '' && a.ostype !== d.osType) return true;
    if (a.swarm !== undefined && d.swarm) {
      if (a.swarm === 'manager' && !d.swarm.controlAvailable) return true;
      if (a.swarm === 'active' && d.swarm.nodeState === 'inactive') return true;
    }
    if (a.version && versionLess(d.apiVersion, a.version)) return true;
    return false;
  }

  /** The flags of `c` as its help shows them (hideUnsupportedFeatures). */
  visibleFlags(c: CommandSpec, hide: boolean): FlagSpec[] {
    const set = this.flagSet(c);
    return [...set.formal.values()].map((f) => {
      if (f.hidden || !hide || !this.hiddenByAnnotations(f)) return f;
      return { ...f, hidden: true };
    });
  }

  helpContext(c: CommandSpec, hide: boolean): HelpContext {
    const set = this.flagSet(c);
    const values: Record<string, import('./types.ts').FlagValue> = {};
    const changed = new Set<string>();
    for (const f of set.formal.values()) {
      const key = f.dest ?? f.name;
      values[key] = set.value(f.name)!;
      if (set.changed(f.name)) changed.add(f.name);
    }
    return {
      width: this.opts.width,
      configDir: this.opts.configDir,
      flags: this.visibleFlags(c, hide),
      isVisible: (s) => !s.hidden && !s.deprecated && !(hide && this.hiddenByAnnotations(s)) && isAvailableCmd(s),
      state: { values, changed },
    };
  }

  /** docker isSupported: areSubcommandsSupported + areFlagsSupported. */
  isSupported(c: CommandSpec): string | undefined {
    const d = this.daemon;
    const path = commandPath(c);
    for (const cur of ancestors(c)) {
      if (cur.version && versionLess(d.apiVersion, cur.version)) {
        return `${path} requires API version ${cur.version}, but the Docker daemon API version is ${d.apiVersion}`;
      }
      if (cur.ostype !== undefined && (this.version === '20.10' || d.osType !== '') && cur.ostype !== d.osType) {
        return `${path} is only supported on a Docker daemon running on ${cur.ostype}, but the Docker daemon is running on ${d.osType}`;
      }
      if (cur.experimental && !d.experimental) {
        return `${path} is only supported on a Docker daemon with experimental features enabled`;
      }
    }
    const set = this.flagSet(c);
    const errs: string[] = [];
    for (const name of set.changedNames().sort()) {
      const f = set.formal.get(name)!;
      if (f.version && versionLess(d.apiVersion, f.version)) {
        errs.push(`"--${f.name}" requires API version ${f.version}, but the Docker daemon API version is ${d.apiVersion}`);
        continue;
      }
      if (f.ostype !== undefined && d.osType !== '' && f.ostype !== d.osType) {
        errs.push(`"--${f.name}" is only supported on a Docker daemon running on ${f.ostype}, but the Docker daemon is running on ${d.osType}`);
        continue;
      }
      if (f.experimental && !d.experimental) {
        errs.push(`"--${f.name}" is only supported on a Docker daemon with experimental features enabled`);
      }
    }
    return errs.length ? errs.join('\n') : undefined;
  }

  // ------------------------------------------------------------ outputs

  exit(stderr: string, exitCode: number): never {
    throw new ExitError({ stdout: this.stdout, stderr: this.stderr + stderr, exitCode });
  }

  /**
   * FlagErrorFunc (rc 125). `beforeExecute`: the error comes from HandleGlobalFlags,
   * before cobra's Execute added its default `completion` command to the root.
   */
  flagError(c: CommandSpec, err: string, beforeExecute = false): never {
    const unsupported = this.isSupported(c);
    if (unsupported) this.exit(unsupported + '\n', 1);
    const path = commandPath(c);
    if (this.version === '20.10') {
      let status = `${err}\nSee '${path} --help'.`;
      if (hasSubCommands(c)) {
        needTexts();
        const ctx = this.helpContext(c, true);
        if (beforeExecute) {
          const visible = ctx.isVisible;
          ctx.isVisible = (s) => visible(s) && !(s.name === 'completion' && s.parent === this.root);
        }
        status += '\n\n' + usageString(c, this.version, ctx);
      }
      this.exit(status + '\n', 125);
    }
    this.exit(`${err}\n\nUsage:  ${useLine(c)}\n\nRun '${path} --help' for more information\n`, 125);
  }

  /** docker's help func (setHelpFunc): `args` are the ones cobra passes (all Execute args, or none). */
  help(c: CommandSpec, args: string[], toStderr = false): void {
    const print = (s: string) => {
      if (toStderr) this.stderr += s;
      else this.stdout += s;
    };
    if (args.length >= 1) {
      // tryRunPluginHelp: root.Traverse(args) parses the intermediate flags once more.
      try {
        this.traverse(this.root, args);
      } catch (e) {
        if (e instanceof PflagError) {
          print(e.message + '\n');
          return;
        }
        throw e;
      }
    }
    const unsupported = this.isSupported(c);
    if (unsupported) {
      print(unsupported + '\n');
      return;
    }
    needTexts();
    print(helpString(c, this.version, this.helpContext(c, true)));
  }

  // ------------------------------------------------------------ cobra

  /** cobra (*Command).Traverse */
  traverse(c: CommandSpec, args: string[]): { cmd: CommandSpec; args: string[] } {
    const flags: string[] = [];
    let inFlag = false;
    const set = this.flagSet(c);
    const noOpt = (f: FlagSpec | undefined) => !!f && !!f.noOptDefVal;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      if (arg.startsWith('--') && !arg.includes('=')) {
        inFlag = !noOpt(set.lookup(arg.slice(2)));
        flags.push(arg);
        continue;
      }
      if (arg.startsWith('-') && !arg.includes('=') && arg.length === 2 && !noOpt(set.shorthands.get(arg.slice(1)))) {
        inFlag = true;
        flags.push(arg);
        continue;
      }
      if (inFlag) {
        inFlag = false;
        flags.push(arg);
        continue;
      }
      const isFlagArg =
        (arg.length >= 3 && (this.version === '29' ? arg.startsWith('--') : arg[1] === '-')) ||
        (arg.length >= 2 && arg[0] === '-' && arg[1] !== '-');
      if (isFlagArg) {
        flags.push(arg);
        continue;
      }
      const sub = findNext(c, arg);
      if (!sub) return { cmd: c, args };
      this.parseFlags(c, flags);
      return this.traverse(sub, args.slice(i + 1));
    }
    return { cmd: c, args };
  }

  /** cobra stripFlags */
  private stripFlags(args: string[], c: CommandSpec): string[] {
    const set = this.flagSet(c);
    const commands: string[] = [];
    let rest = args.slice();
    while (rest.length > 0) {
      const s = rest[0]!;
      rest = rest.slice(1);
      if (s === '--') break;
      const longNeedsValue = s.startsWith('--') && !s.includes('=') && !set.lookup(s.slice(2))?.noOptDefVal;
      const shortNeedsValue = s.startsWith('-') && !s.includes('=') && s.length === 2 && !set.shorthands.get(s.slice(1))?.noOptDefVal;
      if (longNeedsValue || shortNeedsValue) {
        if (rest.length <= 1) break;
        rest = rest.slice(1);
        continue;
      }
      if (s !== '' && !s.startsWith('-')) commands.push(s);
    }
    return commands;
  }

  /** cobra argsMinusFirstX (1.6.1: first occurrence; 1.10: skipping flag values). */
  private argsMinusFirstX(c: CommandSpec, args: string[], x: string): string[] {
    if (this.version === '20.10') {
      const i = args.indexOf(x);
      return i < 0 ? args : [...args.slice(0, i), ...args.slice(i + 1)];
    }
    const set = this.flagSet(c);
    for (let pos = 0; pos < args.length; pos++) {
      const s = args[pos]!;
      if (s === '--') break;
      const longNeedsValue = s.startsWith('--') && !s.includes('=') && !set.lookup(s.slice(2))?.noOptDefVal;
      const shortNeedsValue = s.startsWith('-') && !s.includes('=') && s.length === 2 && !set.shorthands.get(s.slice(1))?.noOptDefVal;
      if (longNeedsValue || shortNeedsValue) {
        pos++;
        continue;
      }
      if (!s.startsWith('-') && s === x) return [...args.slice(0, pos), ...args.slice(pos + 1)];
    }
    return args;
  }

  /** cobra (*Command).Find (used by `docker help`). Returns undefined on error. */
  find(args: string[]): { cmd: CommandSpec; args: string[]; err: boolean } {
    const inner = (c: CommandSpec, innerArgs: string[]): { cmd: CommandSpec; args: string[] } => {
      const woFlags = this.stripFlags(innerArgs, c);
      if (woFlags.length === 0) return { cmd: c, args: innerArgs };
      const next = woFlags[0]!;
      const sub = findNext(c, next);
      if (sub) return inner(sub, this.argsMinusFirstX(c, innerArgs, next));
      return { cmd: c, args: innerArgs };
    };
    const r = inner(this.root, args);
    // legacyArgs: only a root command with subcommands rejects arguments
    const err = r.cmd.args.kind === 'any' && !r.cmd.parent && hasSubCommands(r.cmd) && this.stripFlags(r.args, r.cmd).length > 0;
    return { ...r, err };
  }

  /** cobra Args validation (docker/cli cli/required.go, cobra.NoArgs). */
  validateArgs(c: CommandSpec, args: string[]): void {
    const a = c.args;
    const path = commandPath(c);
    const v20 = this.version === '20.10';
    const bin = 'docker';
    const plural = (n: number) => (n === 1 ? 'argument' : 'arguments');
    const usage = () => `Usage:  ${useLine(c)}`;
    // 20.10 prints the command's short text under its usage errors
    const short = (): string => {
      needTexts();
      return c.short;
    };
    const n = args.length;
    switch (a.kind) {
      case 'any':
        return;
      case 'cobraNone':
        if (n > 0) this.exit(`unknown command "${args[0]}" for "${path}"\n`, 1);
        return;
      case 'none':
        if (n === 0) return;
        if (hasSubCommands(c)) {
          if (v20) {
            needTexts();
            const ctx = this.helpContext(c, false);
            this.exit('\n' + usageString(c, this.version, ctx).replace(/\n+$/, '') + '\n', 1);
          }
          this.exit(`${bin}: unknown command: ${path} ${args[0]}\n\n${usage()}\n\nRun '${path} --help' for more information\n`, 1);
        }
        if (v20) this.exit(`"${path}" accepts no arguments.\nSee '${path} --help'.\n\n${usage()}\n\n${short()}\n`, 1);
        this.exit(`${bin}: '${path}' accepts no arguments\n\n${usage()}\n\nRun '${path} --help' for more information\n`, 1);
        return;
      case 'min':
        if (n >= a.n) return;
        if (v20) this.exit(`"${path}" requires at least ${a.n} ${plural(a.n)}.\nSee '${path} --help'.\n\n${usage()}\n\n${short()}\n`, 1);
        this.exit(`${bin}: '${path}' requires at least ${a.n} ${plural(a.n)}\n\n${usage()}\n\nSee '${path} --help' for more information\n`, 1);
        return;
      case 'max':
        if (n <= a.n) return;
        if (v20) this.exit(`"${path}" requires at most ${a.n} ${plural(a.n)}.\nSee '${path} --help'.\n\n${usage()}\n\n${short()}\n`, 1);
        this.exit(`${bin}: '${path}' requires at most ${a.n} ${plural(a.n)}\n\n${usage()}\n\nRun '${path} --help' for more information\n`, 1);
        return;
      case 'exact':
        if (n === a.n) return;
        if (v20) this.exit(`"${path}" requires exactly ${a.n} ${plural(a.n)}.\nSee '${path} --help'.\n\n${usage()}\n\n${short()}\n`, 1);
        this.exit(`${bin}: '${path}' requires ${a.n} ${plural(a.n)}\n\n${usage()}\n\nRun '${path} --help' for more information\n`, 1);
        return;
      case 'range':
        if (n >= a.min && n <= a.max) return;
        if (v20) {
          this.exit(
            `"${path}" requires at least ${a.min} and at most ${a.max} ${plural(a.max)}.\nSee '${path} --help'.\n\n${usage()}\n\n${short()}\n`,
            1,
          );
        }
        this.exit(
          `${bin}: '${path}' requires at least ${a.min} and at most ${a.max} ${plural(a.max)}\n\n${usage()}\n\nRun '${path} --help' for more information\n`,
          1,
        );
    }
  }

  // ------------------------------------------------------------ entry points

  /** HandleGlobalFlags + Initialize + Traverse. */
  lookup(argv: string[]): { cmd: CommandSpec; args: string[] } {
    const root = this.root;
    const rootSet = this.flagSet(root);
    // HandleGlobalFlags: a fresh non-interspersed FlagSet sharing root's flags (and values).
    const global = new FlagSet('docker', rootSet.own);
    global.interspersed = false;
    for (const f of rootSet.formal.values()) global.add(f, rootSet.storeOf(f));
    const checkLogLevel = () => {
      // Initialize → SetLogLevel exits at once on a bad level
      const level = String(global.value('log-level') ?? 'info');
      if (!isValidLogLevel(level)) this.exit(`Unable to parse logging level: ${level}\n`, 1);
    };
    try {
      global.parse(argv);
    } catch (e) {
      this.stderr += global.output; // pflag printed its notices straight to stderr
      if (e instanceof PflagError) {
        checkLogLevel();
        this.flagError(root, e.message, true);
      }
      throw e;
    }
    this.stderr += global.output;
    checkLogLevel();
    this.executeArgs = global.args;
    try {
      return this.traverse(root, global.args);
    } catch (e) {
      // An error while parsing the flags of an intermediate command is returned raw by ExecuteC.
      if (e instanceof PflagError) this.exit(e.message + '\n', 1);
      throw e;
    }
  }

  /** cobra (*Command).execute for the command found, up to its Run function. */
  execute(c: CommandSpec, args: string[]): ParsedArgs {
    if (c.stub && !hasSubCommands(c)) {
      // The simulator does not model this command's flags: hand the words over as they are.
      const unsupported = this.isSupported(c);
      if (unsupported) this.exit(unsupported + '\n', 1);
      const parsed: ParsedArgs = { flags: {}, args, changed: new Set() };
      if (this.stdout) parsed.stdout = this.stdout;
      if (this.stderr) parsed.stderr = this.stderr;
      return parsed;
    }
    try {
      this.parseFlags(c, args);
    } catch (e) {
      if (e instanceof PflagError) this.flagError(c, e.message);
      throw e;
    }
    const set = this.flagSet(c);
    if (set.value('help') === true) {
      this.help(c, this.executeArgs);
      this.exit('', 0);
    }
    if (!c.parent && set.value('version') === true) {
      this.stdout += `Docker version ${CLIENT_VERSION[this.version]}\n`;
      this.exit('', 0);
    }
    if (!c.runnable) {
      this.help(c, this.executeArgs);
      this.exit('', 0);
    }
    const positional = set.args;
    // setValidateArgs: docker checks isSupported before the Args validator
    const unsupported = this.isSupported(c);
    if (unsupported) this.exit(unsupported + '\n', 1);
    this.validateArgs(c, positional);
    // PersistentPreRunE (the root's: isSupported again; the help command has a no-op one)
    if (!c.parent) {
      if (positional.length === 0) {
        this.help(c, [], true);
        this.exit('', 0);
      }
      if (this.version === '20.10') this.exit(`docker: '${positional[0]}' is not a docker command.\nSee 'docker --help'\n`, 1);
      this.exit(`docker: unknown command: docker ${positional[0]}\n\nRun 'docker --help' for more information\n`, 1);
    }
    if (c.helpCommand) {
      const r = this.find(positional);
      if (r.err || r.args.length > 0) this.exit(`unknown help topic: ${r.args.join(' ')}\n`, 1);
      this.help(r.cmd, []);
      this.exit('', 0);
    }
    if (hasSubCommands(c)) {
      // management commands: RunE = ShowHelp(stderr)
      this.help(c, [], true);
      this.exit('', 0);
    }
    const parsed: ParsedArgs = { flags: outputFlags(c, set), args: positional, changed: new Set(set.changedNames().filter((n) => n !== 'help')) };
    if (this.stdout) parsed.stdout = this.stdout;
    if (this.stderr) parsed.stderr = this.stderr;
    return parsed;
  }
}

interface CommandIndex {
  index: FlagIndex;
  persistent: FlagSpec[];
  /** The default values as ParsedArgs.flags holds them (no help flag). */
  template: { keys: string[]; values: import('./types.ts').FlagValue[] };
}
const indexes = new WeakMap<CommandSpec, CommandIndex>();

/** ParsedArgs.flags: every flag of the command (defaults are frozen and shared; set values are fresh). */
function outputFlags(c: CommandSpec, set: FlagSet): ParsedArgs['flags'] {
  const idx = flagIndex(c);
  // a plain loop in a fixed key order: V8 reuses the object shape (a spread of ~100 keys is 4× slower)
  const out: ParsedArgs['flags'] = {};
  const { keys, values } = idx.template;
  for (let i = 0; i < keys.length; i++) out[keys[i]!] = values[i]!;
  const own = set.own.values;
  for (const k of Object.keys(own)) if (k !== 'help') out[k] = own[k]!;
  for (const f of idx.persistent) if (f.name !== 'help') out[f.dest ?? f.name] = set.value(f.name)!;
  return out;
}

/** The flag index of a command: its flags, then the persistent flags it inherits. */
function flagIndex(c: CommandSpec): CommandIndex {
  let idx = indexes.get(c);
  if (!idx) {
    const own = [...c.flags];
    const names = new Set(own.map((f) => f.name));
    const persistent: FlagSpec[] = [];
    for (const a of ancestors(c)) {
      for (const f of a.persistentFlags ?? []) {
        if (names.has(f.name)) continue;
        names.add(f.name);
        persistent.push(f);
      }
    }
    const index = buildIndex(own, persistent);
    const template: CommandIndex['template'] = { keys: [], values: [] };
    for (const [k, v] of Object.entries(index.defaults)) {
      if (k === 'help') continue;
      template.keys.push(k);
      template.values.push(v);
    }
    idx = { index, persistent, template };
    indexes.set(c, idx);
  }
  return idx;
}

function isAvailableCmd(c: CommandSpec): boolean {
  if (c.deprecated || c.hidden || c.helpCommand) return false;
  return c.runnable || c.subcommands.some(isAvailableCmd);
}

// ---------------------------------------------------------------- public API

const sessions = new WeakMap<LookupResult, Session>();

function catchExit<T>(fn: () => T): T | UsageError {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ExitError) {
      const o = e.outcome;
      return o.stdout ? o : { stderr: o.stderr, exitCode: o.exitCode };
    }
    throw e;
  }
}

/**
 * Global flags and the command path: `lookupCommand(['container', 'ls', '-a'])` →
 * `{spec: <container ls>, path: ['container', 'ls'], rest: ['-a'], globals}`.
 * argv is what follows the program name `docker`.
 */
export function lookupCommand(argv: readonly string[], version: Version, opts: EngineOptions = {}): LookupResult | UsageError {
  const s = new Session(version, opts);
  return catchExit(() => {
    const { cmd, args } = s.lookup(argv.slice());
    const rootSet = s.flagSet(s.root);
    const globals: ParsedArgs = {
      flags: outputFlags(s.root, rootSet),
      args: [],
      changed: new Set(rootSet.changedNames().filter((n) => n !== 'help')),
    };
    if (s.stdout) globals.stdout = s.stdout;
    if (s.stderr) globals.stderr = s.stderr;
    const result: LookupResult = { spec: cmd, path: cmd.path.slice(1), rest: args, globals };
    sessions.set(result, s);
    return result;
  });
}

/**
 * Parses a command's own arguments like cobra's execute does: flags, `-h/--help`,
 * argument-count validation, unsupported features, management commands and the
 * root's unknown-command error. Pass the LookupResult to keep the state of the
 * global parse (a `docker --help ps` asks for help; notices printed so far).
 */
export function parseFlags(
  spec: CommandSpec,
  argv: readonly string[],
  version: Version,
  opts: EngineOptions & { lookup?: LookupResult } = {},
): ParsedArgs | UsageError {
  const s = (opts.lookup && sessions.get(opts.lookup)) ?? new Session(version, opts);
  if (!opts.lookup) s.executeArgs = [...spec.path.slice(1), ...argv];
  const target = resolveSpec(s, spec);
  return catchExit(() => s.execute(target, argv.slice()));
}

/** The same command in the session's tree (specs are matched by path). */
function resolveSpec(s: Session, spec: CommandSpec): CommandSpec {
  let c = s.root;
  for (const name of spec.path.slice(1)) {
    const next = c.subcommands.find((x) => x.name === name);
    if (!next) return spec;
    c = next;
  }
  return c;
}

export interface ParsedCommand extends LookupResult {
  parsed: ParsedArgs;
}

/** lookupCommand + parseFlags: everything the CLI does before running the command. */
export function parseCommandLine(argv: readonly string[], version: Version, opts: EngineOptions = {}): ParsedCommand | UsageError {
  const found = lookupCommand(argv, version, opts);
  if ('exitCode' in found) return found;
  const parsed = parseFlags(found.spec, found.rest, version, { ...opts, lookup: found });
  if ('exitCode' in parsed) return parsed;
  return { ...found, parsed };
}

/**
 * `docker <path> --help` as printed on stdout: docker's help func, i.e. the
 * help template after hiding what the daemon does not support, or the
 * "… is only supported on …" message for a command the daemon lacks.
 */
export function renderHelp(spec: CommandSpec, version: Version, opts: EngineOptions = {}): string {
  const s = new Session(version, opts);
  s.help(resolveSpec(s, spec), []);
  return s.stdout;
}

/** Finds a spec by path below docker (["container", "ls"]); aliases accepted. */
export function getSpec(path: readonly string[], version: Version, opts: CliOptions = {}): CommandSpec | undefined {
  let c = commandTree(version, opts.configDir);
  for (const name of path) {
    const next = findNext(c, name);
    if (!next) return undefined;
    c = next;
  }
  return c;
}
