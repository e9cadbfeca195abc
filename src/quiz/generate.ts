/**
 * The quiz generator (issue 6): interview questions computed from the container
 * lifecycle model, never written by hand. Pure TypeScript, no DOM, no Node APIs:
 * it runs in the browser as well as in `npx classroom quiz`.
 *
 * A question is a reachable situation (a setup script in the runner's format
 * that leaves one container `web` in some state, with some program, restart
 * policy and flags), a command, and what is asked about its outcome. The
 * answer AND the distractors are outcomes observed by running the simulator:
 * the answer from this situation + command, the distractors from nearby ones
 * (the situation before the command, sibling commands, the same command in
 * neighbouring states or with other programs).
 *
 * ## API
 *
 *   generateQuiz(options?: GenerateOptions): Promise<Question[]>
 *       `count` questions (default 10) picked with a seeded PRNG from the
 *       catalogue, filtered by `level` / `topic` / `ask`. Same options → same
 *       questions (deep-equal), in the same order. Fewer when the filter leaves
 *       fewer items.
 *   generateQuestion(id: string, options?: { seed?: number; docker?: DockerVersion }): Promise<Question | undefined>
 *       One question by its stable id (`<situation>/<command>/<ask>`), exactly
 *       as generateQuiz builds it with the same seed and docker version.
 *       undefined when the id is unknown or no distractor can be computed.
 *   questionIds(filter?: QuizFilter): string[]
 *       Every id the catalogue holds (no simulation; cheap).
 *   observedAnswer(question: Question, steps: TimedStep[]): string
 *       The outcome a transcript of `question.script` shows, in the canonical
 *       form of `choices` (for checking a key against a re-run or a real engine).
 *   checkKey(question, steps: TimedStep[]): KeyCheck
 *       Checks the answer key against another engine's transcript of `script`
 *       (both normalised with src/runner/normalize.ts): {observed, choices,
 *       answerMatches, distractorHits}. Steps need `durationMs` for stopTime.
 *   TOPICS        { T3: {zh, en, lesson}, … }: topic ids → names and lesson slugs
 *   ASK_KINDS     ['state', 'exitCode', 'error', 'psStatus', 'diff', 'stopTime']
 *   LEVELS        [1, 2, 3]
 *   coverage: see ./coverage.ts (coverageTable(), UNREACHABLE).
 *
 * ## Question (JSON-safe)
 *
 *   id           stable: `<situation>/<command>/<ask>`, e.g. `paused-sleep/stop/exitCode`
 *   topic        'T3' … 'T14' (TOPICS); level 1 easy, 2 medium, 3 hard
 *   docker       '29' | '20.10' (the simulated engine); seed: the simulator's seed
 *   situation    situation id; state: the container's state before the command
 *                ('none' when the command creates it, 'removed' when it is gone)
 *   setup        runner-format script text (may be empty), one step a line
 *   command      the runner-format line asked about
 *   probe        lines run after the command that show the answer (e.g.
 *                `sleep 0.5` + `docker inspect -f '{{.State.Status}}' web`); may be empty
 *   script       setup + command + probe: run it with `classroom run --docker D --seed S`
 *                or on a real engine to check the answer
 *   event        the lifecycle machine event the command sends (`container.stop` …), if any
 *   ask          what is asked (ASK_KINDS):
 *                  state     `.State.Status` 0.5 s later, or '(removed)'
 *                  exitCode  `.State.ExitCode` 0.5 s later, or '(removed)'
 *                  error     '(no error)', '(blocks)' (ended by timeout, 124), '(exit N)'
 *                            or Docker's exact message (stderr; stdout if stderr is empty)
 *                  psStatus  STATUS of `docker ps -a` 0.5 s later with durations as '…'
 *                            ('Up …', 'Up … (Paused)', 'Exited (137) …', 'Restarting (1) …',
 *                            'Created') or '(no row)'
 *                  diff      `docker diff` lines sorted by path, or '(no changes)'
 *                  stopTime  how long the command took on the virtual clock: '< 2 s' or '≈ N s'
 *   prompt       {zh, en}
 *   choices      2–5 canonical outcome strings (exact Docker texts for messages)
 *   labels       {zh, en} per choice, for display (Docker texts unchanged)
 *   answer       index into choices
 *   explanation  {zh, en}: the machine's rule, program notes, the path, the answer
 *   transcript   TranscriptStep[] of setup + command + probe (from the simulator)
 *   commandIndex index of the command in transcript
 *   path         lifecycle transitions from the command on: {from, to, event}[]
 *                (engine.onTransition), for drawing on the diagram
 *   setupPath    transitions during the setup (`container.create` from 'removed' = created)
 */
