import { describe, expect, it } from 'vitest';
import { parseScript, ScriptError } from '../../src/runner/script.ts';

describe('parseScript', () => {
  it('parses docker, sleep and timeout steps and skips blanks and comments', () => {
    const text = [
      '# a comment',
      '',
      '   # indented comment',
      'docker run -d --name web busybox sh -c "while true; do echo hello world; sleep 1; done"',
      '  sleep 3  ',
      'sleep 0.5',
      'timeout 2 docker attach web',
      "docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' web",
    ].join('\n');
    expect(parseScript(text)).toEqual([
      {
        line: 4,
        text: 'docker run -d --name web busybox sh -c "while true; do echo hello world; sleep 1; done"',
        kind: 'docker',
        argv: ['run', '-d', '--name', 'web', 'busybox', 'sh', '-c', 'while true; do echo hello world; sleep 1; done'],
      },
      { line: 5, text: 'sleep 3', kind: 'sleep', seconds: 3 },
      { line: 6, text: 'sleep 0.5', kind: 'sleep', seconds: 0.5 },
      { line: 7, text: 'timeout 2 docker attach web', kind: 'docker', argv: ['attach', 'web'], timeout: 2 },
      {
        line: 8,
        text: "docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' web",
        kind: 'docker',
        argv: ['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'web'],
      },
    ]);
  });

  it('handles CRLF, a BOM and a bare docker', () => {
    expect(parseScript('\uFEFFdocker\r\nsleep 1\r\n')).toEqual([
      { line: 1, text: 'docker', kind: 'docker', argv: [] },
      { line: 2, text: 'sleep 1', kind: 'sleep', seconds: 1 },
    ]);
  });

  it('accepts .5 and 2. as durations', () => {
    expect(parseScript('sleep .5\ntimeout 2. docker wait x')).toMatchObject([{ seconds: 0.5 }, { timeout: 2 }]);
  });

  it.each([
    { doc: 'pipe', text: 'docker ps | wc -l', re: /line 1: shell operator '\|' is not allowed/ },
    { doc: 'redirection', text: '\n\ndocker export c > out.tar', re: /line 3: shell operator '>' is not allowed/ },
    { doc: 'input redirection', text: 'docker load < x.tar', re: /line 1: shell operator '<'/ },
    { doc: 'and-list', text: 'docker stop a && docker rm a', re: /line 1: shell operator '&&'/ },
    { doc: 'semicolon', text: 'docker stop a; docker rm a', re: /line 1: shell operator ';'/ },
    { doc: 'unterminated quote', text: "docker run busybox sh -c 'exit 3", re: /line 1: unterminated single quote/ },
    { doc: 'unknown program', text: 'echo hi', re: /line 1: unknown step 'echo'/ },
    { doc: 'sleep without N', text: 'sleep', re: /line 1: sleep takes exactly one argument/ },
    { doc: 'sleep negative', text: 'sleep -1', re: /invalid number of seconds '-1'/ },
    { doc: 'sleep with unit', text: 'sleep 1m', re: /invalid number of seconds '1m'/ },
    { doc: 'sleep two args', text: 'sleep 1 2', re: /exactly one argument/ },
    { doc: 'timeout without docker', text: 'timeout 2 sleep 5', re: /timeout must be followed by a number and a docker command/ },
    { doc: 'timeout 0', text: 'timeout 0 docker wait x', re: /positive/ },
    { doc: 'timeout bad N', text: 'timeout x docker wait x', re: /invalid number of seconds 'x'/ },
  ])('rejects $doc', ({ text, re }) => {
    expect(() => parseScript(text)).toThrow(ScriptError);
    expect(() => parseScript(text)).toThrow(re);
  });

  it('reports the line number on the error object', () => {
    try {
      parseScript('docker ps\n# c\ndocker ps | cat');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScriptError);
      expect((e as ScriptError).line).toBe(3);
    }
  });

  it('allows quoted operators', () => {
    expect(parseScript(`docker run busybox sh -c 'a && b | c > d; e'`)[0]).toMatchObject({
      argv: ['run', 'busybox', 'sh', '-c', 'a && b | c > d; e'],
    });
  });
});
