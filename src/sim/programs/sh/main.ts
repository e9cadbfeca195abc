/**
 * `sh` / `ash`: option parsing and the three ways a shell reads commands —
 * a -c string, a script file, or stdin (interactive with a prompt when stdin and
 * stdout are a terminal). Parsed scripts are cached by text, so a thousand
 * containers running the same `sh -c` share one tree.
 */
import type { Op, Proc, ProgramGen } from '../../kernel/process.ts';
import { EINTR } from '../../kernel/process.ts';
import { SIGINT, SIGQUIT, SIGTERM } from '../../kernel/signals.ts';
import { FsError } from '../../fs/types.ts';
import type { Node } from './ast.ts';
import { EOF_NODE, Parser, ShSyntaxError } from './parser.ts';
import { EV_EXIT, Shell } from './shell.ts';
import { ExitSignal, InterruptSignal, ShellError, strerror } from './errors.ts';
import { LINE_INT, LineEditor } from './lineedit.ts';
import { BANNER_VERSION, usage } from '../usage.ts';

type Gen<T> = Generator<Op, T, unknown>;

interface Parsed {
  nodes: Node[];
  /** Whether the parser was at the end after each node (ash's parser_eof). */
  last: boolean[];
  error?: ShSyntaxError;
}

const cache = new Map<string, Parsed>();

/** Parses a whole string once (ash parses command by command; the result is the same). */
export function parseCached(src: string, startLine: number): Parsed {
  const key = startLine + '\0' + src;
  let r = cache.get(key);
  if (r) return r;
  const p = new Parser(src, startLine);
  r = { nodes: [], last: [] };
  try {
    for (;;) {
      const n = p.next();
      if (n === EOF_NODE) break;
      if (!n) continue;
      r.nodes.push(n);
      r.last.push(p.atEnd());
    }
  } catch (e) {
    if (!(e instanceof ShSyntaxError)) throw e;
    r.error = e;
  }
  if (cache.size > 2000) cache.clear();
  cache.set(key, r);
  return r;
}

export function* shMain(p: Proc): ProgramGen {
  const argv = p.argv;
  const name = argv[0] ?? 'sh';
  let i = 1;
  let cmdString: string | undefined;
  let minusC = false;
  let sflag = false;
  let iflagOpt: boolean | undefined;
  const opts: Record<string, boolean> = {};
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (a === '--help') {
      p.err(yield* usage(p, 'sh'));
      return 1;
    }
    if ((a[0] !== '-' && a[0] !== '+') || a.length === 1) {
      if (a === '-') i++;
      break;
    }
    const on = a[0] === '-';
    for (const c of a.slice(1)) {
      if (c === 'c') minusC = true;
      else if (c === 's') sflag = true;
      else if (c === 'i') iflagOpt = on;
      else if (c === 'l') {
        /* login shell */
      } else if ('Cabefmnuvx'.includes(c)) opts[c] = on;
      else if (c === 'o') i++;
      else {
        p.err(`${name}: illegal option ${a[0]}${c}\n`);
        return 2;
      }
    }
  }
  let arg0 = name;
  let params: string[];
  let mode: 'c' | 'file' | 'stdin';
  let file: string | undefined;
  if (minusC) {
    if (i >= argv.length) {
      p.err(`${name}: -c requires an argument\n`);
      return 2;
    }
    cmdString = argv[i++]!;
    if (i < argv.length) arg0 = argv[i++]!;
    params = argv.slice(i);
    mode = 'c';
  } else if (!sflag && i < argv.length) {
    file = argv[i++]!;
    arg0 = file;
    params = argv.slice(i);
    mode = 'file';
  } else {
    params = argv.slice(i);
    mode = 'stdin';
  }
  const sh = new Shell(p, arg0, params);
  sh.mode = mode;
  sh.optE = !!opts.e;
  sh.optU = !!opts.u;
  sh.optX = !!opts.x;
  sh.optF = !!opts.f;
  sh.initVars();
  if (mode === 'stdin') sh.iflag = iflagOpt ?? (p.isatty(0) && p.isatty(1));
  else sh.iflag = !!iflagOpt;
  return yield* sh.runTop(() => run(sh, mode, cmdString, file, !!opts.n));
}

function* run(sh: Shell, mode: 'c' | 'file' | 'stdin', cmd: string | undefined, file: string | undefined, noexec: boolean): Gen<number> {
  const p = sh.p;
  if (mode === 'c') return yield* runText(sh, cmd!, 0, noexec, true);
  if (mode === 'file') {
    let text: string;
    try {
      const st = p.fs.stat(p.abs(file!));
      text = st.type === 'dir' ? '' : p.fs.readText(p.abs(file!));
    } catch (e) {
      const code = e instanceof FsError ? e.code : 'ENOENT';
      p.err(`${sh.p.argv[0] ?? 'sh'}: can't open '${file}': ${strerror(code)}\n`);
      return 2;
    }
    sh.commandname = file!;
    return yield* runText(sh, text, 1, noexec, false);
  }
  if (sh.iflag) return yield* interactive(sh);
  return yield* runStdin(sh, noexec);
}

