/**
 * busybox httpd (1.35) as far as the container's life goes: its options, the home directory
 * (`can't change directory to …`) and -p (`bad address …`) checks, then -f serves in the
 * foreground (as PID 1 with no TERM handler: `docker stop` waits its grace time and kills,
 * 137, as the real one does); without -f it daemonizes (the command exits 0, the server goes
 * on in a background process). The simulated containers have no network stack, so the
 * server never gets a connection; the native backend runs the real httpd.
 */
import type { Proc, ProgramGen } from '../../kernel/process.ts';
import { FsError } from '../../fs/types.ts';
import { strerror } from '../sh/errors.ts';
import { err, getopt } from '../lib.ts';

const SIGHUP = 1;
const SIGCHLD = 17;

/** openServer: a port number, or [IP:]PORT / IPv4 / [IPv6]:PORT (host names do not resolve here). */
function validAddress(v: string): boolean {
  if (/^[0-9]+$/.test(v) && Number(v) > 0 && Number(v) <= 65535) return true;
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+))(?::([0-9]+))?$/.exec(v);
  if (!m) return false;
  if (m[2] !== undefined && !/^\d+(\.\d+){0,3}$/.test(m[2])) return false;
  return m[3] === undefined || Number(m[3]) <= 65535;
}

/** The server loop: SIGHUP re-reads the (absent) config, SIGCHLD is ignored, everything else is default. */
function* serve(p: Proc): ProgramGen {
  p.setDisposition(SIGCHLD, 'ignore');
  p.setDisposition(SIGHUP, 'catch');
  for (;;) {
    yield* p.sleep(2147483647 * 1000, true);
    p.takeSignal();
  }
}

export function* httpdMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'httpd', p.argv, 'c:d:h:e:r:m:u:p:ifv');
  if (!o) return 1;
  for (const f of ['d', 'e', 'm']) {
    if (o.flags.has(f)) {
      err(p, 'httpd', `-${f} is not implemented in this simulator`);
      return 1;
    }
  }
  const home = o.flags.get('h') ?? '.';
  try {
    const st = p.fs.stat(p.abs(home));
    if (st.type !== 'dir') throw new FsError('ENOTDIR', home);
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    err(p, 'httpd', `can't change directory to '${home}': ${strerror(e.code)}`);
    return 1;
  }
  p.cwd = p.abs(home);
  // inetd mode serves the one request on stdin: none comes here
  if (o.flags.has('i')) return 0;
  const addr = o.flags.get('p') ?? '80';
  if (!validAddress(addr)) {
    err(p, 'httpd', `bad address '${addr}'`);
    return 1;
  }
  if (o.flags.has('f')) return yield* serve(p);
  // bb_daemonize: fork, setsid, fork again (the server is the grandchild, PID + 2), the command ends
  p.spawn({
    argv: [...p.argv],
    pgid: 0,
    program: function* (child) {
      child.spawn({ argv: [...child.argv], program: serve });
      return 0;
    },
  });
  return 0;
}
