/**
 * docker-init (tini 0.19), what `docker run --init` runs as PID 1: it starts the
 * command as its child, passes every signal it gets on to the child, reaps, and
 * exits with the child's status (128+n when a signal n killed it). Because the
 * child is not PID 1, SIGTERM's default action applies to it: `docker stop` ends
 * such a container at once with 143.
 */
import { EINTR, type Proc, type ProgramGen } from '../kernel/process.ts';

const FORWARDED = [1, 2, 3, 10, 12, 13, 14, 15, 17, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31];

export function* dockerInitMain(p: Proc): ProgramGen {
  let args = p.argv.slice(1);
  if (args[0] === '--') args = args.slice(1);
  if (!args.length) {
    p.err('[FATAL tini (1)] No command to run\n');
    return 1;
  }
  for (const sig of FORWARDED) if (sig !== 17) p.setDisposition(sig, 'catch');
  const argv = args;
  const child = p.spawn({
    argv,
    program: function* (q: Proc): ProgramGen {
      const err = q.execve(resolveCommand(q, argv[0]!), argv, q.env);
      q.err(`[FATAL tini (${q.pid})] exec ${argv[0]} failed: ${err === 'ENOENT' ? 'No such file or directory' : err}\n`);
      return 127;
    },
  });
  for (;;) {
    const status = yield* p.wait(child, true);
    if (status === EINTR) {
      for (let sig = p.takeSignal(); sig !== 0; sig = p.takeSignal()) p.killPid(child.pid, sig);
      continue;
    }
    return status;
  }
}

/** execvp's search of PATH for a bare command name. */
function resolveCommand(q: Proc, name: string): string {
  if (name.includes('/')) return name;
  const path = q.getenv('PATH') ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  for (const dir of path.split(':')) {
    const candidate = `${dir || '.'}/${name}`;
    try {
      if (q.fs.stat(candidate).type === 'file') return candidate;
    } catch {
      /* not here */
    }
  }
  return name;
}
