/**
 * The lesson file format: one file per lesson (`src/lessons/NN-slug.lesson`), its
 * prose in both languages and its steps in the runner's script format, so the same
 * lesson runs in the browser, under `classroom run` and on the native backend.
 *
 *   ---
 *   slug: lifecycle                       (URL segment: a-z, 0-9, -)
 *   order: 2
 *   title.zh: 容器的生命周期
 *   title.en: The container lifecycle
 *   summary.zh: …                        (one line each)
 *   summary.en: …
 *   focus: layers                         (optional: the diagram shown open first, lifecycle or layers)
 *   ---
 *   (prose before the first step: the lesson's introduction)
 *   --- zh
 *   Markdown…
 *   --- en
 *   Markdown…
 *
 *   === run start-it                      (=== KIND ID: narrate | run | task | checkpoint)
 *   $ docker start web                    commands, runner format (docker/sleep/timeout)
 *   $ file Dockerfile <<EOF               a host file (a Dockerfile, a build context): its lines
 *   FROM busybox                          follow verbatim up to the line EOF, as in the runner's
 *   EOF                                   format (no --mode, no --base64: see typedLines)
 *   < text                                typed into the terminal while the command above runs
 *   ! docker pause web                    a task's solution (runner format; `<` lines follow it too)
 *   ? state web running                   checks (src/lessons/checks.ts)
 *   --- zh
 *   Markdown…                             the step's explanation, until the next `---` or `===`
 *   --- en
 *   Markdown…
 *
 * Commands, solutions and checks come right after the `===` line, prose after them.
 * Lines starting with `#` there are comments. Every error names its line.
 */
import { isInputLine, parseInput, parseLine, parseScript, ScriptError, type Step as ScriptStep } from '../runner/script.ts';
import { type Check, CheckSyntaxError, parseCheck } from './checks.ts';

