// Types of the docker command-line layer (argv → command, flags, arguments).
//
// The model follows the real CLI: docker/cli builds a cobra command tree whose
// flags are parsed by spf13/pflag. Both versions are described by the same
// types; a spec tree is built per version (see specs/).

/** The docker CLI versions the simulator reproduces. */
export type Version = '20.10' | '29';

/** A parsed flag value. Lists (list, filter, stringArray…) are string[]; numbers are JS numbers. */
export type FlagValue = string | boolean | number | string[];

/**
 * How a flag's value is parsed and stored. The names follow the Go types:
 *  - bool: pflag bool (`--x`, `--x=false`, combinable in `-abc`)
 *  - string: pflag string
 *  - int / int64 / uint16 / uint64: strconv.Parse{Int,Uint}(s, 0, bits); stored as number
 *  - duration: time.ParseDuration; stored as nanoseconds (number)
 *  - ip: pflag net.IP (v29 `--ip`); stored as the canonical string ('' if unset)
 *  - stringSlice: comma-separated (CSV) values, appended; stored as string[]
 *  - stringArray / list: one value per occurrence, appended; stored as string[]
 *    (list = docker's opts.ListOpts, optionally with a validator)
 *  - map: docker MapOpts (`k=v`, later keys win); stored as string[] of the raw `k=v`
 *  - filter: docker FilterOpt (`name=value`); stored as string[] of raw values
 *  - bytes: docker MemBytes / MemSwapBytes (`512m`, `1g`, `-1` for swap); stored as number of bytes
 *  - decimal: docker NanoCPUs (`1.5`); stored as number of nano CPUs
 *  - ulimit, gpus, mount, network, weightdevice, throttledevice: docker opts parsed and
 *    validated like the CLI does; stored as string[] of the raw values
 */
export type FlagKind =
  | 'bool'
  | 'string'
  | 'int'
  | 'int64'
  | 'uint16'
  | 'uint64'
  | 'duration'
  | 'ip'
  | 'stringSlice'
  | 'stringArray'
  | 'list'
  | 'map'
  | 'filter'
  | 'bytes'
  | 'decimal'
  | 'ulimit'
  | 'gpus'
  | 'mount'
  | 'network'
  | 'weightdevice'
  | 'throttledevice';

/** Feature gates that decide whether a flag or command is shown/usable (docker/cli hideUnsupportedFeatures). */
export interface FeatureAnnotations {
  /** Minimum daemon API version ("1.25"). */
  version?: string;
  /** Only on a daemon of this OS ("linux" | "windows"). */
  ostype?: string;
  /** Needs an experimental daemon. */
  experimental?: boolean;
  /** BuildKit-only / classic-builder-only (20.10 build). */
  buildkit?: boolean;
  noBuildkit?: boolean;
  /** v29: swarm role needed ("manager", "active" or "" = any). */
  swarm?: string;
}

export interface FlagSpec extends FeatureAnnotations {
  /** Long name, e.g. "detach". Flag values are keyed by it (or by `dest`). */
  name: string;
  /** One-letter shorthand, e.g. "d". */
  short?: string;
  kind: FlagKind;
  /** Usage text as defined in the Go source (may contain newlines). */
  usage: string;
  /** Parsed default value (what `flags[name]` holds when the flag is not given). */
  def: FlagValue;
  /** pflag's DefValue string, printed as `(default …)` in help when it is not a zero value. */
  defValue: string;
  /** Value used when the flag is given without one (bool: "true"). */
  noOptDefVal?: string;
  hidden?: boolean;
  /** pflag MarkDeprecated message; a deprecated flag is hidden and prints a notice when used. */
  deprecated?: string;
  /** pflag MarkShorthandDeprecated message. */
  shorthandDeprecated?: string;
  /** Several flags can share one variable (`--net`/`--network`); the value is stored under `dest`. */
  dest?: string;
  /** Validator: returns the value to store, or throws an Error whose message is the CLI's. */
  validate?: (value: string) => string;
  /** pflag Value.Type() when it differs from the kind's (e.g. "string" for docker's QuotedString). */
  typeName?: string;
  /** Error message when the flag is given twice (v29 `-H`: "specify only one -H"). */
  once?: string;
  /** The Go value is a docker/cli type, not one of pflag's (matters for pflag's "(default …)" rule). */
  custom?: boolean;
}

/** cobra Args validators from docker/cli cli/required.go. */
export type ArgsSpec =
  | { kind: 'any' }
  | { kind: 'none' }
  | { kind: 'min'; n: number }
  | { kind: 'max'; n: number }
  | { kind: 'exact'; n: number }
  | { kind: 'range'; min: number; max: number }
  /** cobra.NoArgs (not docker's): `unknown command "x" for "docker completion"`. */
  | { kind: 'cobraNone' };

export interface CommandSpec extends FeatureAnnotations {
  /** Command name (first word of `use`). */
  name: string;
  /** cobra `Use`, e.g. "run [OPTIONS] IMAGE [COMMAND] [ARG...]". */
  use: string;
  aliases: string[];
  short: string;
  long?: string;
  example?: string;
  /** Full command path from the root, e.g. ["docker", "container", "ls"]. */
  path: string[];
  args: ArgsSpec;
  /** Local flags (the root's global flags included for the root). */
  flags: FlagSpec[];
  /** Persistent flags: also accepted by every subcommand (the root's `-h/--help`). */
  persistentFlags?: FlagSpec[];
  /** false = stop at the first positional argument (pflag SetInterspersed(false)). */
  interspersed: boolean;
  subcommands: CommandSpec[];
  /** Whether the command has a Run function (management commands do: they show help). */
  runnable: boolean;
  hidden?: boolean;
  /** cobra `Deprecated`. */
  deprecated?: string;
  /** v29 annotations. */
  categoryTop?: string;
  aliasesAnnotation?: string;
  experimentalCLI?: boolean;
  /** cobra's help command (`docker help …`). */
  helpCommand?: boolean;
  /** The command only exists in the tree (for help listings); the simulator does not implement its flags. */
  stub?: boolean;
  /** Set while building the tree. */
  parent?: CommandSpec;
}

export interface ParsedArgs {
  /** Every flag of the command keyed by long name (or `dest`), defaults included. */
  flags: Record<string, FlagValue>;
  /** Positional arguments. */
  args: string[];
  /** Long names of the flags given on the command line. */
  changed: Set<string>;
  /** Notices the CLI prints before running (e.g. "Flag --time has been deprecated, …"). */
  stdout?: string;
  stderr?: string;
}

/**
 * An outcome that ends the CLI before the command runs: a usage error, but also
 * a help text (`--help`: stdout, exit 0; `docker container`: stderr, exit 0).
 */
export interface UsageError {
  stderr: string;
  stdout?: string;
  exitCode: number;
}

export interface LookupResult {
  spec: CommandSpec;
  /** Command path below "docker", e.g. ["container", "ls"]. */
  path: string[];
  /** The arguments left for the command's own flag parsing. */
  rest: string[];
  /** Global (root) flags parsed before the command name. */
  globals: ParsedArgs;
}

export interface CliOptions {
  /** Terminal width for help wrapping (docker uses 80 when stdin is not a terminal). */
  width?: number;
  /** The user's docker config directory, shown in the root help (default "/root/.docker"). */
  configDir?: string;
}

export function isUsageError(x: unknown): x is UsageError {
  return typeof x === 'object' && x !== null && 'exitCode' in x && 'stderr' in x && !('flags' in x);
}
