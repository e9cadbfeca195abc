/** The lesson file format: what parses, and the line-numbered errors for what does not. */
import { describe, expect, it } from 'vitest';
import { LessonError, inputLine, lessonScript, parseLesson, typedLines } from '../../src/lessons/format.ts';
import { parseCheck } from '../../src/lessons/checks.ts';
import { markdown } from '../../src/lessons/markdown.ts';
import { parseInput, parseScript } from '../../src/runner/script.ts';

const HEAD = `---
slug: demo
order: 3
title.zh: 演示
title.en: Demo
summary.zh: 摘要
summary.en: Summary
---
--- zh
介绍
--- en
Intro
`;

const lesson = (body: string) => parseLesson(HEAD + body, 'demo.lesson');

describe('parseLesson', () => {
  it('reads header, intro, steps, commands, input, checks and prose', () => {
    const l = lesson(`
=== run go
$ docker run -it --name box busybox sh
< echo hi
<^D
? state box exited
--- zh
中文
--- en
English
=== task pause
! docker pause box
? state box paused
--- zh
暂停
--- en
Pause
`);
    expect(l).toMatchObject({ slug: 'demo', order: 3, title: { zh: '演示', en: 'Demo' }, intro: { zh: '介绍', en: 'Intro' } });
    expect(l.steps.map((s) => [s.id, s.kind, s.commands.length, s.solution.length, s.checks.length])).toEqual([
      ['go', 'run', 1, 0, 1],
      ['pause', 'task', 0, 1, 1],
    ]);
    expect(l.steps[0]!.commands[0]).toMatchObject({ argv: ['run', '-it', '--name', 'box', 'busybox', 'sh'], input: ['echo hi\r', '\x04'] });
    expect(l.steps[0]!.prose).toEqual({ zh: '中文', en: 'English' });
    expect(lessonScript(l)).toBe('# demo: Demo\n# step go\ndocker run -it --name box busybox sh\n< echo hi\n<^D\n# step pause\ndocker pause box\n');
  });

  const bad: Array<[string, RegExp]> = [
    ['=== jump x\n--- zh\na\n--- en\nb\n', /:13: unknown step kind 'jump'/],
    ['=== run x\n--- zh\na\n--- en\nb\n', /:13: run step 'x' has no '\$' command/],
    ['=== run x\n$ docker ps | grep a\n--- zh\na\n--- en\nb\n', /:14: shell operator '\|' is not allowed/],
    ['=== run x\n$ docker ps\n--- zh\na\n', /:13: step 'x' has no '--- en' text/],
    ['=== task x\n! docker ps\n--- zh\na\n--- en\nb\n', /task 'x' needs a '!' solution and at least one '\?' check/],
    ['=== run x\n$ docker ps\n? state x sleeping\n--- zh\na\n--- en\nb\n', /:15: check 'state x sleeping': unknown status 'sleeping'/],
    ['=== run x\n< hi\n--- zh\na\n--- en\nb\n', /:14: an input line/],
    ['=== run x\n$ docker ps\nhello\n--- zh\na\n--- en\nb\n', /:15: expected '\$ command'/],
    ['=== run x\n$ docker ps\n--- zh\na\n--- zh\nb\n', /:17: a second '--- zh'/],
    ['=== run x\n$ docker ps\n--- zh\na\n--- en\nb\n=== run x\n$ docker ps\n--- zh\na\n--- en\nb\n', /:19: step id 'x' is used twice/],
  ];
  for (const [body, err] of bad) {
    it(`refuses ${JSON.stringify(body.split('\n')[1])}…`, () => {
      expect(() => lesson(body)).toThrow(LessonError);
      expect(() => lesson(body)).toThrow(err);
    });
  }

  it('refuses a broken header', () => {
    expect(() => parseLesson('no header', 'x.lesson')).toThrow(/x.lesson:1: a lesson starts with/);
    expect(() => parseLesson(HEAD.replace('order: 3', 'order: three'), 'x.lesson')).toThrow(/order must be a whole number/);
    expect(() => parseLesson(HEAD.replace('slug: demo', 'slug: Demo!'), 'x.lesson')).toThrow(/slug 'Demo!'/);
    expect(() => parseLesson(HEAD.replace('title.en: Demo\n', ''), 'x.lesson')).toThrow(/'title.en' is missing/);
    expect(() => parseLesson(HEAD + '\n', 'x.lesson')).toThrow(/at least one step/);
  });

  it('reads the optional focus (lifecycle by default)', () => {
    expect(lesson('=== run x\n$ docker ps\n--- zh\na\n--- en\nb\n').focus).toBe('lifecycle');
    const l = parseLesson(HEAD.replace('---\n--- zh', 'focus: layers\n---\n--- zh') + '=== run x\n$ docker ps\n--- zh\na\n--- en\nb\n', 'x.lesson');
    expect(l.focus).toBe('layers');
    expect(() => parseLesson(HEAD.replace('---\n--- zh', 'focus: disk\n---\n--- zh'), 'x.lesson')).toThrow(/focus must be lifecycle or layers/);
  });

  it('input lines round-trip', () => {
    for (const t of ['echo hi\r', '\r', '\x04', '\x10\x11', 'ls -l /tmp\r']) expect(parseInput(inputLine(t), 1)).toBe(t);
  });
});

