/**
 * Records what the real busybox-static does for every case in cases.ts:
 *   node test/sim/programs/oracle/record.ts      (root; needs busybox-static, unshare, setpriv)
 * Each case runs in a fresh chroot of the busybox image (mkroot.sh), as PID 1 of
 * a new PID namespace with /proc mounted, hostname c0ffee123456 in its own UTS
 * namespace and the supplementary groups runc gives root (0, 10), with the
 * environment docker gives a container. Writes expected.json next to this file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CASES, TTY_CASES } from './cases.ts';

const here = new URL('.', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'bb-oracle-'));
const template = join(work, 'template');
execFileSync('bash', [join(here, 'mkroot.sh'), template]);

const env = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOSTNAME: 'c0ffee123456', HOME: '/root' };
const results = [];
try {
  for (const c of CASES) {
    const root = join(work, 'root');
    rmSync(root, { recursive: true, force: true });
    execFileSync('cp', ['-a', template, root]);
    const argv = c.argv ?? ['sh', '-c', c.script!];
    const time = Date.now();
    const r = spawnSync(
      'unshare',
      ['-u', 'sh', '-c', 'hostname c0ffee123456 && exec setpriv --groups 0,10 unshare -pf --mount-proc="$0/proc" chroot "$0" "$@"', root, ...argv],
      { env, input: c.stdin ?? '', timeout: 10_000, encoding: 'utf8' },
    );
    results.push({ argv, stdin: c.stdin, time, stdout: r.stdout, stderr: r.stderr, status: r.status ?? 128 + 9 });
  }
  const ttyResults = [];
  for (const steps of TTY_CASES) {
    const root = join(work, 'root');
    rmSync(root, { recursive: true, force: true });
    execFileSync('cp', ['-a', template, root]);
    const time = Date.now();
    const out = execFileSync('python3', [join(here, 'drive_tty.py'), root, JSON.stringify(steps)], { encoding: 'utf8' });
    ttyResults.push({ steps, time, out: JSON.parse(out) });
  }
  writeFileSync(join(here, 'expected-tty.json'), JSON.stringify(ttyResults, null, 1) + '\n');
} finally {
  rmSync(work, { recursive: true, force: true });
}
writeFileSync(join(here, 'expected.json'), JSON.stringify(results, null, 1) + '\n');
console.log(`recorded ${results.length} cases, ${TTY_CASES.length} terminal sessions`);
