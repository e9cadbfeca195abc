/**
 * `docker build` on the native engine (root, runc, overlayfs): a Dockerfile with every
 * kind of step built for real, then run; the cache on a rebuild; history; a failing
 * RUN; real owners, modes and mtimes in the layers; archives and symlinks that try to
 * leave the image's root; the same script on the simulator for comparison.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TarWriter } from '../../../src/sim/archive/tar.ts';
import { holdings, openTestBackend, runNative, runSim, skipReason, type Step, type TestBackend } from '../engine/harness.ts';
import { compared } from '../../../src/native/engine/differential.ts';
import { RED, unweave } from './helpers.ts';

/** The context's files, with fixed mtimes (COPY keeps them). */
const MTIME = 1_700_000_100;

function tarOf(
  entries: Array<{ name: string; type: 'file' | 'dir' | 'symlink' | 'char'; mode: number; uid: number; gid: number; data?: string; linkname?: string; devmajor?: number; devminor?: number }>,
): Uint8Array {
  const w = new TarWriter();
  for (const e of entries) {
    const data = e.data !== undefined ? new TextEncoder().encode(e.data) : undefined;
    const { data: _, ...header } = e;
    w.add({ ...header, mtime: MTIME - 3600, size: data?.length ?? 0 }, data);
  }
  return w.finish();
}

function writeContext(cwd: string, escape: string): void {
  const ctx = join(cwd, 'ctx');
  rmSync(ctx, { recursive: true, force: true });
  mkdirSync(ctx, { recursive: true });
  const put = (name: string, data: string | Uint8Array, mode = 0o644) => {
    writeFileSync(join(ctx, name), data, { mode });
    utimesSync(join(ctx, name), MTIME, MTIME);
  };
  put('hello.txt', 'hello from the context\n');
  put('run.sh', '#!/bin/sh\necho "run.sh $* as $(id -un) in $(pwd)"\ncat hello.txt exec.txt\n', 0o755);
  put(
    'bundle.tar',
    tarOf([
      { name: 'bundle/', type: 'dir', mode: 0o750, uid: 1750, gid: 1751 },
      { name: 'bundle/inside.txt', type: 'file', mode: 0o640, uid: 1750, gid: 1751, data: 'from the tar\n' },
      { name: 'bundle/link', type: 'symlink', mode: 0o777, uid: 0, gid: 0, linkname: 'inside.txt' },
      { name: 'bundle/null', type: 'char', mode: 0o666, uid: 0, gid: 0, devmajor: 1, devminor: 3 },
    ]),
  );
  // an archive whose names lead through a symlink to `/`: inside the image, never the host's
  put(
    'escape.tar',
    tarOf([
      { name: 'up', type: 'symlink', mode: 0o777, uid: 0, gid: 0, linkname: '/' },
      { name: `up/tmp/${escape}`, type: 'file', mode: 0o644, uid: 0, gid: 0, data: 'stayed inside\n' },
    ]),
  );
  put(
    'Dockerfile',
    [
      'FROM busybox',
      'ENV APP=/srv/app GREETING=hello',
      'WORKDIR /srv',
      'WORKDIR app',
      'WORKDIR sub',
      'RUN echo "shell form in $(pwd)" && echo "to stderr" >&2',
      'RUN ["sh", "-c", "echo exec form: $GREETING > exec.txt"]',
      'COPY --chown=1000:1000 hello.txt ./',
      'COPY run.sh /usr/local/bin/',
      'ADD bundle.tar /opt/',
      'RUN ln -s / /rootlink',
      'COPY hello.txt /rootlink/etc/through-link.txt',
      `ADD escape.tar /x/`,
      'USER nobody',
      'ENTRYPOINT ["/usr/local/bin/run.sh"]',
      'CMD ["default-arg"]',
      '',
    ].join('\n'),
  );
  put('fail.Dockerfile', 'FROM busybox\nRUN echo before failing && exit 7\n');
}