import { verdict } from '../sim/lifecycle/verdict.ts';
import type { DockerVersion } from '../sim/profile.ts';
import type { TranscriptStep } from '../runner/transcript.ts';
import { catalog, catalogItem, LEVELS, TOPICS, type CatalogItem, type Level, type TopicId } from './catalog.ts';
import { COMMANDS, quizCommand, type QuizCommand } from './commands.ts';
import { ASK_KINDS, label, observe, probeLines, type AskKind, type TimedStep } from './observe.ts';
import { Prng } from './prng.ts';
import { cachedRun, type PathStep } from './simrun.ts';
import { NAME, SITUATIONS, situation, type Situation, type SituationState, type Text } from './situations.ts';
import { explanation, prompt } from './text.ts';

export { ASK_KINDS, LEVELS, TOPICS };
export { checkKey, type KeyCheck } from './check.ts';
export type { AskKind, Level, PathStep, Text, TimedStep, TopicId };

export interface QuizFilter {
  level?: Level | readonly Level[];
  topic?: TopicId | readonly TopicId[];
  ask?: AskKind | readonly AskKind[];
}

export interface GenerateOptions extends QuizFilter {
  /** How many questions (default 10). */
  count?: number;
  /** Seed of the PRNG and of the simulated world (default 1). */
  seed?: number;
  /** Docker version the simulator imitates (default '29'). */
  docker?: DockerVersion;
}

export interface Question {
  id: string;
  topic: TopicId;
  level: Level;
  docker: DockerVersion;
  seed: number;
  situation: string;
  state: SituationState;
  setup: string;
  command: string;
  probe: string[];
  script: string;
  event?: string;
  ask: AskKind;
  prompt: Text;
  choices: string[];
  labels: Text[];
  answer: number;
  explanation: Text;
  transcript: TranscriptStep[];
  commandIndex: number;
  path: PathStep[];
  setupPath: PathStep[];
}

const DISTRACTORS = 3;

const list = <T>(v: T | readonly T[] | undefined): readonly T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v as T]);

function filtered(filter: QuizFilter): CatalogItem[] {
  const levels = list(filter.level);
  const topics = list(filter.topic);
  const asks = list(filter.ask);
  return catalog().filter(
    (it) => (!levels || levels.includes(it.level)) && (!topics || topics.includes(it.topic)) && (!asks || asks.includes(it.ask)),
  );
}

export function questionIds(filter: QuizFilter = {}): string[] {
  return filtered(filter).map((it) => it.id);
}

function scriptLines(s: Situation, c: QuizCommand | undefined, ask: AskKind): string[] {
  return [...s.setup, ...(c ? [c.line] : []), ...probeLines(ask, NAME)];
}

/** The outcome of (situation, command) for an ask, from a (memoised) simulator run; no command: "before". */
async function outcome(s: Situation, c: QuizCommand | undefined, ask: AskKind, docker: DockerVersion, seed: number): Promise<string> {
  const run = await cachedRun(scriptLines(s, c, ask), docker, seed);
  return observe(ask, run.steps, c ? s.setup.length : run.steps.length - 1);
}

/** Whether a command can run in a situation at all (for distractors: any ask). */
function compatible(s: Situation, c: QuizCommand): boolean {
  if (c.fresh !== undefined && c.fresh !== (s.state === 'none')) return false;
  if (!c.fresh && s.state === 'none') return false;
  if (s.diffOnly && c.id !== 'diff') return false;
  return true;
}

function nearSituations(s: Situation, c: QuizCommand, ask: AskKind): Situation[] {
  if (s.near) return s.near.map(situation);
  return SITUATIONS.filter(
    (o) =>
      o !== s &&
      compatible(o, c) &&
      !o.diffOnly &&
      (o.state !== 'removed' || ask === 'error') &&
      (o.state === s.state || o.program === s.program),
  );
}

type Candidate = { s: Situation; c: QuizCommand | undefined };

function interleave<T>(a: T[], b: T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i < a.length) out.push(a[i]!);
    if (i < b.length) out.push(b[i]!);
  }
  return out;
}

