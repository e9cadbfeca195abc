/**
 * A lesson's file step is written by the runner (walks, `classroom run`, the native check) and
 * typed as echo lines by the player (typedLines): both must leave the same bytes and mode on
 * the host, for every file step of every lesson and for the awkward cases.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLesson, typedLines } from '../../src/lessons/format.ts';
import { memoryHostFiles } from '../../src/lessons/hostFiles.ts';
import type { Step } from '../../src/runner/script.ts';
import { SimHost } from '../../src/runner/simHost.ts';
import { createSimulator } from '../../src/sim/simulator.ts';
import { session } from '../play/terminal/harness.ts';

const dir = join(import.meta.dirname, '../../src/lessons');
type FileStep = Extract<Step, { kind: 'file' }>;

const synthetic = parseLesson(
  `---
slug: typed
order: 99
title.zh: 打字
title.en: Typed
summary.zh: 摘要
summary.en: Summary
---
--- zh
介绍
--- en
Intro
=== run awkward
$ file deep/er/Dockerfile <<EOF
FROM busybox

  RUN echo 'it'"'"'s' "$HOME" \\
      && echo \`date\` $(pwd) \\n ; # not a comment
-x
-nq
EOF
--- zh
文件
--- en
Files
`,
  'typed.lesson',
);

const cases: Array<[string, FileStep]> = [
  ...synthetic.steps[0]!.commands.map((s) => ['synthetic', s as FileStep] as [string, FileStep]),
  ...readdirSync(dir)
    .filter((f) => f.endsWith('.lesson'))
    .sort()
    .flatMap((f) =>
      parseLesson(readFileSync(join(dir, f), 'utf8'), f)
        .steps.flatMap((s) => [...s.commands, ...s.solution])
        .filter((c): c is FileStep => c.kind === 'file')
        .map((c) => [`${f}:${c.line} ${c.path}`, c] as [string, FileStep]),
    ),
];

describe('file steps typed in the terminal', () => {
  it.each(cases)("%s: echo lines give the runner's bytes and mode", async (_name, step) => {
    const sim = await createSimulator({ seed: 7 });
    await new SimHost(sim, memoryHostFiles(sim.host)).writeFile(step.path, step.data, step.mode);
    const want = sim.host.readFile(`/root/${step.path}`);

    const s = await session({ seed: 7 });
    for (const line of typedLines(step)) expect(await s.run(line), line).toBe(0);
    const got = s.sim.host.readFile(`/root/${step.path}`);
    expect(new TextDecoder().decode(got)).toBe(new TextDecoder().decode(want));
    expect(s.sim.host.stat(`/root/${step.path}`).mode & 0o7777).toBe(sim.host.stat(`/root/${step.path}`).mode & 0o7777);
  });
});