const script = (escape: string) => `docker build -t built ctx
docker run --rm built
docker run --rm built other args
docker run --rm -u 0 --entrypoint stat built -c '%u:%g %a %Y %n' /srv/app/sub/hello.txt /srv/app/sub/exec.txt /usr/local/bin/run.sh /opt/bundle /opt/bundle/inside.txt /etc/through-link.txt
docker run --rm -u 0 --entrypoint sh built -c 'readlink /opt/bundle/link; readlink /x/up; cat /x/tmp/${escape}; stat -c \"%F %t:%T %a\" /opt/bundle/null'
docker history built
docker build -t built ctx
docker build -f ctx/fail.Dockerfile ctx
docker ps -a --format '{{.Status}} {{.Command}}'
docker build -q --no-cache -t quiet ctx
`;

const out = (steps: Step[], i: number) => steps[i]!;

describe.skipIf(skipReason !== undefined)(`docker build on the native engine${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let t: TestBackend;
  let steps: Step[];
  const escape = `classroom-escape-${process.pid}`;

  beforeAll(async () => {
    t = await openTestBackend('20.10');
    writeContext(t.cwd, escape);
    steps = await runNative(t, script(escape), '20.10');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    rmSync(`/tmp/${escape}`, { force: true });
  }, 30_000);

  it('builds every step: RUN in real containers (both forms, stderr in red), COPY, ADD, WORKDIR, USER', () => {
    const b = out(steps, 0);
    expect(b.exitCode).toBe(0);
    expect(b.stderr).toBe('');
    const lines = b.stdout.split('\n');
    expect(lines[0]).toBe('Sending build context to Docker daemon  ' + lines[0]!.split('daemon  ')[1]);
    expect(lines.filter((l) => l.startsWith('Step '))).toHaveLength(16);
    expect(b.stdout).toContain('\x1b[91mto stderr\n\x1b[0m');
    expect(b.stdout.replace(RED, '')).toMatch(/ ---> Running in (\w{12})\nshell form in \/srv\/app\/sub\nRemoving intermediate container \1\n/);
    expect(lines.filter((l) => l.startsWith(' ---> Running in '))).toHaveLength(10);
    expect(b.stdout.replace(RED, '').split('\n').filter((l) => l.startsWith('Removing intermediate container '))).toHaveLength(10);
    expect(b.stdout).toMatch(/Successfully built [0-9a-f]{12}\nSuccessfully tagged built:latest\n$/);
  });

  it('runs the image: ENTRYPOINT with CMD as its arguments, the USER, the WORKDIR chain, the copied files', () => {
    expect(out(steps, 1)).toMatchObject({ exitCode: 0, stdout: 'run.sh default-arg as nobody in /srv/app/sub\nhello from the context\nexec form: hello\n' });
    expect(out(steps, 2).stdout).toBe('run.sh other args as nobody in /srv/app/sub\nhello from the context\nexec form: hello\n');
  });

  it('writes real owners, modes and mtimes: --chown, the context file’s mtime, the archive’s owners, through a symlink of the image', () => {
    const s = out(steps, 3);
    expect(s.stderr).toBe('');
    const lines = s.stdout.trim().split('\n');
    expect(lines[0]).toBe(`1000:1000 644 ${MTIME} /srv/app/sub/hello.txt`);
    expect(lines[1]).toMatch(/^0:0 644 \d+ \/srv\/app\/sub\/exec\.txt$/);
    expect(lines[2]).toBe(`0:0 755 ${MTIME} /usr/local/bin/run.sh`);
    expect(lines[3]).toBe(`1750:1751 750 ${MTIME - 3600} /opt/bundle`);
    expect(lines[4]).toBe(`1750:1751 640 ${MTIME - 3600} /opt/bundle/inside.txt`);
    expect(lines[5]).toBe(`0:0 644 ${MTIME} /etc/through-link.txt`);
  });

  it('keeps an archive’s names inside its destination when a symlink in it points at / (chrootarchive.Untar), never on the host; its devices', () => {
    expect(out(steps, 4)).toMatchObject({ exitCode: 0, stderr: '', stdout: 'inside.txt\n/\nstayed inside\ncharacter special file 1:3 666\n' });
    expect(existsSync(`/tmp/${escape}`)).toBe(false);
  });

  it('shows the history of every step, newest first', () => {
    const rows = out(steps, 5).stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^IMAGE +CREATED +CREATED BY +SIZE +COMMENT$/);
    const by = rows.slice(1).map((r) => r.slice(r.indexOf('ago') + 3).trim());
    expect(by).toHaveLength(16);
    expect(by[0]).toMatch(/^\/bin\/sh -c #\(nop\)  CMD \["default-arg"\] +0B$/);
    expect(by[1]).toMatch(/^\/bin\/sh -c #\(nop\)  ENTRYPOINT \["\/usr\/local\/b… +0B$/);
    expect(by[2]).toMatch(/^\/bin\/sh -c #\(nop\)  USER nobody +0B$/);
    // the archive's file and its symlink's target: 13 + 10 bytes
    expect(by[6]).toMatch(/^\/bin\/sh -c #\(nop\) ADD file:[0-9a-f]+… +23B$/);
    expect(by[9]).toMatch(/^sh -c echo exec form: \$GREETING > exec\.txt +17B$/);
    expect(by[10]).toMatch(/^\/bin\/sh -c echo "shell form in \$\(pwd\)" && ec… +0B$/);
    expect(by[13]).toMatch(/^\/bin\/sh -c #\(nop\) WORKDIR \/srv +0B$/);
    expect(by[15]).toMatch(/^1\.98MB +Imported from -$/);
  });

  it('takes every step from the cache on a rebuild, to the same image', () => {
    const first = out(steps, 0).stdout;
    const again = out(steps, 6);
    expect(again.exitCode).toBe(0);
    expect(again.stdout.match(/ ---> Using cache\n/g)).toHaveLength(15);
    expect(again.stdout).not.toContain('Running in');
    expect(again.stdout.match(/Successfully built (\w+)/)![1]).toBe(first.match(/Successfully built (\w+)/)![1]);
  });

  it('stops at a failing RUN with its exit code, and leaves its container', () => {
    const f = out(steps, 7);
    expect(f.exitCode).toBe(7);
    expect(f.stdout).toContain('before failing\n');
    expect(f.stderr).toBe("The command '/bin/sh -c echo before failing && exit 7' returned a non-zero code: 7\n");
    expect(out(steps, 8).stdout).toMatch(/^Exited \(7\) (Less than a second|1 second) ago "\/bin\/sh -c 'echo be…"\n$/);
  });

  it('-q --no-cache prints only the new image ID', () => {
    const q = out(steps, 9);
    expect(q.exitCode).toBe(0);
    expect(q.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    expect(q.stdout.slice(7, 19)).not.toBe(out(steps, 0).stdout.match(/Successfully built (\w+)/)![1]);
  });

  it('kills and removes the RUN container when the client goes (timeout), and makes no image', async () => {
    mkdirSync(join(t.cwd, 'slow'), { recursive: true });
    writeFileSync(join(t.cwd, 'slow', 'Dockerfile'), 'FROM busybox\nRUN echo start; sleep 30; echo end\nRUN echo never\n');
    const images = t.backend.store.images.images().length;
    const started = Date.now();
    const s = await runNative(t, 'timeout 2 docker build -t slow slow\ndocker ps -aq\ndocker images -q slow\n', '20.10');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(s[0]!.exitCode).toBe(124);
    expect(s[0]!.stdout).toMatch(/ ---> Running in (\w{12})\nstart\nRemoving intermediate container \1\n$/);
    expect(s[1]!.stdout).toBe('');
    expect(s[2]!.stdout).toBe('');
    expect(t.backend.store.images.images().length).toBe(images);
  }, 30_000);

  it('leaves no mount and no scratch directory behind', () => {
    expect(holdings(t.root).mounts).toEqual([]);
    expect(readdirSync(join(t.root, 'build'))).toEqual([]);
  });

  it('prints what the simulator prints for the same script (after normalisation)', async () => {
    writeContext(t.cwd, escape);
    const both = [await runSim(script(escape), '20.10', t.cwd), steps].map((s) => compared(s.map((x) => ({ ...x, stdout: unweave(x.stdout) }))));
    for (const i of [0, 1, 2, 6, 7, 9]) expect(both[1]![i], script(escape).split('\n')[i]).toEqual(both[0]![i]);
    // the simulator's stat has no device numbers (%t:%T is ?:? there)
    const [sim4, native4] = both.map((b) => b[4]!.stdout.split('\n').slice(0, 3));
    expect(native4).toEqual(sim4);
  });
});