export type Lang = 'zh' | 'en';
export type Text = Record<Lang, string>;
export const LANGS: readonly Lang[] = ['zh', 'en'];
export const STEP_KINDS = ['narrate', 'run', 'task', 'checkpoint'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export interface LessonStep {
  id: string;
  kind: StepKind;
  /** Line of the `===` header. */
  line: number;
  /** What "run step" does (run steps). */
  commands: ScriptStep[];
  /** What "do it for me" does (tasks). */
  solution: ScriptStep[];
  /** What must hold after the step (run, task, checkpoint). */
  checks: Check[];
  /** Markdown. */
  prose: Text;
}

export interface Lesson {
  slug: string;
  order: number;
  title: Text;
  summary: Text;
  /** Which diagram the page opens first. */
  focus: Focus;
  intro: Text;
  steps: LessonStep[];
}

export class LessonError extends Error {
  readonly line: number;
  readonly file: string;
  constructor(file: string, line: number, reason: string) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'LessonError';
    this.file = file;
    this.line = line;
  }
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const META_KEYS = ['slug', 'order', 'title.zh', 'title.en', 'summary.zh', 'summary.en'] as const;
const OPTIONAL_KEYS = ['focus'] as const;
export const FOCUS = ['lifecycle', 'layers'] as const;
export type Focus = (typeof FOCUS)[number];

/** Parses one lesson file. Throws LessonError (file:line: reason) on the first problem. */
export function parseLesson(source: string, file = 'lesson'): Lesson {
  const lines = (source.startsWith('\uFEFF') ? source.slice(1) : source).split(/\r?\n/);
  const fail = (line: number, reason: string): never => {
    throw new LessonError(file, line, reason);
  };
  if (lines[0]?.trim() !== '---') fail(1, "a lesson starts with a '---' line and its header (slug, order, title.zh …)");
  const meta = new Map<string, string>();
  let i = 1;
  for (; i < lines.length && lines[i]!.trim() !== '---'; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '' || raw.trim().startsWith('#')) continue;
    const m = /^([a-z.]+):\s*(.*)$/.exec(raw.trim());
    if (!m) fail(i + 1, `header line must be 'key: value', got '${raw.trim()}'`);
    const [, key, value] = m!;
    if (![...META_KEYS, ...OPTIONAL_KEYS].includes(key! as never)) {
      fail(i + 1, `unknown header key '${key}' (known: ${[...META_KEYS, ...OPTIONAL_KEYS].join(', ')})`);
    }
    if (meta.has(key!)) fail(i + 1, `header key '${key}' given twice`);
    meta.set(key!, value!.trim());
  }
  if (i >= lines.length) fail(lines.length, "the header has no closing '---' line");
  for (const key of META_KEYS) if (!meta.get(key)) fail(1, `header key '${key}' is missing or empty`);
  const slug = meta.get('slug')!;
  if (!SLUG.test(slug)) fail(1, `slug '${slug}' must be lower-case words joined by '-'`);
  const order = Number(meta.get('order'));
  if (!Number.isInteger(order) || order < 0) fail(1, `order must be a whole number, got '${meta.get('order')}'`);

  const focus = meta.get('focus') ?? 'lifecycle';
  if (!(FOCUS as readonly string[]).includes(focus)) fail(1, `focus must be ${FOCUS.join(' or ')}, got '${focus}'`);

  const lesson: Lesson = {
    slug,
    order,
    focus: focus as Focus,
    title: { zh: meta.get('title.zh')!, en: meta.get('title.en')! },
    summary: { zh: meta.get('summary.zh')!, en: meta.get('summary.en')! },
    intro: { zh: '', en: '' },
    steps: [],
  };

  // Body: the intro's prose, then steps.
  let step: LessonStep | null = null;
  let prose: { lang: Lang; lines: string[]; line: number } | null = null;
  let lastCommand: ScriptStep | undefined;
  const seenIds = new Set<string>();
  const seenLangs = new Set<Lang>();
  const closeProse = () => {
    if (!prose) return;
    const text = dedentTrim(prose.lines);
    const target = step ? step.prose : lesson.intro;
    target[prose.lang] = text;
    prose = null;
  };
  const closeStep = (endLine: number) => {
    closeProse();
    const owner = step ? `step '${step.id}'` : 'the introduction';
    const at = step ? step.line : endLine;
    const texts = step ? step.prose : lesson.intro;
    for (const lang of LANGS) if (!texts[lang]) fail(at, `${owner} has no '--- ${lang}' text`);
    if (step) {
      if (step.kind === 'run' && step.commands.length === 0) fail(step.line, `run step '${step.id}' has no '$' command`);
      if (step.kind === 'task' && (step.solution.length === 0 || step.checks.length === 0)) {
        fail(step.line, `task '${step.id}' needs a '!' solution and at least one '?' check`);
      }
      if (step.kind === 'checkpoint' && step.checks.length === 0) fail(step.line, `checkpoint '${step.id}' has no '?' check`);
      if (step.kind === 'narrate' && (step.commands.length || step.solution.length || step.checks.length)) {
        fail(step.line, `narrate step '${step.id}' cannot have commands or checks`);
      }
      lesson.steps.push(step);
    }
    seenLangs.clear();
  };

  for (i = i + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    const n = i + 1;
    const header = /^===\s+(\S+)\s+(\S+)\s*$/.exec(raw);
    if (raw.startsWith('===')) {
      if (!header) fail(n, "a step starts with '=== KIND ID' (KIND: narrate, run, task or checkpoint)");
      closeStep(n);
      const [, kind, id] = header!;
      if (!(STEP_KINDS as readonly string[]).includes(kind!)) fail(n, `unknown step kind '${kind}' (narrate, run, task or checkpoint)`);
      if (!SLUG.test(id!)) fail(n, `step id '${id}' must be lower-case words joined by '-'`);
      if (seenIds.has(id!)) fail(n, `step id '${id}' is used twice`);
      seenIds.add(id!);
      step = { id: id!, kind: kind as StepKind, line: n, commands: [], solution: [], checks: [], prose: { zh: '', en: '' } };
      lastCommand = undefined;
      continue;
    }
    const langLine = /^---\s+(\S+)\s*$/.exec(raw);
    if (langLine) {
      closeProse();
      const lang = langLine[1] as Lang;
      if (!LANGS.includes(lang)) fail(n, `unknown language '${langLine[1]}' (zh or en)`);
      if (seenLangs.has(lang)) fail(n, `a second '--- ${lang}' text in the same ${step ? 'step' : 'introduction'}`);
      seenLangs.add(lang);
      prose = { lang, lines: [], line: n };
      continue;
    }
    if (prose) {
      prose.lines.push(raw);
      continue;
    }
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) continue;
    if (!step) fail(n, `before the first step only '--- zh' / '--- en' introduction text may appear`);
    const s = step!;
    try {
      if (/^[$!] file(\s|$)/.test(t)) {
        if (t[0] === '$' ? s.kind !== 'run' : s.kind !== 'task') fail(n, t[0] === '$' ? `'$' commands belong to run steps (a task's answer is a '!' line)` : `'!' solutions belong to task steps`);
        const { step: file, lines: used } = fileStep(t.slice(2), lines, i);
        lastCommand = file;
        (t[0] === '$' ? s.commands : s.solution).push(file);
        i += used;
      } else if (t.startsWith('$ ')) {
        if (s.kind !== 'run') fail(n, `'$' commands belong to run steps (a task's answer is a '!' line)`);
        lastCommand = parseLine(t.slice(2), n);
        s.commands.push(lastCommand);
      } else if (t.startsWith('! ')) {
        if (s.kind !== 'task') fail(n, `'!' solutions belong to task steps`);
        lastCommand = parseLine(t.slice(2), n);
        s.solution.push(lastCommand);
      } else if (isInputLine(t)) {
        const target = lastCommand?.kind === 'docker' ? lastCommand : fail(n, `an input line ('<') must follow a '$' or '!' docker command`);
        (target.input ??= []).push(parseInput(t, n));
      } else if (t.startsWith('? ')) {
        s.checks.push(parseCheck(t.slice(2), n));
      } else {
        fail(n, `expected '$ command', '! solution', '< input', '? check' or '--- zh'/'--- en', got '${t}'`);
      }
    } catch (e) {
      if (e instanceof ScriptError || e instanceof CheckSyntaxError) fail(e.line, e.reason);
      throw e;
    }
  }
  closeStep(lines.length);
  if (lesson.steps.length === 0) fail(lines.length, 'a lesson needs at least one step');
  return lesson;
}

