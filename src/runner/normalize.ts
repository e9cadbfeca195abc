/**
 * Normalisation of transcripts so that runs on different engines (the real
 * Docker 20.10 engine, the simulator) can be compared. Pure: no I/O, no clock.
 *
 * Rules (applied to stdout, stderr and the container snapshots; `command` is
 * kept as written):
 *  1. Host artefact lines are dropped from stderr:
 *       `WARNING: IPv4 forwarding is disabled. Networking will not work.`
 *       `time="…" level=error msg="error waiting for container: context canceled"`
 *     (the second is a race in the 20.10 CLI after a failed `docker run`);
 *     and from stdout and stderr the same warning as the classic builder prints it
 *     for each container it creates (`docker build`; stderr with -q after a failure):
 *       ` ---> [Warning] IPv4 forwarding is disabled. Networking will not work.`
 *  2. IDs: every 64-hex ID becomes `<ID1>`, `<ID2>`… numbered by first
 *     appearance across the whole transcript (stdout, stderr, then snapshots,
 *     step by step); a 12-hex short ID becomes `<IDn:12>` with the number of the
 *     ID it abbreviates (a short ID seen before its full ID gets its number
 *     then). A leading `sha256:` is kept. 12-hex words made only of digits are
 *     IDs only when the 64-hex ID they start appears somewhere in the transcript.
 *  3. Generated names: names in the snapshots that no command typed (words of
 *     the commands, `--name X`, `--name=X`) become `<NAME1>`… by first appearance.
 *  4. Times: RFC 3339 times (`2024-01-02T15:04:05.123456789Z`, offsets too) and
 *     Go `time.String()` times (`2024-01-02 15:04:05 +0000 UTC`) become `<TIME>`,
 *     except the zero time `0001-01-01T00:00:00Z`, which is kept.
 *  5. Docker's HumanDuration wordings (`Less than a second`, `1 second`,
 *     `N seconds`, `About a minute`, `N minutes`, `About an hour`, `N hours`,
 *     `N days`, `N weeks`, `N months`, `N years`) become `<DURATION>`; a
 *     following ` ago` is kept. Rules 4 and 5 are skipped for `--help` steps.
 *  6. PIDs: the PID and PPID columns of `docker top` become `<PID>`, its C
 *     (CPU %) column `<C>` and its STIME column `<STIME>`; a non-zero
 *     `"Pid": N` in JSON and the output of `inspect -f '{{.State.Pid}}'`
 *     become `<PID>`; a snapshot's pid becomes 1
 *     when non-zero (0 stays 0: "has a process" is what is compared).
 *  7. The host's DNS server in Go resolver errors (`lookup registry-1.docker.io
 *     on 10.0.0.53:53: no such host`) becomes `<DNS>:53`.
 *  8. Engine paths: the recorder's scratch data root (`/tmp/tmp.XXXX/root`) and
 *     `/var/lib/docker` become `<DATAROOT>`; its exec root and `/var/run/docker`
 *     `<EXECROOT>`; any other `/tmp/tmp.XXXX` `<SCRATCH>`.
 *  9. Tables (stdout whose first line is an all-caps header with column gaps,
 *     as from ps, images, top): every run of 3 or more spaces becomes one TAB
 *     and trailing blanks are cut, so column widths, which depend on the
 *     placeholders above, do not matter. Can be turned off.
 */
import type { ContainerSnapshot, TranscriptStep } from './transcript.ts';
import { split } from './shellwords.ts';

export type NormalizableStep = TranscriptStep & { containers?: ContainerSnapshot[] };

export type NormalizeOptions = {
  /** Rule 9 (default true). */
  collapseTables?: boolean;
};

const IPV4_WARNING = 'WARNING: IPv4 forwarding is disabled. Networking will not work.';
const WAIT_RACE = /^time="[^"]*" level=error msg="error waiting for container: context canceled"$/;
const BUILD_IPV4_WARNING = ' ---> [Warning] IPv4 forwarding is disabled. Networking will not work.';

const ID_RE = /(?<![0-9A-Za-z])(?:[0-9a-f]{64}|[0-9a-f]{12})(?![0-9A-Za-z])/g;
/** The short IDs of `docker build`'s output: containers of the steps, the images they make. */
const BUILD_ID_RE = /(?:^ ---> |^ ---> Running in |Removing intermediate container |^Successfully built )([0-9a-f]{12})$/gm;
const RFC3339_RE = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;
const GO_TIME_RE = /\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)? [+-]\d{4} [A-Z]{2,5}\b/g;
const ZERO_TIME = '0001-01-01T00:00:00Z';
const DURATION_RE =
  /(?<![A-Za-z0-9])(?:Less than a second|About a minute|About an hour|\d+ (?:second|minute|hour|day|week|month|year)s?)(?![A-Za-z0-9])/g;