async function distractors(item: CatalogItem, answer: string, docker: DockerVersion, seed: number, rng: Prng): Promise<string[]> {
  const { situation: s, command: c, ask } = item;
  const found: string[] = [];
  const tried = new Set<string>();
  const consider = async (cands: Candidate[]) => {
    for (const cand of cands) {
      if (found.length >= DISTRACTORS) return;
      const key = `${cand.s.id}/${cand.c?.id ?? '-'}`;
      if (tried.has(key)) continue;
      tried.add(key);
      const o = await outcome(cand.s, cand.c, ask, docker, seed);
      if (o !== answer && !found.includes(o)) found.push(o);
    }
  };
  const before: Candidate[] = ask === 'state' || ask === 'exitCode' || ask === 'psStatus' ? [{ s, c: undefined }] : [];
  const siblings = rng.shuffle(c.near.map(quizCommand).filter((o) => compatible(s, o))).map((o) => ({ s, c: o }));
  const neighbours = rng.shuffle(nearSituations(s, c, ask)).map((o) => ({ s: o, c }));
  await consider([...before, ...interleave<Candidate>(siblings, neighbours)]);
  if (found.length < 2) {
    const all = rng.shuffle(SITUATIONS.filter((o) => o !== s && compatible(o, c))).map((o) => ({ s: o, c }));
    // a timeout's 2 s is no answer to "how long does stop take"
    const others = rng
      .shuffle(COMMANDS.filter((o) => o !== c && compatible(s, o) && !(ask === 'stopTime' && o.line.startsWith('timeout '))))
      .map((o) => ({ s, c: o }));
    await consider(interleave<Candidate>(all, others));
  }
  if (found.length < 2 && ask === 'stopTime') {
    // how long the other stops take elsewhere
    const timed = COMMANDS.filter((o) => o.asks.includes('stopTime'));
    await consider(rng.shuffle(SITUATIONS.filter((o) => o !== s && !o.diffOnly && o.state !== 'none')).flatMap((o) => timed.map((t) => ({ s: o, c: t }))));
  }
  if (found.length < DISTRACTORS && before.length > 0) {
    // other states the catalogue reaches: every situation as its setup leaves it
    await consider(rng.shuffle(SITUATIONS.filter((o) => o !== s && !o.diffOnly)).map((o) => ({ s: o, c: undefined })));
  }
  return found;
}

async function build(item: CatalogItem, docker: DockerVersion, seed: number): Promise<Question | undefined> {
  const { situation: s, command: c, ask } = item;
  const lines = scriptLines(s, c, ask);
  const run = await cachedRun(lines, docker, seed);
  const commandIndex = s.setup.length;
  const answerText = observe(ask, run.steps, commandIndex);
  const rng = new Prng(`${seed}|${docker}|${item.id}`);
  const wrong = await distractors(item, answerText, docker, seed, rng);
  if (wrong.length === 0) return undefined;
  const choices = rng.shuffle([answerText, ...wrong]);
  const path = run.transitions.slice(commandIndex).flat();
  const setupPath = run.transitions.slice(0, commandIndex).flat();
  const v = c.command && s.state !== 'none' ? verdict(s.state, `container.${c.command}`) : undefined;
  const probe = probeLines(ask, NAME);
  return {
    id: item.id,
    topic: item.topic,
    level: item.level,
    docker,
    seed,
    situation: s.id,
    state: s.state,
    setup: s.setup.map((l) => `${l}\n`).join(''),
    command: c.line,
    probe,
    script: lines.map((l) => `${l}\n`).join(''),
    ...(c.command ? { event: `container.${c.command}` } : {}),
    ask,
    prompt: prompt(s, c, ask),
    choices,
    labels: choices.map(label),
    answer: choices.indexOf(answerText),
    explanation: explanation(s, c, ask, v, path, answerText, docker),
    transcript: run.steps.map(({ command, stdout, stderr, exitCode }) => ({ command, stdout, stderr, exitCode })),
    commandIndex,
    path,
    setupPath,
  };
}

export async function generateQuestion(id: string, options: { seed?: number; docker?: DockerVersion } = {}): Promise<Question | undefined> {
  const item = catalogItem(id);
  if (!item) return undefined;
  return build(item, options.docker ?? '29', options.seed ?? 1);
}

export async function generateQuiz(options: GenerateOptions = {}): Promise<Question[]> {
  const count = options.count ?? 10;
  const seed = options.seed ?? 1;
  const docker = options.docker ?? '29';
  const order = new Prng(`quiz|${seed}`).shuffle(filtered(options));
  const out: Question[] = [];
  for (const item of order) {
    if (out.length >= count) break;
    const q = await build(item, docker, seed);
    if (q) out.push(q);
  }
  return out;
}

export function observedAnswer(question: Pick<Question, 'ask' | 'commandIndex'>, steps: readonly TimedStep[]): string {
  return observe(question.ask, steps, question.commandIndex);
}