describe('checks', () => {
  it('parse with quoting', () => {
    expect(parseCheck('cmd mine sh -c "echo hi"', 1)).toMatchObject({ kind: 'cmd', ref: 'mine', words: ['sh', '-c', 'echo hi'] });
    expect(parseCheck('restarts web 2+', 1)).toMatchObject({ kind: 'restarts', atLeast: true, n: 2 });
    expect(parseCheck('restarts web 0', 1)).toMatchObject({ kind: 'restarts', atLeast: false, n: 0 });
    expect(() => parseCheck('exit web x', 1)).toThrow(/not a whole number/);
    expect(() => parseCheck('frobnicate', 1)).toThrow(/unknown check/);
  });
});

describe('markdown', () => {
  it('renders the subset and escapes everything else', () => {
    expect(markdown('Hello **big** `<b>` [x](https://e.x) <script>')).toBe(
      '<p>Hello <strong>big</strong> <code>&lt;b&gt;</code> <a href="https://e.x" rel="noopener">x</a> &lt;script&gt;</p>',
    );
    expect(markdown('- a\n- b')).toBe('<ul><li>a</li><li>b</li></ul>');
    expect(markdown('```sh\ndocker ps\n```')).toBe('<pre class="code" tabindex="0" data-lang="sh"><code>docker ps</code></pre>');
    expect(markdown('> **注意** 文字')).toBe('<aside class="note"><p><strong>注意</strong> 文字</p></aside>');
    expect(markdown('[x](javascript:alert(1))')).toContain('href="#"');
    expect(markdown('中文\n接着')).toBe('<p>中文接着</p>');
    expect(markdown('| a | b |\n|---|---|\n| 1 | 2 |')).toContain('<th scope="col">a</th>');
  });
});

describe('file steps in lessons', () => {
  const withFile = (step: string) =>
    lesson(`
=== run write
${step}
$ docker build -t app .
--- zh
写文件
--- en
Write a file
`);

  it('reads the content verbatim up to the end word, and the script writes it back', () => {
    const l = withFile("$ file app/Dockerfile <<EOF\nFROM busybox\n\n  # not a comment here\nRUN echo 'it''s' \\\n    done\nEOF");
    const [file, build] = l.steps[0]!.commands;
    expect(file).toMatchObject({ kind: 'file', path: 'app/Dockerfile', mode: 0o644, line: 15 });
    expect(new TextDecoder().decode((file as { data: Uint8Array }).data)).toBe("FROM busybox\n\n  # not a comment here\nRUN echo 'it''s' \\\n    done\n");
    expect(build).toMatchObject({ kind: 'docker', argv: ['build', '-t', 'app', '.'], line: 22 });
    expect(lessonScript(l)).toBe(
      "# demo: Demo\n# step write\nfile app/Dockerfile <<EOF\nFROM busybox\n\n  # not a comment here\nRUN echo 'it''s' \\\n    done\nEOF\ndocker build -t app .\n",
    );
    expect(parseScript(lessonScript(l))[0]).toMatchObject({ kind: 'file', path: 'app/Dockerfile', data: (file as { data: Uint8Array }).data });
  });

  it('is typed as mkdir -p and echo lines, quotes and blank lines included', () => {
    const l = withFile("$ file app/Dockerfile <<EOF\nFROM busybox\n\nRUN echo 'hi' > /x\nEOF");
    expect(typedLines(l.steps[0]!.commands[0]!)).toEqual([
      'mkdir -p app',
      "echo 'FROM busybox' > app/Dockerfile",
      'echo >> app/Dockerfile',
      `echo 'RUN echo '\\''hi'\\'' > /x' >> app/Dockerfile`,
    ]);
    expect(typedLines(l.steps[0]!.commands[1]!)).toEqual(['docker build -t app .']);
  });

  it('belongs to run steps ($) and tasks (!)', () => {
    const l = lesson(`
=== task write
! file notes.txt <<END
hello
END
? host-file notes.txt
--- zh
写
--- en
Write
`);
    expect(l.steps[0]!.solution[0]).toMatchObject({ kind: 'file', path: 'notes.txt' });
  });

  const bad: Array<[string, RegExp]> = [
    ['$ file Dockerfile <<EOF\nFROM busybox\n', /:15: file: no line 'EOF' ends this file's content/],
    ['$ file Dockerfile --mode=0755 <<EOF\nFROM busybox\nEOF', /:15: a lesson's file step takes no --mode or --base64/],
    ['$ file Dockerfile --base64 <<EOF\nAAAA\nEOF', /:15: a lesson's file step takes no --mode or --base64/],
    ['$ file /etc/passwd <<EOF\nx\nEOF', /:15: file: '\/etc\/passwd' must be a relative path/],
    ['$ file my$file <<EOF\nx\nEOF', /:15: file: 'my\$file' must be letters, digits/],
    ['$ file empty <<EOF\nEOF', /:15: file: a lesson file needs at least one line/],
    ['$ file f <<EOF\nfirst\n-n\nEOF', /:17: file: echo would read '-n' as an option/],
    ['$ file f\nx\n', /:15: write a file step as 'file PATH/],
  ];
  it.each(bad)('refuses %j', (step, message) => {
    expect(() => withFile(step)).toThrow(message);
  });

  it('stays out of narrate steps and keeps $ and ! apart', () => {
    expect(() => lesson('=== task t\n$ file f <<E\nx\nE\n? host-file f\n--- zh\na\n--- en\nb\n')).toThrow(/:14: '\$' commands belong to run steps/);
    expect(() => lesson('=== run t\n! file f <<E\nx\nE\n--- zh\na\n--- en\nb\n')).toThrow(/:14: '!' solutions belong to task steps/);
  });
});
