/**
 * ARG and --build-arg bookkeeping: moby's builder/dockerfile/buildargs.go. An ARG
 * declares a name (with an optional default); --build-arg values win over defaults;
 * meta ARGs (before FROM) serve FROM and later `ARG NAME` without a default; the
 * proxy variables are allowed without an ARG.
 */

export const BUILTIN_ARGS: ReadonlySet<string> = new Set([
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'FTP_PROXY',
  'ftp_proxy',
  'NO_PROXY',
  'no_proxy',
]);

/** name → value (undefined: declared without a value). */
type ArgMap = Map<string, string | undefined>;

export class BuildArgs {
  allowed: ArgMap = new Map();
  readonly meta: ArgMap = new Map();
  readonly referenced = new Set<string>();
  /** --build-arg K=V (K → V), --build-arg K with K unset in the client's environment (K → undefined). */
  readonly fromOptions: ReadonlyMap<string, string | undefined>;

  constructor(fromOptions: ReadonlyMap<string, string | undefined>) {
    this.fromOptions = fromOptions;
  }

  clone(): BuildArgs {
    const b = new BuildArgs(this.fromOptions);
    for (const [k, v] of this.allowed) b.allowed.set(k, v);
    for (const [k, v] of this.meta) b.meta.set(k, v);
    for (const k of this.referenced) b.referenced.add(k);
    return b;
  }

  mergeReferenced(other: BuildArgs): void {
    for (const k of other.referenced) this.referenced.add(k);
  }

  /** The build args no ARG consumed (sorted: Go prints them in map order, which is random). */
  unused(): string[] {
    return [...this.fromOptions.keys()].filter((k) => !this.referenced.has(k) && !BUILTIN_ARGS.has(k)).sort();
  }

  resetAllowed(): void {
    this.allowed = new Map();
  }

  addMetaArg(key: string, value: string | undefined): void {
    this.meta.set(key, value);
  }

  addArg(key: string, value: string | undefined): void {
    this.allowed.set(key, value);
    this.referenced.add(key);
  }

  isReferencedOrNotBuiltin(key: string): boolean {
    return this.allowed.has(key) || !BUILTIN_ARGS.has(key);
  }

  /** Every allowed ARG (and builtin) that has a value. */
  allAllowed(): Map<string, string> {
    return this.#fromMapping(this.allowed);
  }

  allMeta(): Map<string, string> {
    return this.#fromMapping(this.meta);
  }

  #fromMapping(source: ArgMap): Map<string, string> {
    const out = new Map<string, string>();
    for (const key of [...source.keys(), ...BUILTIN_ARGS]) {
      const v = this.#get(key, source);
      if (v !== undefined) out.set(key, v);
    }
    return out;
  }

  #get(key: string, mapping: ArgMap): string | undefined {
    const fromOption = this.fromOptions.get(key);
    if (fromOption !== undefined) return fromOption;
    const def = mapping.get(key);
    // no default (or a builtin never declared): the meta ARG's value, if any
    return def === undefined ? this.meta.get(key) : def;
  }

  /** FilterAllowed: `K=V` for each allowed ARG with a value that the config's env does not set. */
  filterAllowed(env: readonly string[] | null): string[] {
    const set = new Set((env ?? []).map((e) => (e.includes('=') ? e.slice(0, e.indexOf('=')) : e)));
    const out: string[] = [];
    for (const [k, v] of this.allAllowed()) if (!set.has(k)) out.push(`${k}=${v}`);
    return out;
  }
}
