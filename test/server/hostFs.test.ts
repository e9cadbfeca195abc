/**
 * A session's host directory (src/server/hostFs.ts over src/native/engine/hostRoot.ts):
 * paths, `..` and links — absolute, relative, looping — all stay inside it; errors are
 * the errno texts the terminal prints. And `classroom serve`'s options.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openUrl, parseServeArgs } from '../../src/cli/serve.ts';
import { resolveInRoot } from '../../src/native/engine/hostRoot.ts';
import { HostDirFs } from '../../src/server/hostFs.ts';
import { FsError } from '../../src/sim/fs/types.ts';

let outside: string;
let root: string;
let fs: HostDirFs;

beforeEach(() => {
  outside = mkdtempSync(join(tmpdir(), 'classroom-hostfs-'));
  root = join(outside, 'host');
  mkdirSync(join(root, 'srv'), { recursive: true });
  writeFileSync(join(outside, 'secret'), 'outside\n');
  fs = new HostDirFs(root);
});
afterEach(() => rmSync(outside, { recursive: true, force: true }));

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof FsError ? e.code : String(e);
  }
  return 'ok';
};

describe('resolveInRoot', () => {
  it('keeps .. and links inside the root', () => {
    symlinkSync('/', join(root, 'srv/abs'));
    symlinkSync('../../..', join(root, 'srv/rel'));
    symlinkSync(outside, join(root, 'srv/out'));
    expect(resolveInRoot(root, '/../../secret')).toBe(`${root}/secret`);
    expect(resolveInRoot(root, '/srv/abs/secret')).toBe(`${root}/secret`);
    expect(resolveInRoot(root, '/srv/rel/secret')).toBe(`${root}/secret`);
    // An absolute link to the real directory around the root means that path inside it.
    expect(resolveInRoot(root, '/srv/out/secret')).toBe(`${root}${outside}/secret`);
    expect(resolveInRoot(root, '/srv/abs', false)).toBe(`${root}/srv/abs`);
    expect(resolveInRoot(root, '/')).toBe(root);
  });

  it('refuses link loops and paths through a file', () => {
    symlinkSync('loop', join(root, 'loop'));
    writeFileSync(join(root, 'file'), 'x');
    expect(code(() => resolveInRoot(root, '/loop/x'))).toBe('ELOOP');
    expect(code(() => resolveInRoot(root, '/file/x'))).toBe('ENOTDIR');
  });
});

describe('HostDirFs', () => {
  it('reads and writes files like MemoryFs, errors as errno codes', () => {
    fs.writeFile('/srv/a.txt', 'hello\n');
    fs.writeFile('/srv/a.txt', 'more\n', { append: true });
    expect(new TextDecoder().decode(fs.readFile('/srv/a.txt'))).toBe('hello\nmore\n');
    expect(fs.stat('/srv/a.txt')).toMatchObject({ type: 'file', size: 11, mode: 0o644 });
    expect(fs.readdir('/srv')).toEqual([{ name: 'a.txt', type: 'file' }]);
    expect(code(() => fs.readFile('/nope'))).toBe('ENOENT');
    expect(code(() => fs.readFile('/srv'))).toBe('EISDIR');
    expect(code(() => fs.mkdir('/srv'))).toBe('EEXIST');
    fs.mkdir('/a/b/c', { parents: true });
    expect(fs.stat('/a/b/c').type).toBe('dir');
    expect(code(() => fs.rmdir('/a/b'))).toBe('ENOTEMPTY');
    expect(code(() => fs.unlink('/a'))).toBe('EISDIR');
    fs.unlink('/srv/a.txt');
    expect(fs.exists('/srv/a.txt')).toBe(false);
  });

  it('never reads or writes outside its directory, whatever the links', () => {
    symlinkSync('/', join(root, 'srv/up'));
    symlinkSync(join(outside, 'secret'), join(root, 'srv/direct'));
    symlinkSync('../../secret', join(root, 'srv/rel'));
    expect(code(() => fs.readFile('/srv/up/../secret'))).toBe('ENOENT');
    expect(code(() => fs.readFile('/srv/direct'))).toBe('ENOENT');
    expect(code(() => fs.readFile('/srv/rel'))).toBe('ENOENT');
    fs.writeFile('/srv/rel', 'inside\n');
    expect(readFileSync(join(outside, 'secret'), 'utf8')).toBe('outside\n');
    expect(readFileSync(join(root, 'secret'), 'utf8')).toBe('inside\n');
    expect(fs.lstat('/srv/up').type).toBe('symlink');
    expect(fs.readlink('/srv/up')).toBe('/');
  });
});

describe('classroom serve options', () => {
  it('parses and checks them', () => {
    expect(parseServeArgs([])).toMatchObject({ port: 4322, maxSessions: 8, graceS: 30, origins: ['http://127.0.0.1:4321', 'http://localhost:4321'] });
    expect(parseServeArgs(['--port', '0', '--origin', 'https://Example.org/path', '--max-sessions=3'])).toMatchObject({ port: 0, origins: ['https://example.org'], maxSessions: 3 });
    expect(parseServeArgs(['--port', '70000'])).toBe("--port needs a whole number from 0 to 65535, got '70000'");
    expect(parseServeArgs(['--origin', 'file:///x'])).toBe("--origin needs an http(s) origin such as http://127.0.0.1:4321, got 'file:///x'");
    expect(parseServeArgs(['--state-root', 'rel'])).toBe("--state-root needs an absolute path, got 'rel'");
    expect(parseServeArgs(['--state-root', '/'])).toBe('--state-root cannot be /');
    expect(parseServeArgs(['--bogus'])).toBe("unexpected argument '--bogus'");
    expect(parseServeArgs(['--help'])).toBe('help');
  });

  it('prints a link with the backend in the query and the token in the fragment', () => {
    expect(openUrl('http://127.0.0.1:4321/', 'http://127.0.0.1:4322', 'ab')).toBe('http://127.0.0.1:4321/?backend=http%3A%2F%2F127.0.0.1%3A4322#token=ab');
  });
});
