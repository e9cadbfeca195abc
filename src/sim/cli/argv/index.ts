// The docker command line of the simulator: argv → command spec, flags and
// arguments, with the real CLI's help texts and usage errors (20.10 and 29).
//
//   const r = parseCommandLine(['run', '-dit', '--name', 'web', 'busybox', 'sh'], '29');
//   if ('exitCode' in r) { print r.stdout / r.stderr; exit r.exitCode }
//   else r.path (["run"]), r.parsed.flags.detach (true), r.parsed.args (["busybox", "sh"])
//
// Most help texts are loaded on first use: an outcome that prints them throws
// HelpTextsNotLoaded until loadHelpTexts() is done; withHelpTexts(() => parseCommandLine(…))
// loads them when needed.

export type {
  ArgsSpec,
  CliOptions,
  CommandSpec,
  FeatureAnnotations,
  FlagKind,
  FlagSpec,
  FlagValue,
  LookupResult,
  ParsedArgs,
  UsageError,
  Version,
} from './types.ts';
export { isUsageError } from './types.ts';
export {
  commandTree,
  getSpec,
  HelpTextsNotLoaded,
  loadHelpTexts,
  lookupCommand,
  parseCommandLine,
  parseFlags,
  renderHelp,
  STANDARD_DAEMON,
  UNREACHABLE_DAEMON_20,
  withHelpTexts,
  type DaemonInfo,
  type EngineOptions,
  type ParsedCommand,
} from './cobra.ts';
export { CLIENT_VERSION } from './specs/root.ts';