/** Where a lesson's file step may write: a path typed as is, without quotes. */
const TYPED_PATH = /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

/**
 * A `file PATH <<WORD` step starting at `lines[at]` (its head `head`, without the `$ `): the
 * runner's file step, and how many content lines (and the end line) it took. The learner's
 * terminal has no heredoc, so the player types the file as `echo` lines (typedLines): a lesson's
 * file must be text that echo reproduces byte for byte, written with the default mode.
 */
function fileStep(head: string, lines: readonly string[], at: number): { step: ScriptStep; lines: number } {
  const n = at + 1;
  const end = /<<(\S+)$/.exec(head)?.[1];
  let last = at + 1;
  while (last < lines.length && lines[last] !== end) last++;
  let step: ScriptStep;
  try {
    [step] = parseScript([head, ...lines.slice(at + 1, last + 1)].join('\n')) as [ScriptStep];
  } catch (e) {
    if (e instanceof ScriptError) throw new ScriptError(n + e.line - 1, e.reason);
    throw e;
  }
  if (step.kind !== 'file') throw new ScriptError(n, `expected a file step 'file PATH <<WORD'`);
  if (/\s--/.test(head)) throw new ScriptError(n, `a lesson's file step takes no --mode or --base64: the player types it with echo`);
  if (!TYPED_PATH.test(step.path)) throw new ScriptError(n, `file: '${step.path}' must be letters, digits, '.', '_', '-' and '/' (the player types it unquoted)`);
  const body = fileLines(step);
  if (body.length === 0) throw new ScriptError(n, 'file: a lesson file needs at least one line');
  const option = body.findIndex((l) => /^-[neE]+$/.test(l));
  if (option >= 0) throw new ScriptError(n + option + 1, `file: echo would read '${body[option]}' as an option`);
  return { step: { ...step, line: n }, lines: last - at };
}

/** The lines of a text file step (each ended by LF in its data). */
function fileLines(step: Extract<ScriptStep, { kind: 'file' }>): string[] {
  const text = new TextDecoder().decode(step.data);
  return text === '' ? [] : text.slice(0, -1).split('\n');
}

/** A word the shell reads back as `s`: single-quoted, a `'` as `'\''`. */
const quoted = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * What a learner types for a step: the command line itself, or for a file step `mkdir -p` of
 * its directory and one `echo` line per line of the file (`>` then `>>`): what "run step"
 * types into the terminal, in bash as in the site's terminal.
 */
export function typedLines(step: ScriptStep): string[] {
  if (step.kind !== 'file') return [step.text];
  const dir = step.path.includes('/') ? [`mkdir -p ${step.path.slice(0, step.path.lastIndexOf('/'))}`] : [];
  return [...dir, ...fileLines(step).map((l, i) => `echo${l === '' ? '' : ` ${quoted(l)}`} ${i === 0 ? '>' : '>>'} ${step.path}`)];
}

/** Trims blank lines at both ends and the indentation common to all lines. */
function dedentTrim(lines: string[]): string {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a]!.trim() === '') a++;
  while (b > a && lines[b - 1]!.trim() === '') b--;
  const body = lines.slice(a, b);
  const indent = Math.min(...body.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return body.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
}

/**
 * The lesson as a runner script: every run step's commands and every task's
 * solution, in order (what `classroom run` and the native backend execute).
 */
export function lessonScript(lesson: Lesson): string {
  const out = [`# ${lesson.slug}: ${lesson.title.en}`];
  for (const s of lesson.steps) {
    const cmds = s.kind === 'run' ? s.commands : s.kind === 'task' ? s.solution : [];
    if (!cmds.length) continue;
    out.push(`# step ${s.id}`);
    for (const c of cmds) {
      out.push(c.text);
      if (c.kind === 'file') out.push(...fileLines(c), /<<(\S+)$/.exec(c.text)![1]!);
      for (const typed of c.kind === 'docker' ? (c.input ?? []) : []) out.push(inputLine(typed));
    }
  }
  return `${out.join('\n')}\n`;
}

/** The `<` line that types `typed` (inverse of parseInput). */
export function inputLine(typed: string): string {
  if (typed.endsWith('\r')) return `< ${typed.slice(0, -1)}`;
  return `<${[...typed].map((c) => `^${String.fromCharCode(c.charCodeAt(0) + 64)}`).join('')}`;
}
