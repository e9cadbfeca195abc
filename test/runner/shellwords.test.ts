import { describe, expect, it } from 'vitest';
import { quote, quoteWord, split, tokenize, ShellwordsError } from '../../src/runner/shellwords.ts';

describe('split', () => {
  it.each([
    { doc: 'plain words', line: 'docker ps -a', words: ['docker', 'ps', '-a'] },
    { doc: 'extra blanks and tabs', line: '  docker \t ps   -a  ', words: ['docker', 'ps', '-a'] },
    { doc: 'empty line', line: '', words: [] },
    { doc: 'single quotes are literal', line: `sh -c 'echo "$HOME" \\n'`, words: ['sh', '-c', 'echo "$HOME" \\n'] },
    { doc: 'double quotes', line: `sh -c "while true; do echo hello world; sleep 1; done"`, words: ['sh', '-c', 'while true; do echo hello world; sleep 1; done'] },
    { doc: 'escapes inside double quotes', line: String.raw`"a\"b\\c\$d\`e\nf"`, words: ['a"b\\c$d`e\\nf'] },
    { doc: 'backslash outside quotes', line: String.raw`a\ b \'c\" d\\`, words: ['a b', `'c"`, 'd\\'] },
    { doc: 'adjacent quoted parts join', line: `--format='{{.Names}} {{.Status}}'x"y"`, words: ['--format={{.Names}} {{.Status}}xy'] },
    { doc: 'empty quotes give an empty word', line: `rename '' "" a`, words: ['rename', '', '', 'a'] },
    { doc: 'no expansion', line: 'echo $HOME ~ * `id`', words: ['echo', '$HOME', '~', '*', '`id`'] },
    { doc: 'comment at word start', line: 'docker ps # list', words: ['docker', 'ps'] },
    { doc: 'hash inside a word is literal', line: 'a#b "#c"', words: ['a#b', '#c'] },
    { doc: 'quoted operators are words', line: `sh -c 'a | b && c; d > e' "<" '&&'`, words: ['sh', '-c', 'a | b && c; d > e', '<', '&&'] },
    { doc: 'tab in single quotes', line: "'table {{.ID}}\t{{.Names}}'", words: ['table {{.ID}}\t{{.Names}}'] },
    { doc: 'unicode', line: `echo '容器' “x”`, words: ['echo', '容器', '“x”'] },
  ])('$doc', ({ line, words }) => {
    expect(split(line)).toEqual(words);
  });

  it.each([
    { line: `echo 'abc`, msg: 'unterminated single quote' },
    { line: `echo "abc`, msg: 'unterminated double quote' },
    { line: `echo "ab\\"`, msg: 'unterminated double quote' },
    { line: `echo abc\\`, msg: 'unexpected end of line after backslash' },
  ])('throws on $line', ({ line, msg }) => {
    expect(() => split(line)).toThrow(ShellwordsError);
    expect(() => split(line)).toThrow(msg);
  });

  it.each(['a | b', 'a>b', 'a < b', 'a && b', 'a; b', 'a & b', '(a)', 'a 2>&1'])('refuses the unquoted operator in %s', (line) => {
    expect(() => split(line)).toThrow(/unquoted shell operator/);
  });
});

describe('tokenize', () => {
  it('returns operators as tokens, longest first', () => {
    expect(tokenize('a&&b || c>>d 2>&1;')).toEqual([
      { kind: 'word', value: 'a' },
      { kind: 'op', value: '&&' },
      { kind: 'word', value: 'b' },
      { kind: 'op', value: '||' },
      { kind: 'word', value: 'c' },
      { kind: 'op', value: '>>' },
      { kind: 'word', value: 'd' },
      { kind: 'word', value: '2' },
      { kind: 'op', value: '>&' },
      { kind: 'word', value: '1' },
      { kind: 'op', value: ';' },
    ]);
  });
});

describe('quote', () => {
  it.each([
    { argv: ['docker', 'ps', '-a'], text: 'docker ps -a' },
    { argv: ['sh', '-c', 'exit 3'], text: `sh -c 'exit 3'` },
    { argv: ["it's"], text: `'it'\\''s'` },
    { argv: [''], text: `''` },
    { argv: ['--name=web', 'a/b:c', 'x@y%z+1,2'], text: '--name=web a/b:c x@y%z+1,2' },
    { argv: ['~', '*', '$X'], text: `'~' '*' '$X'` },
  ])('$text', ({ argv, text }) => {
    expect(quote(argv)).toBe(text);
  });

  it('round-trips through split', () => {
    const samples = ['', ' ', "'", '"', '\\', 'a b', 'x\ty', '$(id)', '`id`', '#c', 'a|b', 'él', "a'b\"c\\d", '\n'];
    for (const a of samples) for (const b of samples) {
      expect(split(quote([a, b]))).toEqual([a, b]);
    }
    expect(quoteWord('plain')).toBe('plain');
  });
});