const DATAROOT_RE = /\/tmp\/tmp\.[A-Za-z0-9]+\/root(?![A-Za-z0-9])|\/var\/lib\/docker(?![A-Za-z0-9])/g;
const EXECROOT_RE = /\/tmp\/tmp\.[A-Za-z0-9]+\/exec(?![A-Za-z0-9])|\/var\/run\/docker(?![A-Za-z0-9])/g;
const SCRATCH_RE = /\/tmp\/tmp\.[A-Za-z0-9]+/g;
const JSON_PID_RE = /("Pid":\s*)([1-9]\d*)/g;
const DNS_RE = /(lookup \S+ on )[0-9a-fA-F.:[\]]+:53(?=:)/g;

/** Words of a command, without a leading `timeout N` and `docker`. */
export function dockerArgs(command: string): string[] {
  let words: string[];
  try {
    words = split(command);
  } catch {
    return [];
  }
  if (words[0] === 'timeout') words = words.slice(2);
  if (words[0] === 'docker') words = words.slice(1);
  return words;
}

/** The verb of a docker command, with `docker container <verb>` folded into `<verb>`. */
function verbOf(args: string[]): { verb: string; rest: string[] } {
  let i = 0;
  // skip global flags such as -H / --host X / -D
  while (i < args.length && args[i]!.startsWith('-')) {
    if ((args[i] === '-H' || args[i] === '--host' || args[i] === '-c' || args[i] === '--context') && i + 1 < args.length) i++;
    i++;
  }
  let verb = args[i] ?? '';
  let rest = args.slice(i + 1);
  const sub = rest[0];
  if (verb === 'container' && sub !== undefined) {
    verb = sub;
    rest = rest.slice(1);
  }
  return { verb, rest };
}

function formatFlag(args: string[]): string | undefined {
  for (const [i, a] of args.entries()) {
    if ((a === '-f' || a === '--format') && i + 1 < args.length) return args[i + 1];
    if (a.startsWith('--format=')) return a.slice('--format='.length);
    if (a.startsWith('-f') && a.length > 2 && !a.startsWith('--')) return a.slice(2);
  }
  return undefined;
}

function dropArtefactLines(stderr: string): string {
  if (stderr === '') return stderr;
  const lines = stderr.split('\n');
  const last = lines.length - 1;
  const kept = lines.filter((l, i) => {
    if (i === last && l === '') return true;
    const t = l.replace(/\r$/, '');
    return !(t === IPV4_WARNING || t === BUILD_IPV4_WARNING || WAIT_RACE.test(t));
  });
  return kept.join('\n');
}

function dropBuildWarnings(stdout: string): string {
  if (!stdout.includes(BUILD_IPV4_WARNING)) return stdout;
  return stdout
    .split('\n')
    .filter((l) => l !== BUILD_IPV4_WARNING)
    .join('\n');
}

function isTableHeader(line: string): boolean {
  return /^[A-Z][A-Z ]*[A-Z]$/.test(line) && / {3,}/.test(line);
}

function collapseTable(text: string): string {
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  if (!isTableHeader(first.trimEnd())) return text;
  return text
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, '').replace(/ {3,}/g, '\t'))
    .join('\n');
}

function normalizeTop(stdout: string): string {
  const lines = stdout.split('\n');
  if (!/^UID\s+PID\s+PPID\s+C\s+STIME\s+TTY\s+TIME\s+CMD\s*$/.test(lines[0] ?? '')) return stdout;
  return lines
    .map((l, i) => {
      if (i === 0) return l;
      return l.replace(/^(\S+\s+)(\d+)(\s+)(\d+)(\s+)(\d+)(\s+)(\S+)/, '$1<PID>$3<PID>$5<C>$7<STIME>');
    })
    .join('\n');
}

