/**
 * `classroom run --engine native` prints the transcript format of `--engine sim`
 * (same normalised JSON), and refuses clearly where it cannot run.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { normalizeTranscript } from '../../../src/runner/normalize.ts';
import type { TranscriptStep } from '../../../src/runner/transcript.ts';
import { lockStateRoot } from '../../../src/native/engine/backend.ts';
import { holdings, skipReason } from './harness.ts';

const bin = join(import.meta.dirname, '../../../bin/classroom.js');

/** `path` and every directory above it. */
function dirsAbove(path: string): string[] {
  const out: string[] = [];
  for (let d = resolve(path); ; d = dirname(d)) {
    out.push(d);
    if (d === dirname(d)) return out;
  }
}
const dir = mkdtempSync('/tmp/tmp.');
const root = join(dir, 'root');
mkdirSync(root);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function classroom(args: string[], o: { uid?: number; input?: string } = {}) {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CLASSROOM_NATIVE_ROOT: root },
    ...(o.uid !== undefined ? { uid: o.uid, gid: o.uid } : {}),
    ...(o.input !== undefined ? { input: o.input } : {}),
    timeout: 60_000,
  });
}

const SCRIPT = `# a small tour
docker run --name hello busybox echo hello
docker run -d --name bg busybox sh -c "echo started; sleep 10"
sleep 0.5
docker logs bg
docker ps --format "{{.Names}} {{.Status}}"
docker exec bg cat /etc/hostname
docker stop -t 1 bg
docker inspect -f "{{.State.Status}} {{.State.ExitCode}}" bg
docker rm hello bg
timeout 1 docker run busybox sleep 5
docker ps -aq
`;

describe.skipIf(skipReason !== undefined)(`classroom run --engine native${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('prints the same transcript as --engine sim (after normalisation)', () => {
    writeFileSync(join(dir, 'tour.script'), SCRIPT);
    const sim = classroom(['run', '--engine', 'sim', '--json', 'tour.script']);
    const native = classroom(['run', '--engine', 'native', '--json', 'tour.script']);
    expect(native.status, native.stderr).toBe(0);
    const norm = (s: string) => normalizeTranscript(JSON.parse(s) as TranscriptStep[]);
    expect(norm(native.stdout)).toEqual(norm(sim.stdout));
    const h = holdings(root);
    expect(h.processes).toEqual([]);
    expect(h.mounts).toEqual([]);
    expect(h.runcState).toEqual([]);
  }, 60_000);

  it('runs a .lesson file as its script, in the text format', () => {
    const lesson = join(import.meta.dirname, '../../../src/lessons/01-what-is-a-container.lesson');
    const r = classroom(['run', '--engine', 'native', lesson]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\$ docker run --rm busybox uname -r\n\d+\.\d+\S*\n\$ /);
    expect(holdings(root).processes).toEqual([]);
  }, 60_000);

  // Another user must be able to reach the checkout (every directory above it o+x) to run
  // its code; a clone under a `mktemp -d` (0700) cannot be reached, and then this says so.
  const unreachable = dirsAbove(join(import.meta.dirname, '../../..')).find((d) => (statSync(d).mode & 0o001) === 0);
  it.skipIf(unreachable !== undefined)(`refuses to run without root, one line per problem, exit 2${unreachable ? ` (skipped: ${unreachable} is closed to other users)` : ''}`, () => {
    // the script on stdin: the scratch directory is root's only
    const r = classroom(['run', '--engine', 'native', '-'], { uid: 65534, input: 'docker ps\n' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^classroom: native engine: the native engine needs root .*sudo/);
    for (const l of lines) expect(l).toMatch(/^classroom: native engine: /);
  }, 30_000);

  it('refuses a second run on a state root in use, in one line', () => {
    const release = lockStateRoot(root);
    try {
      writeFileSync(join(dir, 'ps.script'), 'docker ps\n');
      const r = classroom(['run', '--engine', 'native', 'ps.script']);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^classroom: native engine: another native run \\(pid ${process.pid}\\) is using the state root ${root}: .*\\n$`));
    } finally {
      release();
    }
  }, 30_000);

  it('classroom native gc on a clean state root removes nothing', () => {
    const r = classroom(['native', 'gc']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('containers removed: 0');
  }, 30_000);
});
