import { describe, expect, it } from 'vitest';
import { BuildArgs } from '../../../src/sim/build/buildArgs.ts';
import { BuildContext } from '../../../src/sim/build/context.ts';
import { copyInstruction } from '../../../src/sim/build/copy.ts';
import { cleanPath, matchPath, PatternMatcher, readDockerignore } from '../../../src/sim/build/patterns.ts';
import { ExpandError, processWord, processWords } from '../../../src/sim/build/shlex.ts';
import { TarWriter } from '../../../src/sim/archive/tar.ts';
import { buildKit } from '../../../src/sim/build/kit.ts';
import { setKit } from '../../../src/sim/build/kitRef.ts';
import { parseSignal } from '../../../src/sim/engine/simEngine.ts';

setKit({ ...buildKit, parseSignal });

describe('variable expansion (shell.Lex)', () => {
  const env = ['A=1', 'EMPTY=', 'S=two words'];
  it.each([
    ['$A', '1'],
    ['${A}x', '1x'],
    ['${UNSET:-dflt}', 'dflt'],
    ['${EMPTY:-dflt}', 'dflt'],
    ['${A:+alt}', 'alt'],
    ['${UNSET:+alt}', ''],
    ['\\$A', '$A'],
    ["'$A'", '$A'],
    ['"$A and \\"q\\""', '1 and "q"'],
    ['$', '$'],
    ['$1', ''],
    ['a\\ b', 'a b'],
    ['${A:-${S}}', '1'],
    ['${UNSET:-${S}}', 'two words'],
  ])('%s → %s', (word, want) => {
    expect(processWord(word, env)).toBe(want);
  });

  it('splits words after expansion for EXPOSE', () => {
    expect(processWords('$S "a b" c', env)).toEqual(['two', 'words', 'a b', 'c']);
  });

  it.each([
    ['${B', 'failed to process "${B": missing \':\' in substitution'],
    ['${', 'failed to process "${": syntax error: missing \'}\''],
    ['${}', 'failed to process "${}": syntax error: bad substitution'],
    ['${A:x}', 'failed to process "${A:x}": unsupported modifier (x) in substitution'],
    ['${UNSET:?needed}', 'failed to process "${UNSET:?needed}": UNSET: needed'],
    ['${EMPTY:?}', 'failed to process "${EMPTY:?}": EMPTY: is not allowed to be empty'],
    ["'open", 'failed to process "\'open": unexpected end of statement while looking for matching single-quote'],
    ['"open', 'failed to process "\\"open": unexpected end of statement while looking for matching double-quote'],
  ])('%s fails: %s', (word, message) => {
    expect(() => processWord(word, env)).toThrow(ExpandError);
    expect(() => processWord(word, env)).toThrow(message);
  });

  it('uses the escape token given', () => {
    expect(processWord('C:\\dir`$A', [], '`')).toBe('C:\\dir$A');
  });
});

describe('build args', () => {
  it('prefers --build-arg over defaults, falls back to meta ARGs, lists unused ones sorted', () => {
    const b = new BuildArgs(new Map([['WHO', 'you'], ['UNUSED', '1'], ['OTHER', undefined]]));
    b.addMetaArg('BASE', 'busybox');
    b.addArg('WHO', 'world');
    b.addArg('BASE', undefined);
    b.addArg('EMPTY', undefined);
    expect(Object.fromEntries(b.allAllowed())).toEqual({ WHO: 'you', BASE: 'busybox' });
    expect(b.filterAllowed(['WHO=x'])).toEqual(['BASE=busybox']);
    expect(b.unused()).toEqual(['OTHER', 'UNUSED']);
  });
});

