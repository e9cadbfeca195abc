// A port of spf13/pflag's FlagSet parsing (the parts docker uses): long and
// short flags, `--name=value`, `--name value`, `-n value`, `-nvalue`, `-n=value`,
// combined booleans (`-dit`), optional values (NoOptDefVal), `--` and
// SetInterspersed(false), deprecation notices, and pflag's error texts.
//
// Reference: pflag flag.go (Debian's 1.0.6~git20210604 for 20.10, v1.0.10 for 29);
// the parsing code and the messages are the same in both.

import { goQuote, goQuoteRune } from './golang.ts';
import type { FlagSpec, FlagValue } from './types.ts';
import { setValue } from './values.ts';

export class PflagError extends Error {}

/** Where a flag's value lives; flags shared between commands (persistent flags) share a store. */
export interface FlagStore {
  values: Record<string, FlagValue>;
  changed: Set<string>;
}

export function newStore(): FlagStore {
  return { values: {}, changed: new Set() };
}

/**
 * The flags of a command, indexed once and shared by the FlagSets built from it
 * (parsing one command line must not rebuild a hundred `docker run` flags).
 */
export interface FlagIndex {
  formal: Map<string, FlagSpec>;
  shorthands: Map<string, FlagSpec>;
  /** Default values of the flags that live in the set's own store. */
  defaults: Record<string, FlagValue>;
}

export function buildIndex(own: readonly FlagSpec[], persistent: readonly FlagSpec[] = []): FlagIndex {
  const formal = new Map<string, FlagSpec>();
  const shorthands = new Map<string, FlagSpec>();
  const defaults: Record<string, FlagValue> = {};
  const add = (f: FlagSpec, isOwn: boolean) => {
    if (formal.has(f.name)) return;
    formal.set(f.name, f);
    if (f.short && !shorthands.has(f.short)) shorthands.set(f.short, f);
    const key = f.dest ?? f.name;
    if (isOwn && !(key in defaults)) defaults[key] = f.def;
  };
  for (const f of own) add(f, true);
  for (const f of persistent) add(f, false);
  for (const k in defaults) {
    const v = defaults[k];
    if (Array.isArray(v)) Object.freeze(v);
  }
  return { formal, shorthands, defaults };
}

export class FlagSet {
  readonly name: string;
  readonly formal: Map<string, FlagSpec>;
  readonly shorthands: Map<string, FlagSpec>;
  /** Stores of the flags not kept in `own` (persistent flags shared with other commands). */
  private readonly stores = new Map<string, FlagStore>();
  /** The store of the flags added without an explicit one. */
  readonly own: FlagStore;
  interspersed = true;
  /** pflag writes deprecation notices to its output (cobra: the command's flagErrorBuf). */
  output = '';
  args: string[] = [];
  argsLenAtDash = -1;

  constructor(name: string, own: FlagStore = newStore(), index?: FlagIndex) {
    this.name = name;
    this.own = own;
    if (index) {
      // the defaults are inherited (frozen, shared); Set stores own properties, and new arrays
      this.formal = index.formal;
      this.shorthands = index.shorthands;
      if (Object.keys(own.values).length === 0) own.values = Object.create(index.defaults) as Record<string, FlagValue>;
    } else {
      this.formal = new Map();
      this.shorthands = new Map();
    }
  }

  /** Adds a flag (AddFlag); a flag with the same name already present is kept (AddFlagSet semantics). */
  add(flag: FlagSpec, store: FlagStore = this.own): void {
    if (this.formal.has(flag.name)) return;
    this.formal.set(flag.name, flag);
    if (store !== this.own) this.stores.set(flag.name, store);
    const key = flag.dest ?? flag.name;
    if (!(key in store.values)) store.values[key] = flag.def;
    if (flag.short && !this.shorthands.has(flag.short)) this.shorthands.set(flag.short, flag);
  }

  /** Places an indexed flag's value in another store (a persistent flag shared across commands). */
  share(flag: FlagSpec, store: FlagStore): void {
    this.stores.set(flag.name, store);
    const key = flag.dest ?? flag.name;
    if (!(key in store.values)) store.values[key] = flag.def;
  }

  lookup(name: string): FlagSpec | undefined {
    return this.formal.get(name);
  }

  storeOf(flag: FlagSpec): FlagStore {
    return this.stores.get(flag.name) ?? this.own;
  }

  value(name: string): FlagValue | undefined {
    const flag = this.formal.get(name);
    if (!flag) return undefined;
    return this.storeOf(flag).values[flag.dest ?? flag.name];
  }

