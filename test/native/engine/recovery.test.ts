/**
 * State that outlives the backend process, and cleanup when it dies:
 *  - a new backend finds a running container running, and marks one whose process
 *    ended meanwhile exited with its real exit code;
 *  - SIGTERM to `classroom run --engine native` mid-script: the step is cancelled and
 *    everything the script made is removed (exit 143);
 *  - kill -9 of the backend mid-script leaves shims, containers, mounts and cgroups;
 *    `classroom native gc` removes them all: no growth.
 */
import { spawn } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { openNative } from '../../../src/native/engine/backend.ts';
import { BufferIO } from '../../../src/sim/cli/io.ts';
import { docker } from '../../../src/sim/cli/docker.ts';
import { holdings, skipReason } from './harness.ts';

const bin = join(import.meta.dirname, '../../../bin/classroom.js');
const scratch: string[] = [];

function stateRoot(): string {
  const dir = mkdtempSync('/tmp/tmp.');
  scratch.push(dir);
  const root = join(dir, 'root');
  mkdirSync(root);
  return root;
}

afterAll(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

/** Starts `classroom …` with the state root; resolves `ready` once stdout contains `marker`. */
function classroom(args: string[], root: string, cwd: string, marker?: string) {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd,
    env: { ...process.env, CLASSROOM_NATIVE_ROOT: root },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (marker && stdout.includes(marker)) onReady();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, ready, exited, out: () => stdout, err: () => stderr };
}

const LONG_SCRIPT = `
docker run -d --name ka busybox sleep 100
docker run -d --name kb --restart always busybox sh -c "sleep 0.2; exit 1"
docker run -d --name kc -v data:/data busybox sleep 100
docker pause kc
docker run -d --init --name kd busybox sleep 100
sleep 30
docker ps -a
`;

describe.skipIf(skipReason !== undefined)(`native state and cleanup${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('a new backend finds its containers again', async () => {
    const root = stateRoot();
    const a = await openNative({ stateRoot: root, skipPreflight: true, owner: 'first:1' });
    const run = async (e: typeof a.engine, ...argv: string[]) => {
      const io = new BufferIO();
      const code = await docker(argv, { engine: e, io });
      return { code, out: io.stdout, err: io.stderr };
    };
    expect((await run(a.engine, 'run', '-d', '--name', 'keep', 'busybox', 'sleep', '30')).code).toBe(0);
    expect((await run(a.engine, 'run', '-d', '--name', 'ends', 'busybox', 'sh', '-c', 'sleep 0.5; exit 7')).code).toBe(0);
    const pid = (await run(a.engine, 'inspect', '-f', '{{.State.Pid}}', 'keep')).out.trim();
    a.engine.close();
    await delay(1200);

    const b = await openNative({ stateRoot: root, skipPreflight: true, owner: 'second:1' });
    expect((await run(b.engine, 'inspect', '-f', '{{.State.Status}} {{.State.Pid}}', 'keep')).out).toBe(`running ${pid}\n`);
    expect((await run(b.engine, 'inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'ends')).out).toBe('exited 7\n');
    expect((await run(b.engine, 'ps', '--format', '{{.Names}}')).out).toBe('keep\n');
    // the new backend follows the old container: stop, exit code, logs
    expect((await run(b.engine, 'stop', '-t', '1', 'keep')).code).toBe(0);
    expect((await run(b.engine, 'inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'keep')).out).toBe('exited 137\n');
    expect((await run(b.engine, 'rm', 'keep', 'ends')).out).toBe('keep\nends\n');
    b.engine.close();
    const h = holdings(root);
    expect(h.mounts).toEqual([]);
    expect(h.processes).toEqual([]);
    expect(h.runcState).toEqual([]);
  }, 30_000);

  it('SIGTERM mid-script: the step is cancelled and the script cleaned up', async () => {
    const root = stateRoot();
    const cwd = join(root, '..');
    writeFileSync(join(cwd, 'long.script'), LONG_SCRIPT);
    const before = holdings(root);
    const p = classroom(['run', '--engine', 'native', 'long.script'], root, cwd, '$ docker run -d --init --name kd busybox sleep 100');
    await p.ready;
    await delay(300);
    const mid = holdings(root);
    expect(mid.processes.length).toBeGreaterThan(0);
    expect(mid.mounts.length).toBeGreaterThan(0);
    p.child.kill('SIGTERM');
    const { code } = await p.exited;
    expect(code, p.err()).toBe(143);
    expect(p.out()).not.toContain('$ docker ps -a');
    const after = holdings(root);
    expect(after.mounts).toEqual(before.mounts);
    expect(after.processes).toEqual([]);
    expect(after.runcState).toEqual([]);
    expect(after.cgroups).toEqual([]);
    expect(readdirSync(join(root, 'containers'))).toEqual([]);
    expect(readdirSync(join(root, 'volumes'))).toEqual([]);
  }, 60_000);

  it('kill -9 of the backend mid-script, then classroom native gc: no growth', async () => {
    const root = stateRoot();
    const cwd = join(root, '..');
    writeFileSync(join(cwd, 'long.script'), LONG_SCRIPT);
    const before = holdings(root);
    const p = classroom(['run', '--engine', 'native', 'long.script'], root, cwd, '$ docker run -d --init --name kd busybox sleep 100');
    await p.ready;
    await delay(300);
    p.child.kill('SIGKILL');
    await p.exited;
    const left = holdings(root);
    expect(left.processes.length).toBeGreaterThan(0);
    expect(left.mounts.length).toBeGreaterThan(0);
    const gc = classroom(['native', 'gc'], root, cwd);
    const { code } = await gc.exited;
    expect(code, gc.out() + gc.err()).toBe(0);
    expect(gc.out()).toContain('containers removed: 4');
    const after = holdings(root);
    expect(after.mounts).toEqual(before.mounts);
    expect(after.processes).toEqual([]);
    expect(after.runcState).toEqual([]);
    expect(after.cgroups).toEqual([]);
    expect(readdirSync(join(root, 'containers'))).toEqual([]);
    // no container layers left (the links that name busybox's layer Docker's way stay with it)
    const layers = readdirSync(join(root, 'overlay2')).filter((n) => !lstatSync(join(root, 'overlay2', n)).isSymbolicLink());
    expect(layers).toEqual([]);
  }, 60_000);
});
