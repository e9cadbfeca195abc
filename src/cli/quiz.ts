/**
 * `npx classroom quiz [--count N] [--seed S] [--level L[,L…]] [--docker 29|20.10] [--topic T…] [--ask K…] [--json]`
 * Prints generated quiz questions: with --json one JSON array of questions
 * (src/quiz/generate.ts documents the fields), otherwise a readable text form.
 * Each question carries its setup script in the runner's format, so anyone can
 * check the answer key against a real engine.
 */
import { ASK_KINDS, generateQuiz, LEVELS, TOPICS, type AskKind, type GenerateOptions, type Level, type Question, type TopicId } from '../quiz/generate.ts';
import { parseDockerVersion } from '../sim/profile.ts';

export const QUIZ_USAGE = `Usage: classroom quiz [OPTIONS]

Print interview questions generated from the lifecycle model; every answer and
distractor is computed by running the simulator.

Options:
  --count N        Number of questions (default 10, at most 1000)
  --seed S         Seed of the quiz and of the simulated world (default 1)
  --level L        Only level L (1 easy, 2 medium, 3 hard); several: --level 1,2
  --docker V       Docker version to imitate: 29 (default) or 20.10
  --topic T        Only these topics (${Object.keys(TOPICS).join(', ')}); several: --topic T7,T8
  --ask K          Only these kinds (${ASK_KINDS.join(', ')})
  --json           Print one JSON array of questions
`;

function parseList<T extends string | number>(raw: string, allowed: readonly T[], what: string): T[] | string {
  const out: T[] = [];
  for (const part of raw.split(',')) {
    const v = allowed.find((a) => String(a) === part.trim());
    if (v === undefined) return `unknown ${what} '${part}' (use ${allowed.join(', ')})`;
    out.push(v);
  }
  return out;
}

export function parseQuizArgs(args: string[]): (GenerateOptions & { json: boolean; help?: boolean }) | string {
  const opts: GenerateOptions & { json: boolean; help?: boolean } = { count: 10, seed: 1, docker: '29', json: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const value = (): string | undefined => (eq > 0 && a.startsWith('--') ? a.slice(eq + 1) : args[++i]);
    if (name === '--json') opts.json = true;
    else if (name === '-h' || name === '--help') opts.help = true;
    else if (['--count', '--seed', '--level', '--docker', '--topic', '--ask'].includes(name)) {
      const v = value();
      if (v === undefined || v === '') return `${name} needs a value`;
      if (name === '--count') {
        if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 1000) return `--count needs a whole number from 1 to 1000, got '${v}'`;
        opts.count = Number(v);
      } else if (name === '--seed') {
        if (!/^\d+$/.test(v) || Number(v) > 0xffffffff) return `--seed needs a non-negative integer below 2^32, got '${v}'`;
        opts.seed = Number(v);
      } else if (name === '--docker') {
        const d = parseDockerVersion(v);
        if (!d) return `unknown docker version '${v}' (use 29 or 20.10)`;
        opts.docker = d;
      } else if (name === '--level') {
        const l = parseList<Level>(v, LEVELS, 'level');
        if (typeof l === 'string') return l;
        opts.level = l;
      } else if (name === '--topic') {
        const t = parseList<TopicId>(v, Object.keys(TOPICS) as TopicId[], 'topic');
        if (typeof t === 'string') return t;
        opts.topic = t;
      } else {
        const k = parseList<AskKind>(v, ASK_KINDS, 'ask kind');
        if (typeof k === 'string') return k;
        opts.ask = k;
      }
    } else if (a.startsWith('-')) return `unknown option '${a}'`;
    else return `unexpected argument '${a}'`;
  }
  return opts;
}

const LETTERS = 'ABCDE';

function indent(text: string, pad: string): string {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}

export function formatQuestion(q: Question, n: number): string {
  let out = `${n}. [${q.topic} · level ${q.level} · ${q.ask}] ${q.id}\n`;
  if (q.setup) out += `   Setup:\n${indent(q.setup.replace(/\n$/, '').replace(/^/gm, '$ '), '     ')}\n`;
  out += `   ${q.prompt.zh}\n   ${q.prompt.en}\n`;
  q.choices.forEach((_c, i) => {
    const l = q.labels[i]!;
    const text = l.zh === l.en ? l.en : `${l.en}  ／  ${l.zh}`;
    out += `${indent(text, '        ').replace(/^ {5} {3}/, `     ${LETTERS[i]}) `)}\n`;
  });
  out += `   Answer: ${LETTERS[q.answer]}\n`;
  out += `   解释：${q.explanation.zh}\n   Explanation: ${q.explanation.en}\n`;
  return out;
}

export async function quizCommand(args: string[]): Promise<number> {
  const opts = parseQuizArgs(args);
  if (typeof opts === 'string') {
    process.stderr.write(`classroom quiz: ${opts}\n\n${QUIZ_USAGE}`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(QUIZ_USAGE);
    return 0;
  }
  const { json, help: _help, ...gen } = opts;
  const questions = await generateQuiz(gen);
  if (questions.length === 0) {
    process.stderr.write('classroom quiz: no question matches these filters\n');
    return 1;
  }
  if (json) {
    process.stdout.write(`${JSON.stringify(questions, null, 2)}\n`);
    return 0;
  }
  let out = `Quiz: ${questions.length} question${questions.length === 1 ? '' : 's'}, seed ${gen.seed}, docker ${gen.docker}\n`;
  questions.forEach((q, i) => (out += `\n${formatQuestion(q, i + 1)}`));
  process.stdout.write(out);
  return 0;
}