  changed(name: string): boolean {
    const flag = this.formal.get(name);
    return !!flag && this.storeOf(flag).changed.has(name);
  }

  /** Names of the flags set so far. */
  changedNames(): string[] {
    const out = [...this.own.changed];
    for (const [name, store] of this.stores) if (store.changed.has(name)) out.push(name);
    return out;
  }

  /** FlagSet.Set */
  set(flag: FlagSpec, value: string): void {
    const store = this.storeOf(flag);
    try {
      setValue(flag, store.values, value, store.changed.has(flag.name));
    } catch (e) {
      if (!(e instanceof Error)) throw e;
      const flagName = flag.short && !flag.shorthandDeprecated ? `-${flag.short}, --${flag.name}` : `--${flag.name}`;
      throw new PflagError(`invalid argument ${goQuote(value)} for ${goQuote(flagName)} flag: ${e.message}`);
    }
    store.changed.add(flag.name);
    if (flag.deprecated) this.output += `Flag --${flag.name} has been deprecated, ${flag.deprecated}\n`;
  }

  private parseLongArg(s: string, args: string[]): string[] {
    let a = args;
    let name = s.slice(2);
    if (name.length === 0 || name[0] === '-' || name[0] === '=') {
      throw new PflagError(`bad flag syntax: ${s}`);
    }
    const eq = name.indexOf('=');
    const hasValue = eq >= 0;
    const inline = hasValue ? name.slice(eq + 1) : '';
    if (hasValue) name = name.slice(0, eq);
    const flag = this.formal.get(name);
    if (!flag) {
      // pflag returns ErrHelp for an undefined "help"; cobra always defines it.
      throw new PflagError(`unknown flag: --${name}`);
    }
    let value: string;
    if (hasValue) value = inline;
    else if (flag.noOptDefVal !== undefined && flag.noOptDefVal !== '') value = flag.noOptDefVal;
    else if (a.length > 0) {
      value = a[0]!;
      a = a.slice(1);
    } else {
      throw new PflagError(`flag needs an argument: ${s}`);
    }
    this.set(flag, value);
    return a;
  }

  private parseSingleShortArg(shorthands: string, args: string[]): { shorts: string; args: string[] } {
    let outArgs = args;
    let outShorts = shorthands.slice(1);
    const c = shorthands[0]!;
    const flag = this.shorthands.get(c);
    if (!flag) {
      throw new PflagError(`unknown shorthand flag: ${goQuoteRune(c)} in -${shorthands}`);
    }
    let value: string;
    if (shorthands.length > 2 && shorthands[1] === '=') {
      value = shorthands.slice(2);
      outShorts = '';
    } else if (flag.noOptDefVal !== undefined && flag.noOptDefVal !== '') {
      value = flag.noOptDefVal;
    } else if (shorthands.length > 1) {
      value = shorthands.slice(1);
      outShorts = '';
    } else if (args.length > 0) {
      value = args[0]!;
      outArgs = args.slice(1);
    } else {
      throw new PflagError(`flag needs an argument: ${goQuoteRune(c)} in -${shorthands}`);
    }
    if (flag.shorthandDeprecated) {
      this.output += `Flag shorthand -${flag.short} has been deprecated, ${flag.shorthandDeprecated}\n`;
    }
    this.set(flag, value);
    return { shorts: outShorts, args: outArgs };
  }

  private parseShortArg(s: string, args: string[]): string[] {
    let a = args;
    let shorthands = s.slice(1);
    while (shorthands.length > 0) {
      // pflag passes the original `args` each time (only the last letter can take a value anyway).
      const r = this.parseSingleShortArg(shorthands, args);
      shorthands = r.shorts;
      a = r.args;
    }
    return a;
  }

  /** FlagSet.Parse. Throws PflagError with pflag's message. */
  parse(argv: readonly string[]): void {
    this.args = [];
    let args = argv.slice();
    while (args.length > 0) {
      const s = args[0]!;
      args = args.slice(1);
      if (s.length === 0 || s[0] !== '-' || s.length === 1) {
        if (!this.interspersed) {
          this.args.push(s, ...args);
          return;
        }
        this.args.push(s);
        continue;
      }
      if (s[1] === '-') {
        if (s.length === 2) {
          this.argsLenAtDash = this.args.length;
          this.args.push(...args);
          break;
        }
        args = this.parseLongArg(s, args);
      } else {
        args = this.parseShortArg(s, args);
      }
    }
  }
}
