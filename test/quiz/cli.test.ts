/** `npx classroom quiz`: JSON and text output, determinism across processes, flag errors (exit 2). */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseQuizArgs } from '../../src/cli/quiz.ts';

const bin = join(import.meta.dirname, '../../bin/classroom.js');

function classroom(args: string[]) {
  return spawnSync(process.execPath, [bin, 'quiz', ...args], { encoding: 'utf8' });
}

describe('classroom quiz', { timeout: 60_000 }, () => {
  it('--json prints the questions with their setup script, choices and answer', () => {
    const r = classroom(['--count', '3', '--seed', '5', '--docker', '20.10', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const qs = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(qs).toHaveLength(3);
    for (const q of qs) {
      for (const k of ['id', 'topic', 'level', 'setup', 'command', 'script', 'ask', 'prompt', 'choices', 'answer', 'explanation', 'transcript', 'path']) {
        expect(q, k).toHaveProperty(k);
      }
      expect(q['docker']).toBe('20.10');
      expect(q['seed']).toBe(5);
    }
  });

  it('gives the same quiz for the same seed in another process', () => {
    const a = classroom(['--count', '4', '--seed', '11', '--json']);
    const b = classroom(['--count', '4', '--seed', '11', '--json']);
    expect(a.status).toBe(0);
    expect(b.stdout).toBe(a.stdout);
  });

  it('--level filters', () => {
    const r = classroom(['--count', '3', '--level', '3', '--json']);
    expect(r.status, r.stderr).toBe(0);
    for (const q of JSON.parse(r.stdout) as Array<{ level: number }>) expect(q.level).toBe(3);
  });

  it('prints a readable text form without --json', () => {
    const r = classroom(['--count', '2', '--seed', '3']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Quiz: 2 questions, seed 3, docker 29\n/);
    expect(r.stdout).toMatch(/\n1\. \[T\d+ · level [123] · \w+\] \S+\n/);
    expect(r.stdout).toMatch(/\n {5}A\) /);
    expect(r.stdout).toMatch(/\n {3}Answer: [A-E]\n/);
    expect(r.stdout).toContain('Explanation: ');
  });

  it('--help', () => {
    const r = classroom(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: classroom quiz');
  });

  it.each([
    [['--count', '0'], /--count needs a whole number from 1 to 1000, got '0'/],
    [['--count', 'x'], /--count needs a whole number/],
    [['--count'], /--count needs a value/],
    [['--seed', '-1'], /--seed needs a non-negative integer/],
    [['--level', '4'], /unknown level '4' \(use 1, 2, 3\)/],
    [['--docker', '19'], /unknown docker version '19'/],
    [['--topic', 'T99'], /unknown topic 'T99'/],
    [['--ask', 'color'], /unknown ask kind 'color'/],
    [['--bogus'], /unknown option '--bogus'/],
    [['extra'], /unexpected argument 'extra'/],
  ])('%j is a usage error (exit 2)', (args, message) => {
    const r = classroom(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^classroom quiz: /);
    expect(r.stderr).toMatch(message);
  });

  it('parses --flag=value forms and lists', () => {
    expect(parseQuizArgs(['--count=3', '--seed=9', '--level=1,2', '--docker=20.10', '--ask=state,error', '--topic=T7'])).toEqual({
      count: 3,
      seed: 9,
      level: [1, 2],
      docker: '20.10',
      ask: ['state', 'error'],
      topic: ['T7'],
      json: false,
    });
  });
});