function nameRegex(names: string[]): RegExp | null {
  if (names.length === 0) return null;
  const esc = [...names].sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![A-Za-z0-9_.-])(?:${esc.join('|')})(?![A-Za-z0-9_-])(?!\\.[A-Za-z0-9])`, 'g');
}

/**
 * A 64-hex word is always an ID. A 12-hex word counts only with a letter in it (an
 * all-digit one is more likely a number), unless its 64-hex form was seen: an ID whose
 * short form happens to be all digits (about 1 in 280) is still an ID.
 */
function isShortIdLike(s: string, known?: ReadonlyMap<string, number>): boolean {
  return s.length === 64 || /[a-f]/.test(s.slice(0, 12)) || (known?.has(s.slice(0, 12)) ?? false);
}

/** Normalises a whole transcript (see the rules at the top of this file). */
export function normalizeTranscript<T extends NormalizableStep>(steps: readonly T[], options: NormalizeOptions = {}): T[] {
  const collapse = options.collapseTables ?? true;
  const parsed = steps.map((s) => dockerArgs(s.command));

  // Names typed by the user: every word of every command, plus --name=X values.
  const typed = new Set<string>();
  for (const args of parsed) {
    for (const w of args) {
      typed.add(w);
      if (w.startsWith('--name=')) typed.add(w.slice('--name='.length));
    }
  }
  const generated = new Set<string>();
  for (const s of steps) {
    for (const c of s.containers ?? []) {
      if (!typed.has(c.name) && !/^[0-9a-f]{12}$/.test(c.name)) generated.add(c.name);
    }
  }
  const genRe = nameRegex([...generated]);

  // Pass 1: number IDs and generated names by first appearance.
  const ids = new Map<string, number>(); // keyed by the 12-char prefix
  const names = new Map<string, number>();
  // Every full ID anywhere: an all-digit short ID of one of them is numbered where it first appears.
  const full = new Map<string, number>();
  const collect = (text: string) => {
    for (const m of text.matchAll(ID_RE)) if (m[0].length === 64) full.set(m[0].slice(0, 12), 0);
    // where a build prints only short IDs, they are IDs whatever their digits
    for (const m of text.matchAll(BUILD_ID_RE)) full.set(m[1]!, 0);
  };
  for (const s of steps) {
    collect(s.stdout);
    collect(s.stderr);
    for (const c of s.containers ?? []) {
      collect(c.id);
      collect(c.image);
    }
  }
  const see = (text: string) => {
    for (const m of text.matchAll(ID_RE)) {
      if (!isShortIdLike(m[0], full)) continue;
      const key = m[0].slice(0, 12);
      if (!ids.has(key)) ids.set(key, ids.size + 1);
    }
    if (genRe) {
      for (const m of text.matchAll(genRe)) {
        if (!names.has(m[0])) names.set(m[0], names.size + 1);
      }
    }
  };
  for (const s of steps) {
    see(s.stdout);
    see(s.stderr);
    for (const c of s.containers ?? []) {
      see(c.id);
      see(c.name);
      see(c.image);
      see(c.error);
    }
  }

  const replaceIdsAndNames = (text: string): string => {
    let out = text.replace(ID_RE, (m) => {
      if (!isShortIdLike(m, ids)) return m;
      const n = ids.get(m.slice(0, 12));
      if (n === undefined) return m;
      return m.length === 64 ? `<ID${n}>` : `<ID${n}:12>`;
    });
    if (genRe) out = out.replace(genRe, (m) => `<NAME${names.get(m) ?? '?'}>`);
    return out;
  };

  const replaceText = (text: string, help: boolean): string => {
    let out = replaceIdsAndNames(text);
    out = out.replace(DATAROOT_RE, '<DATAROOT>').replace(EXECROOT_RE, '<EXECROOT>').replace(SCRATCH_RE, '<SCRATCH>');
    if (!help) {
      out = out
        .replace(RFC3339_RE, (m) => (m === ZERO_TIME ? m : '<TIME>'))
        .replace(GO_TIME_RE, '<TIME>')
        .replace(DURATION_RE, '<DURATION>');
    }
    out = out.replace(JSON_PID_RE, '$1<PID>').replace(DNS_RE, '$1<DNS>:53');
    return out;
  };

  return steps.map((s, i) => {
    const args = parsed[i]!; // parsed = steps.map(...): same length
    const { verb, rest } = verbOf(args);
    const help = args.includes('--help') || verb === 'help';
    let stdout = dropBuildWarnings(s.stdout);
    let stderr = dropArtefactLines(s.stderr);
    if (verb === 'top') stdout = normalizeTop(stdout);
    if (verb === 'inspect') {
      const fmt = formatFlag(rest);
      if (fmt !== undefined && fmt.trim() === '{{.State.Pid}}') {
        stdout = stdout.replace(/^[1-9]\d*$/gm, '<PID>');
      }
    }
    stdout = replaceText(stdout, help);
    stderr = replaceText(stderr, help);
    if (collapse) stdout = collapseTable(stdout);
    const out: T = { ...s, stdout, stderr };
    if (s.containers) {
      out.containers = s.containers.map((c) => ({
        ...c,
        id: replaceIdsAndNames(c.id),
        name: replaceIdsAndNames(c.name),
        image: replaceText(c.image, false),
        error: replaceText(c.error, false),
        pid: c.pid === 0 ? 0 : 1,
      }));
    }
    return out;
  });
}