describe('patterns', () => {
  it('matches like filepath.Match', () => {
    expect(matchPath('*.txt', 'a.txt')).toBe(true);
    expect(matchPath('*.txt', 'dir/a.txt')).toBe(false);
    expect(matchPath('dir/*', 'dir/a.txt')).toBe(true);
    expect(matchPath('[a-c]?', 'b1')).toBe(true);
    expect(matchPath('[^a-c]?', 'b1')).toBe(false);
    expect(matchPath('\\*', '*')).toBe(true);
    expect(() => matchPath('[', 'x')).toThrow('syntax error in pattern');
  });

  it('reads .dockerignore and matches its patterns as the daemon and the CLI do', () => {
    const patterns = readDockerignore('# comment\n\n*.tmp\n/abs\n!keep.tmp\nbuild/**\n  spaced  \n');
    expect(patterns).toEqual(['*.tmp', 'abs', '!keep.tmp', 'build/**', 'spaced']);
    const pm = new PatternMatcher(patterns);
    expect(pm.matches('junk.tmp')).toBe(true);
    expect(pm.matches('keep.tmp')).toBe(false);
    expect(pm.matches('abs/inner')).toBe(true);
    expect(pm.matches('build/x/y')).toBe(true);
    expect(pm.matches('src/a.tmp')).toBe(false);
    expect(() => new PatternMatcher(['!'])).toThrow('illegal exclusion pattern: "!"');
    expect(cleanPath('a/../../b/./c/')).toBe('../b/c');
  });
});

async function contextOf(files: Record<string, string>): Promise<BuildContext> {
  const tw = new TarWriter({ typeBits: true });
  for (const [name, text] of Object.entries(files)) {
    if (name.endsWith('/')) tw.add({ name, type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 1, size: 0 });
    else {
      const data = new TextEncoder().encode(text);
      tw.add({ name, type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 1, size: data.length }, data);
    }
  }
  return BuildContext.open(tw.finish(), { nowMs: 0, typeBits: true });
}

describe('COPY sources and their cache hashes', () => {
  it('hashes a file as the 20.10 daemon does (tarsum v1 of its header and bytes)', async () => {
    // recorded: COPY hello.txt (hello\n, 0644) shows as file:7d1b8e6c9123955c… in docker history
    const ctx = await contextOf({ 'hello.txt': 'hello\n' });
    expect(copyInstruction(ctx, ['hello.txt', '/app/'], 'COPY', '').infos).toEqual([
      { path: 'hello.txt', hash: 'file:7d1b8e6c9123955c22ae5efea6309bc3436ed116b03932f650caae30c06ab651' },
    ]);
  });

  it('expands wildcards, hashes directories and refuses what it cannot copy', async () => {
    const ctx = await contextOf({ 'a.txt': 'a', 'b.txt': 'b', 'dir/': '', 'dir/c': 'c' });
    const glob = copyInstruction(ctx, ['*.txt', '/x/'], 'COPY', '');
    expect(glob.infos.map((i) => i.path)).toEqual(['a.txt', 'b.txt']);
    expect(copyInstruction(ctx, ['./dir', '/d'], 'COPY', '').infos[0]!.hash).toMatch(/^dir:[0-9a-f]{64}$/);
    expect(() => copyInstruction(ctx, ['nope', '/x'], 'COPY', '')).toThrow(
      'COPY failed: file not found in build context or excluded by .dockerignore: stat nope: file does not exist',
    );
    expect(() => copyInstruction(ctx, ['../x', '/x'], 'COPY', '')).toThrow('COPY failed: forbidden path outside the build context: ../x ()');
    expect(() => copyInstruction(ctx, ['*.none', '/x/'], 'ADD', '')).toThrow('ADD failed: no source files were specified');
    expect(() => copyInstruction(ctx, ['a.txt', 'b.txt', '/x'], 'COPY', '')).toThrow(
      'When using COPY with more than one source file, the destination must be a directory and end with a /',
    );
    expect(() => copyInstruction(ctx, ['http://example.com/f', '/x'], 'COPY', '')).toThrow("COPY failed: source can't be a URL for COPY");
  });
});
