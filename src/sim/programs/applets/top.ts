/**
 * top, after busybox procps/top.c: a snapshot every -d seconds (default 5). Like
 * the real one it catches the fatal signals and then exits with 128+sig — so
 * even as PID 1 `docker stop` ends it at once with 143.
 */
import type { Proc, ProgramGen } from '../../kernel/process.ts';
import { EINTR } from '../../kernel/process.ts';
import { getopt, err } from '../lib.ts';
import { userName } from '../../kernel/users.ts';

const FATAL = [1, 2, 3, 6, 10, 12, 13, 14, 15, 24, 25, 26];

function screen(p: Proc, batch: boolean, rows: number, cols: number): string {
  const list = p.task.list();
  let out = batch ? '' : '\x1b[H\x1b[J';
  out += 'Mem: 504116K used, 1510772K free, 2132K shrd, 26112K buff, 233888K cached\n';
  out += 'CPU:   0% usr   0% sys   0% nic 100% idle   0% io   0% irq   0% sirq\n';
  const last = list.length ? list[list.length - 1]!.pid : 0;
  out += `Load average: 0.00 0.00 0.00 1/${list.length} ${last}\n`;
  const head = '  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND';
  out += batch ? head : '\x1b[7m' + head.slice(0, cols) + '\x1b[m';
  const max = batch ? list.length : Math.max(0, rows - 4);
  for (const q of list.slice(0, max)) {
    const stat = q.stat.padEnd(3);
    let line = `${String(q.pid).padStart(5)}${String(q.ppid).padStart(6)} ${userName(p.fs, q.uid).slice(0, 8).padEnd(8)} ${stat}  ${' 2268'}   0%   0% `;
    const cmd = (q.cmdline ?? q.argv).join(' ');
    const argv0 = (q.cmdline ?? q.argv)[0] ?? '';
    const base = argv0.slice(argv0.lastIndexOf('/') + 1);
    line += base.startsWith(q.comm) ? cmd : `{${q.comm}} ${cmd}`;
    out += '\n' + (batch ? line : line.slice(0, cols - 1));
  }
  out += batch ? '\n\n' : '\r';
  return out;
}

export function* topMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'top', p.argv, 'd:n:bHm');
  if (!o) return 1;
  let interval = 5000;
  if (o.flags.has('d')) {
    const v = Number(o.flags.get('d')!.replace(/^-/, ''));
    if (!Number.isFinite(v)) {
      err(p, 'top', `invalid number '${o.flags.get('d')}'`);
      return 1;
    }
    interval = v * 1000;
  }
  let iterations = o.flags.has('n') ? Number(o.flags.get('n')!.replace(/^-/, '')) : 0;
  const batch = o.flags.has('b');
  const tty = p.fds[0]?.tty;
  for (const s of FATAL) p.setDisposition(s, 'catch');
  if (!batch) tty?.setRaw(true);
  const quit = (sig: number): number => {
    if (!batch) tty?.setRaw(false);
    if (sig && !p.isInit) p.kill(128 + sig);
    return 128 + sig;
  };
  for (;;) {
    const out = p.fds[1]?.tty;
    p.out(screen(p, batch, out?.rows ?? 24, out?.cols ?? 80));
    if (iterations > 0 && --iterations === 0) {
      quit(0);
      return 0;
    }
    // Sleep for the interval, waking early for a signal or (interactive) a key.
    const deadline = p.task.kernel.clock.now() + interval;
    for (;;) {
      const left = deadline - p.task.kernel.clock.now();
      if (left <= 0) break;
      let key: string | null | typeof EINTR | undefined;
      if (!batch && tty) {
        const clock = p.task.kernel.clock;
        const f = p.fds[0]!;
        const r = f.tryRead(false);
        if (r !== undefined) key = r;
        else {
          const v = yield* p.block((wake) => {
            const c = f.waitReadable(() => wake('key'));
            const id = clock.setTimer(left, () => wake('time'));
            return () => {
              c();
              clock.clearTimer(id);
            };
          }, true);
          if (v === EINTR) key = EINTR;
          else if (v === 'key') key = f.tryRead(false);
          else break;
        }
      } else {
        const ok = yield* p.sleep(left, true);
        key = ok ? undefined : EINTR;
        if (ok) break;
      }
      if (key === EINTR) {
        const sig = p.takeSignal();
        if (sig) return quit(sig);
        continue;
      }
      if (key === null) break;
      if (typeof key === 'string' && /[qQ\x03]/.test(key)) {
        quit(0);
        p.out('\n');
        return 0;
      }
      break;
    }
    const sig = p.takeSignal();
    if (sig) return quit(sig);
  }
}