/** Runs a complete text (a -c string or a script file). */
function* runText(sh: Shell, text: string, startLine: number, noexec: boolean, lastExec: boolean): Gen<number> {
  const parsed = parseCached(text, startLine);
  for (let k = 0; k < parsed.nodes.length; k++) {
    if (noexec) continue;
    const n = parsed.nodes[k]!;
    const flags = lastExec && parsed.last[k] && !parsed.error ? EV_EXIT : 0;
    yield* sh.eval(n, flags);
    sh.reportJobs();
  }
  if (parsed.error) {
    sh.lineno = parsed.error.line;
    throw sh.fatal(parsed.error.message);
  }
  return sh.status;
}

/** Reads commands from a non-terminal stdin as they arrive, running each complete one. */
function* runStdin(sh: Shell, noexec: boolean): Gen<number> {
  const p = sh.p;
  let buf = '';
  let eof = false;
  let line = 1;
  for (;;) {
    if (!eof) {
      const chunk = yield* p.read(0, true, false);
      if (chunk === null || chunk === EINTR) eof = true;
      else buf += chunk;
    }
    const complete = eof ? buf : buf.slice(0, buf.lastIndexOf('\n') + 1);
    if (!complete) {
      if (eof) return sh.status;
      continue;
    }
    const parser = new Parser(complete, line);
    let consumed = 0;
    let consumedLine = line;
    try {
      for (;;) {
        const n = parser.next();
        if (n === EOF_NODE) break;
        consumed = parser.pos;
        consumedLine = parser.line;
        if (n && !noexec) {
          yield* sh.eval(n, 0);
          sh.reportJobs();
        }
      }
    } catch (e) {
      if (!(e instanceof ShSyntaxError)) throw e;
      if (e.eof && !eof) {
        // Incomplete command: wait for more lines.
        buf = buf.slice(consumed);
        line = consumedLine;
        continue;
      }
      sh.lineno = e.line;
      throw sh.fatal(e.message);
    }
    buf = buf.slice(complete.length);
    line = parser.line;
    if (eof) return sh.status;
  }
}

function prompt(sh: Shell, ps: string): string {
  const p = sh.p;
  const home = sh.getVar('HOME');
  let cwd = sh.getVar('PWD') ?? p.cwd;
  if (home && home !== '/' && (cwd === home || cwd.startsWith(home + '/'))) cwd = '~' + cwd.slice(home.length);
  return ps.replace(/\\([wW$uhHn\\e\[\]])/g, (_m, c: string) => {
    switch (c) {
      case 'w':
        return cwd;
      case 'W':
        return cwd === '/' ? '/' : cwd.slice(cwd.lastIndexOf('/') + 1);
      case '$':
        return p.uid === 0 ? '#' : '$';
      case 'u':
        return p.task.userName(p.uid);
      case 'h':
        return p.hostname.split('.')[0]!;
      case 'H':
        return p.hostname;
      case 'n':
        return '\n';
      case 'e':
        return '\x1b';
      case '\\':
        return '\\';
      default:
        return '';
    }
  });
}

/** The interactive command loop: banner, prompt, line editing, job notices. */
function* interactive(sh: Shell): Gen<number> {
  const p = sh.p;
  sh.defaultSignal(SIGINT);
  sh.defaultSignal(SIGQUIT);
  sh.defaultSignal(SIGTERM);
  if (p.ctty) p.ctty.fgPgid = p.pgid;
  p.write(1, `\n\n${BANNER_VERSION} built-in shell (ash)\nEnter 'help' for a list of built-in commands.\n\n`);
  const ed = new LineEditor();
  let buf = '';
  let line = 1;
  for (;;) {
    sh.reportJobs();
    const ps = buf ? (sh.getVar('PS2') ?? '> ') : prompt(sh, sh.getVar('PS1') ?? '');
    let got: string | null | typeof LINE_INT;
    try {
      got = yield* ed.read(p, ps);
    } catch (e) {
      if (e instanceof InterruptSignal) got = LINE_INT;
      else throw e;
    }
    p.takeSignal();
    if (got === LINE_INT) {
      p.write(2, '\n');
      buf = '';
      sh.status = 130;
      continue;
    }
    if (got === null) {
      if (buf === '') {
        p.write(2, '\n');
        return sh.status;
      }
      got = '';
    }
    buf += got + '\n';
    const parser = new Parser(buf, line);
    try {
      for (;;) {
        const n = parser.next();
        if (n === EOF_NODE) break;
        if (!n) continue;
        try {
          yield* sh.eval(n, 0);
        } catch (e) {
          if (e instanceof ShellError) sh.status = e.status;
          else if (e instanceof InterruptSignal) {
            p.write(2, '\n');
            break;
          } else throw e;
        }
      }
    } catch (e) {
      if (!(e instanceof ShSyntaxError)) throw e;
      if (e.eof) continue;
      sh.errmsg(e.message);
      sh.status = 2;
    }
    line = parser.line;
    buf = '';
  }
}

export { ExitSignal };
