/**
 * The `npx classroom` contract other tools depend on: `run --json` prints ONE
 * JSON array with {command, stdout, stderr, exitCode} per step; `docker` keeps state.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '../../bin/classroom.js');
const dir = mkdtempSync(join(tmpdir(), 'classroom-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function classroom(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });
}

describe('classroom run', { timeout: 60_000 }, () => {
  it('prints one JSON array, an element per step', () => {
    const script = join(dir, 'loop.script');
    writeFileSync(
      script,
      [
        '# the tutorial loop',
        '',
        'docker run -d --name loop busybox sh -c "while true; do echo hello world; sleep 1; done"',
        'sleep 2.5',
        'docker logs loop',
        'timeout 1 docker attach --no-stdin --sig-proxy=false loop',
        'docker stop loop',
        'docker inspect -f "{{.State.ExitCode}}" loop',
        'docker rm nosuch',
      ].join('\n'),
    );
    const out = execFileSync(process.execPath, [bin, 'run', '--engine', 'sim', '--docker', '20.10', '--json', script], {
      cwd: dir,
      encoding: 'utf8',
    });
    const steps = JSON.parse(out) as Array<Record<string, unknown>>;
    expect(steps).toHaveLength(7);
    for (const s of steps) expect(Object.keys(s).sort()).toEqual(['command', 'exitCode', 'stderr', 'stdout']);
    expect(steps[0]!['stdout']).toMatch(/^[0-9a-f]{64}\n$/);
    expect(steps[1]).toEqual({ command: 'sleep 2.5', stdout: '', stderr: '', exitCode: 0 });
    expect(steps[2]!['stdout']).toBe('hello world\nhello world\nhello world\n');
    expect(steps[3]).toMatchObject({ stdout: 'hello world\n', exitCode: 124 });
    expect(steps[4]).toMatchObject({ stdout: 'loop\n', exitCode: 0 });
    expect(steps[5]).toMatchObject({ stdout: '137\n', exitCode: 0 });
    expect(steps[6]).toMatchObject({ stderr: 'Error: No such container: nosuch\n', exitCode: 1 });
  }, 30_000);

  it('refuses a broken script with the line number, running nothing', () => {
    const script = join(dir, 'bad.script');
    writeFileSync(script, 'docker ps\ndocker ps | grep x\n');
    const r = classroom(['run', '--json', script]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('line 2');
  });

  it('prints a readable transcript without --json', () => {
    const script = join(dir, 'one.script');
    writeFileSync(script, 'docker run busybox echo hi\ndocker start nosuch\n');
    const r = classroom(['run', script]);
    expect(r.stdout).toBe(
      '$ docker run busybox echo hi\nhi\n$ docker start nosuch\nError response from daemon: No such container: nosuch\nfailed to start containers: nosuch\n[exit 1]\n',
    );
  });
});

describe('classroom docker', { timeout: 60_000 }, () => {
  it('keeps the simulator state between calls', () => {
    const env = { CLASSROOM_STATE: join(dir, 'state.json') };
    expect(classroom(['docker', 'run', '-d', '--name', 'web', 'busybox', 'sleep', '600'], env).status).toBe(0);
    const ps = classroom(['docker', 'ps', '--format', '{{.Names}} {{.State}}'], env);
    expect(ps.stdout).toBe('web running\n');
    expect(classroom(['docker', 'rm', 'web'], env).status).toBe(1);
    expect(classroom(['docker', 'rm', '-f', 'web'], env).stdout).toBe('web\n');
    expect(classroom(['docker', 'ps', '-aq'], env).stdout).toBe('');
    expect(classroom(['reset'], env).status).toBe(0);
  }, 60_000);
});
