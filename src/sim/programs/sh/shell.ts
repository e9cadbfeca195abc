/**
 * busybox ash's evaluator: one Shell per shell process (forked subshells get a
 * copy). Evaluation is a generator on the virtual clock; control flow (exit,
 * break, return, errors) travels as exceptions, like ash's longjmps.
 */
import { EINTR, type Op, type Proc, type Program } from '../../kernel/process.ts';
import { NullFd, Pipe, type Fd } from '../../kernel/fd.ts';
import { SIGINT, SIGQUIT, SIGTERM, signalName } from '../../kernel/signals.ts';
import { findApplet, isAppletName } from '../registry.ts';
import type { Node, Redir, Word } from './ast.ts';
import { expandArgs, expandPattern, expandString, casematch } from './expand.ts';
import { VarTable, VEXPORT, VREADONLY } from './vars.ts';
import { ExitSignal, InterruptSignal, LoopSignal, ReturnSignal, ShellError, strerror } from './errors.ts';
import { BUILTINS, type Builtin } from './builtins.ts';
import { commandText } from './cmdtext.ts';
import { resolvePath } from '../../fs/path.ts';
import { EOF_NODE, Parser, ShSyntaxError } from './parser.ts';

export type Gen<T> = Generator<Op, T, unknown>;

export const EV_EXIT = 1;
export const EV_TESTED = 2;

export interface Job {
  id: number;
  procs: Proc[];
  cmd: string;
  /** Reported as done (interactive shells print "[1]+  Done …" once). */
  notified: boolean;
}

interface LocalFrame {
  saved: Map<string, { value: string | undefined; flags: number } | null>;
}

type Resolved =
  | { kind: 'func'; body: Node }
  | { kind: 'builtin'; fn: Builtin; special: boolean }
  | { kind: 'applet'; name: string }
  | { kind: 'path'; path: string }
  | { kind: 'notfound' };

const DEFAULT_PATH = '/sbin:/usr/sbin:/bin:/usr/bin';

const BREAK_LOOP = Symbol('break');
const CONTINUE_LOOP = Symbol('continue');

export class Shell {
  readonly p: Proc;
  vars: VarTable;
  params: string[];
  arg0: string;
  funcs: Map<string, Node>;
  /** Trap actions by signal (0 = EXIT). */
  traps: Map<number, string>;
  status = 0;
  /** Exit status of the last command substitution (status of an assignment-only command). */
  backStatus = 0;
  lastBg = 0;
  rootPid: number;
  optE = false;
  optU = false;
  optX = false;
  optF = false;
  iflag = false;
  /** 'c' (sh -c), 'file' (sh script), 'stdin'. */
  mode: 'c' | 'file' | 'stdin' = 'c';
  /** ash's commandname: the script (file mode) or the running builtin; prefixes error messages. */
  commandname: string | null = null;
  lineno = 0;
  loopDepth = 0;
  funcDepth = 0;
  jobs: Job[] = [];
  #locals: LocalFrame[] = [];
  #inTrap = 0;
  #exiting = false;

  constructor(p: Proc, arg0: string, params: string[]) {
    this.p = p;
    this.arg0 = arg0;
    this.params = params;
    this.vars = new VarTable();
    this.funcs = new Map();
    this.traps = new Map();
    this.rootPid = p.pid;
  }

  /** ash's init(): fixed variables, then the environment, then PPID/SHLVL/HOSTNAME/PWD. */
  initVars(): void {
    const v = this.vars;
    v.set('IFS', ' \t\n');
    v.set('MAIL', undefined);
    v.set('MAILPATH', undefined);
    v.set('PATH', DEFAULT_PATH, VEXPORT);
    v.set('PS1', '\\w \\$ ');
    v.set('PS2', '> ');
    v.set('PS4', '+ ');
    v.set('OPTIND', '1');
    v.set('LINENO', '');
    v.set('FUNCNAME', '');
    v.set('RANDOM', undefined);
    for (const e of this.p.env) {
      const i = e.indexOf('=');
      if (i > 0) v.set(e.slice(0, i), e.slice(i + 1), VEXPORT);
    }
    v.set('IFS', ' \t\n');
    v.set('OPTIND', '1');
    v.set('PPID', String(this.p.ppid));
    const lvl = Number.parseInt(v.get('SHLVL') ?? '0', 10);
    v.set('SHLVL', String((Number.isFinite(lvl) ? lvl : 0) + 1), VEXPORT);
    if (v.get('HOSTNAME') === undefined) v.set('HOSTNAME', this.p.hostname);
    let pwd = v.get('PWD');
    if (pwd === undefined || !pwd.startsWith('/') || resolvePath('/', pwd) !== this.p.cwd) pwd = this.p.cwd;
    v.set('PWD', pwd, VEXPORT);
  }

  /** A copy for a forked child. */
  clone(p: Proc): Shell {
    const s = new Shell(p, this.arg0, this.params.slice());
    s.vars = this.vars.clone();
    s.funcs = new Map(this.funcs);
    for (const [sig, act] of this.traps) if (act === '') s.traps.set(sig, '');
    s.status = this.status;
    s.lastBg = this.lastBg;
    s.rootPid = this.rootPid;
    s.optE = this.optE;
    s.optU = this.optU;
    s.optX = this.optX;
    s.optF = this.optF;
    s.mode = this.mode;
    s.commandname = this.commandname;
    s.lineno = this.lineno;
    s.loopDepth = this.loopDepth;
    s.funcDepth = this.funcDepth;
    return s;
  }

  // ---- variables ----

  getVar(name: string): string | undefined {
    if (name === 'LINENO') return String(this.lineno);
    if (name === 'RANDOM') return String(Math.floor(Math.random() * 32768));
    return this.vars.get(name);
  }

  /** $name for any parameter name (special, positional or variable). */
  paramValue(name: string, _forLen: boolean): string | undefined {
    switch (name) {
      case '?':
        return String(this.status);
      case '$':
        return String(this.rootPid);
      case '!':
        return this.lastBg ? String(this.lastBg) : undefined;
      case '#':
        return String(this.params.length);
      case '-':
        return this.optFlags();
      case '0':
        return this.arg0;
    }
    if (/^[0-9]+$/.test(name)) return this.params[Number(name) - 1];
    return this.getVar(name);
  }

  /** $-: ash lists its option letters in reverse table order (u b a C v x c s n m i I f e). */
  optFlags(): string {
    let s = '';
    if (this.optU) s += 'u';
    if (this.optX) s += 'x';
    if (this.mode === 'c') s += 'c';
    if (this.mode === 'stdin') s += 's';
    if (this.iflag && this.p.ctty) s += 'm';
    if (this.iflag) s += 'i';
    if (this.optF) s += 'f';
    if (this.optE) s += 'e';
    return s;
  }

  /** Assignment with ash's readonly check (fatal "x: is read only"). */
  assign(name: string, value: string, flags = 0): void {
    const v = this.vars.find(name);
    if (v && v.flags & VREADONLY) throw this.fatal(`${name}: is read only`);
    this.vars.set(name, value, flags);
  }

  readonly arithVars = {
    get: (n: string) => this.getVar(n),
    set: (n: string, val: string) => this.assign(n, val),
  };

  pushLocal(name: string): void {
    const f = this.#locals[this.#locals.length - 1];
    if (!f || f.saved.has(name)) return;
    const v = this.vars.find(name);
    f.saved.set(name, v ? { value: v.value, flags: v.flags } : null);
  }

  // ---- messages ----

  /** ash_vmsg: "sh: [cmd: ][line N: ]msg". */
  errmsg(msg: string): void {
    let s = this.arg0 + ': ';
    if (this.commandname) {
      if (this.commandname !== this.arg0) s += this.commandname + ': ';
      if (!this.iflag) s += `line ${this.lineno}: `;
    }
    this.p.write(2, s + msg + '\n');
  }

  /** Reports and returns an error to throw (status 2). */
  fatal(msg: string, status = 2): ShellError {
    this.errmsg(msg);
    return new ShellError(status);
  }

  // ---- evaluation ----

  *eval(n: Node | null, flags: number): Gen<number> {
    if (!n) return (this.status = 0);
    let st: number;
    switch (n.k) {
      case 'simple':
        st = yield* this.evalSimple(n, flags);
        break;
      case 'list': {
        st = 0;
        const last = n.items.length - 1;
        for (let i = 0; i <= last; i++) st = yield* this.eval(n.items[i]!, i === last ? flags : flags & ~EV_EXIT);
        return st;
      }
      case 'and':
      case 'or': {
        st = yield* this.eval(n.a, (flags | EV_TESTED) & ~EV_EXIT);
        if ((st === 0) === (n.k === 'and')) st = yield* this.eval(n.b, flags);
        return st;
      }
      case 'not':
        st = (yield* this.eval(n.n, (flags | EV_TESTED) & ~EV_EXIT)) === 0 ? 1 : 0;
        break;
      case 'pipe':
        st = yield* this.evalPipe(n.cmds, flags);
        break;
      case 'bg':
        st = this.evalBg(n.n);
        break;
      case 'if': {
        const c = yield* this.eval(n.cond, EV_TESTED);
        if (c === 0) return yield* this.eval(n.then, flags);
        if (n.else) return yield* this.eval(n.else, flags);
        st = 0;
        break;
      }
      case 'loop':
        st = yield* this.evalLoop(n, flags);
        break;
      case 'for':
        st = yield* this.evalFor(n, flags);
        break;
      case 'case':
        st = yield* this.evalCase(n, flags);
        break;
      case 'sub':
        st = yield* this.evalSubshell(n.body, n.redirs, flags);
        break;
      case 'redir': {
        const saved = yield* this.redirect(n.redirs);
        if (!saved) {
          st = 1;
          break;
        }
        try {
          st = yield* this.eval(n.body, flags & ~EV_EXIT);
        } finally {
          this.restore(saved);
        }
        break;
      }
      case 'func':
        this.funcs.set(n.name, n.body);
        st = 0;
        break;
    }
    this.status = st;
    if (this.p.pending) yield* this.dotrap();
    if (this.optE && st !== 0 && !(flags & EV_TESTED)) throw new ExitSignal(st);
    return st;
  }

  /** One pass of a loop body: its status, or what a `break`/`continue` aimed at this loop asks. */
  *loopBody(body: Node, flags: number): Gen<number | typeof BREAK_LOOP | typeof CONTINUE_LOOP> {
    try {
      return yield* this.eval(body, flags & ~EV_EXIT);
    } catch (e) {
      if (!(e instanceof LoopSignal)) throw e;
      if (--e.n > 0) throw e;
      return e.brk ? BREAK_LOOP : CONTINUE_LOOP;
    }
  }

  *evalLoop(n: Node & { k: 'loop' }, flags: number): Gen<number> {
    let status = 0;
    this.loopDepth++;
    try {
      for (;;) {
        let c: number;
        try {
          c = yield* this.eval(n.cond, EV_TESTED);
        } catch (e) {
          if (!(e instanceof LoopSignal)) throw e;
          if (--e.n > 0) throw e;
          if (e.brk) break;
          continue;
        }
        if (n.until ? c === 0 : c !== 0) break;
        const r = yield* this.loopBody(n.body, flags);
        if (r === BREAK_LOOP) break;
        if (r !== CONTINUE_LOOP) status = r;
        yield* this.p.tick();
      }
    } finally {
      this.loopDepth--;
    }
    return status;
  }

  *evalFor(n: Node & { k: 'for' }, flags: number): Gen<number> {
    this.lineno = n.line;
    const items = n.words === null ? this.params.slice() : yield* expandArgs(this, n.words);
    let status = 0;
    this.loopDepth++;
    try {
      for (const it of items) {
        this.assign(n.name, it);
        const r = yield* this.loopBody(n.body, flags);
        if (r === BREAK_LOOP) break;
        if (r !== CONTINUE_LOOP) status = r;
        yield* this.p.tick();
      }
    } finally {
      this.loopDepth--;
    }
    return status;
  }

  *evalCase(n: Node & { k: 'case' }, flags: number): Gen<number> {
    this.lineno = n.line;
    const word = yield* expandString(this, n.word);
    for (const item of n.items) {
      for (const pw of item.pats) {
        const pat = yield* expandPattern(this, pw);
        if (casematch(pat, word)) return yield* this.eval(item.body, flags);
      }
    }
    return 0;
  }

  *evalSubshell(body: Node, redirs: Redir[], flags: number): Gen<number> {
    if (flags & EV_EXIT && !this.mayHaveTraps()) {
      const saved = yield* this.redirect(redirs);
      if (!saved) return 1;
      this.commit(saved);
      return yield* this.eval(body, flags);
    }
    const saved = yield* this.redirect(redirs);
    if (!saved) return 1;
    let child: Proc;
    try {
      child = this.fork((sub) => sub.eval(body, EV_EXIT));
    } finally {
      this.restore(saved);
    }
    return yield* this.waitFg([child]);
  }

  evalBg(n: Node): number {
    const fds = this.p.fds.slice();
    if (!this.iflag) fds[0] = new NullFd();
    const child = this.fork((sub) => sub.eval(n, EV_EXIT), { fds, bg: true });
    if (!this.iflag) fds[0]!.close();
    this.lastBg = child.pid;
    // Only job-control shells keep the command text ("jobs" shows it).
    this.addJob([child], this.iflag ? commandText(n) : '');
    return 0;
  }

  *evalPipe(cmds: Node[], _flags: number): Gen<number> {
    const children: Proc[] = [];
    let prevRead: Fd | undefined;
    let pgid: number | undefined;
    for (let i = 0; i < cmds.length; i++) {
      let r: Fd | undefined;
      let w: Fd | undefined;
      if (i < cmds.length - 1) {
        const pipe = new Pipe();
        r = pipe.readEnd();
        w = pipe.writeEnd();
      }
      const fds = this.p.fds.slice();
      if (prevRead) fds[0] = prevRead;
      if (w) fds[1] = w;
      const cmd = cmds[i]!;
      const child = this.fork((sub) => sub.eval(cmd, EV_EXIT), { fds, pgid });
      if (pgid === undefined && this.iflag) pgid = child.pid;
      children.push(child);
      prevRead?.close();
      w?.close();
      prevRead = r;
    }
    return yield* this.waitFg(children);
  }

  /** Waits for a foreground job (not interruptible), with the TTY handed over when interactive. */
  *waitFg(procs: Proc[]): Gen<number> {
    const tty = this.iflag ? this.p.ctty : undefined;
    if (tty && procs[0]) tty.fgPgid = procs[0].pgid;
    let st = 0;
    try {
      for (const c of procs) {
        const r = yield* this.p.wait(c, false);
        st = r === EINTR ? 128 + SIGINT : r;
      }
    } finally {
      if (tty) tty.fgPgid = this.p.pgid;
    }
    this.reportSignal(procs[procs.length - 1]!);
    // A job-control shell "intuits" a ^C from the job's status and interrupts itself (ash's raise(SIGINT)).
    if (this.iflag && st === 128 + SIGINT) this.p.deliver(SIGINT);
    return st;
  }

  /** ash prints strsignal() when a job it waits for by name dies of a signal (not INT/PIPE). */
  reportSignal(pr: Proc): void {
    const sig = pr.termsig;
    if (sig && sig !== SIGINT && sig !== 13) this.p.write(2, sigText(sig) + '\n');
  }

  // ---- simple commands ----

  *evalSimple(n: Node & { k: 'simple' }, flags: number): Gen<number> {
    this.lineno = n.line;
    this.backStatus = 0;
    const argv = yield* expandArgs(this, n.args);
    const assigns: [string, string][] = [];
    for (const a of n.assigns) assigns.push([a.name, yield* expandString(this, a.value, true)]);
    if (this.optX) this.trace(assigns, argv);
    yield* this.p.tick();
    if (argv.length === 0) {
      for (const [k, v] of assigns) this.assign(k, v);
      if (n.redirs.length) {
        const saved = yield* this.redirect(n.redirs);
        if (!saved) return 1;
        this.restore(saved);
      }
      return this.backStatus;
    }
    const name = argv[0]!;
    const cmd = this.resolve(name);
    switch (cmd.kind) {
      case 'builtin':
        return yield* this.runBuiltin(cmd.fn, cmd.special, argv, assigns, n.redirs);
      case 'func':
        return yield* this.runFunction(cmd.body, argv, assigns, n.redirs, flags);
      case 'notfound': {
        // The message goes where the command's stderr was redirected.
        const saved = yield* this.redirect(n.redirs);
        if (!saved) return 1;
        this.errmsg(name === '' ? ': Permission denied' : `${name}: not found`);
        this.restore(saved);
        return 127;
      }
      default:
        return yield* this.runExternal(cmd, argv, assigns, n.redirs, flags);
    }
  }

  trace(assigns: [string, string][], argv: string[]): void {
    const ps4 = this.getVar('PS4') ?? '+ ';
    const words = [...assigns.map(([k, v]) => k + '=' + shQuote(v)), ...argv.map(shQuote)];
    this.p.write(2, ps4 + words.join(' ') + '\n');
  }

  resolve(name: string, funcs = true): Resolved {
    if (name === '') return { kind: 'notfound' };
    if (name.includes('/')) return { kind: 'path', path: name };
    const f = funcs ? this.funcs.get(name) : undefined;
    if (f) return { kind: 'func', body: f };
    const b = BUILTINS.get(name);
    if (b) return { kind: 'builtin', fn: b.fn, special: b.special };
    if (isAppletName(name)) return { kind: 'applet', name };
    const path = this.getVar('PATH') ?? '';
    for (let dir of path.split(':')) {
      if (dir === '') dir = '.';
      const cand = (dir.endsWith('/') ? dir : dir + '/') + name;
      try {
        if (this.p.fs.stat(this.p.abs(cand)).type === 'file') return { kind: 'path', path: cand };
      } catch {
        /* keep looking */
      }
    }
    return { kind: 'notfound' };
  }

  resolveNoFunc(name: string): Resolved {
    return this.resolve(name, false);
  }

  *runBuiltin(fn: Builtin, special: boolean, argv: string[], assigns: [string, string][], redirs: Redir[]): Gen<number> {
    const saved = yield* this.redirect(redirs);
    if (!saved) {
      if (special) throw new ShellError(1);
      return 1;
    }
    const restoreVars = special ? undefined : this.tempAssign(assigns);
    if (special) for (const [k, v] of assigns) this.assign(k, v);
    const prevName = this.commandname;
    this.commandname = argv[0]!;
    try {
      return yield* fn(this, argv);
    } catch (e) {
      if (e instanceof ShellError && !special) return e.status;
      throw e;
    } finally {
      this.commandname = prevName;
      if (argv[0] === 'exec' && argv.length === 1) this.commit(saved);
      else this.restore(saved);
      restoreVars?.();
    }
  }

  /** VAR=x for a regular builtin or function: set, exported, for the duration. */
  tempAssign(assigns: [string, string][]): (() => void) | undefined {
    if (!assigns.length) return undefined;
    const old: [string, { value: string | undefined; flags: number } | null][] = [];
    for (const [k, v] of assigns) {
      const cur = this.vars.find(k);
      old.push([k, cur ? { value: cur.value, flags: cur.flags } : null]);
      this.assign(k, v, VEXPORT);
    }
    return () => {
      for (const [k, o] of old.reverse()) {
        if (o === null) this.vars.unset(k);
        else {
          const v = this.vars.set(k, o.value);
          v.flags = o.flags;
        }
      }
    };
  }

  *runFunction(body: Node, argv: string[], assigns: [string, string][], redirs: Redir[], _flags: number): Gen<number> {
    const saved = yield* this.redirect(redirs);
    if (!saved) return 1;
    const restoreVars = this.tempAssign(assigns);
    const oldParams = this.params;
    const oldFuncname = this.vars.get('FUNCNAME');
    this.params = argv.slice(1);
    this.funcDepth++;
    this.#locals.push({ saved: new Map() });
    this.vars.set('FUNCNAME', argv[0]);
    let st: number;
    try {
      st = yield* this.eval(body, 0);
    } catch (e) {
      if (!(e instanceof ReturnSignal)) throw e;
      st = e.status;
    } finally {
      const frame = this.#locals.pop()!;
      for (const [k, o] of frame.saved) {
        if (o === null) this.vars.unset(k);
        else {
          const v = this.vars.set(k, o.value);
          v.flags = o.flags;
        }
      }
      this.vars.set('FUNCNAME', oldFuncname ?? '');
      this.funcDepth--;
      this.params = oldParams;
      restoreVars?.();
      this.restore(saved);
    }
    return st;
  }

  /** The program a non-builtin command runs, and how ps will show it. */
  #image(cmd: Resolved, argv: string[]): { program: Program; comm: string; cmdline?: string[] } {
    if (cmd.kind === 'applet') {
      const a = findApplet(cmd.name);
      if (!a) return { program: notImplemented(cmd.name), comm: 'exe' };
      // NOEXEC applets run in the forked shell (its command line stays); the others re-exec
      // busybox, which then names itself after the applet.
      if (a.noexec) return { program: a.main, comm: cmd.name.slice(0, 15), cmdline: this.p.cmdline ?? this.p.argv };
      return { program: a.main, comm: cmd.name.slice(0, 15) };
    }
    const path = (cmd as { path: string }).path;
    const sh = this;
    return {
      comm: this.p.comm,
      cmdline: this.p.cmdline ?? this.p.argv,
      program: function* (cp: Proc) {
        return yield* execPath(sh, cp, path, argv);
      },
    };
  }

  *runExternal(cmd: Resolved, argv: string[], assigns: [string, string][], redirs: Redir[], flags: number): Gen<number> {
    const env = this.vars.environ(assigns.length ? new Map(assigns) : undefined);
    const saved = yield* this.redirect(redirs);
    if (!saved) return 1;
    if (flags & EV_EXIT && !this.mayHaveTraps()) {
      this.commit(saved);
      this.p.env = env;
      if (cmd.kind === 'path') {
        const st = yield* execPath(this, this.p, cmd.path, argv);
        return st;
      }
      const img = this.#image(cmd, argv);
      this.p.execProgram(img.program, argv, img.comm, img.cmdline);
    }
    let child: Proc;
    try {
      const img = this.#image(cmd, argv);
      child = this.p.spawn({
        argv,
        env,
        program: img.program,
        comm: img.comm,
        cmdline: img.cmdline,
        ignore: this.userIgnored(),
        pgid: this.iflag ? 0 : undefined,
      });
    } finally {
      this.restore(saved);
    }
    return yield* this.waitFg([child]);
  }

  // ---- processes ----

  /** Signals a child starts with ignored: those trapped with '' (ash resets the rest). */
  userIgnored(): number {
    let m = 0;
    for (const [sig, act] of this.traps) if (sig > 0 && act === '') m |= 2 ** sig;
    return m;
  }

  mayHaveTraps(): boolean {
    return this.traps.size > 0;
  }

  /** Forks a subshell running `run`; it exits with the returned status. */
  fork(run: (sub: Shell) => Gen<number>, opts: { fds?: (Fd | undefined)[]; bg?: boolean; pgid?: number } = {}): Proc {
    const parent = this;
    let ignore = this.userIgnored();
    if (opts.bg && !this.iflag) ignore |= 2 ** SIGINT | 2 ** SIGQUIT;
    const program: Program = function* (cp: Proc) {
      const sub = parent.clone(cp);
      return yield* sub.runTop(() => run(sub));
    };
    return this.p.spawn({
      argv: this.p.argv,
      cmdline: this.p.cmdline,
      comm: this.p.comm,
      fds: opts.fds,
      program,
      ignore,
      pgid: this.iflag ? (opts.pgid ?? 0) : undefined,
    });
  }

  /** Runs a body as a (sub)shell's whole life: catches exit/errors, runs the EXIT trap. */
  *runTop(body: () => Gen<number>): Gen<number> {
    let st: number;
    try {
      st = yield* body();
    } catch (e) {
      st = this.exitStatusOf(e);
    }
    return yield* this.exitShell(st);
  }

  exitStatusOf(e: unknown): number {
    if (e instanceof ExitSignal || e instanceof ShellError || e instanceof ReturnSignal) return e.status;
    if (e instanceof LoopSignal) return this.status;
    if (e instanceof InterruptSignal) return 128 + SIGINT;
    throw e;
  }

  /** exitshell(): the EXIT trap, then the final status. */
  *exitShell(status: number): Gen<number> {
    if (this.#exiting) return status;
    this.#exiting = true;
    this.status = status;
    const act = this.traps.get(0);
    if (act) {
      this.traps.delete(0);
      try {
        yield* this.evalString(act, 0);
      } catch (e) {
        if (e instanceof ExitSignal) return e.status;
        this.exitStatusOf(e);
      }
    }
    return status;
  }

  *commandSubst(body: Node): Gen<string> {
    const pipe = new Pipe();
    const r = pipe.readEnd();
    const w = pipe.writeEnd();
    const fds = this.p.fds.slice();
    fds[1] = w;
    const child = this.fork((sub) => sub.eval(body, EV_EXIT), { fds });
    w.close();
    let out = '';
    try {
      for (;;) {
        const c = yield* this.p.read(r, false, false);
        if (c === null || c === EINTR) break;
        out += c;
      }
    } finally {
      r.close();
    }
    const st = yield* this.p.wait(child, false);
    this.backStatus = st === EINTR ? 1 : st;
    return out;
  }

  addJob(procs: Proc[], cmd: string): void {
    // A loop starting background jobs must not grow the table forever.
    if (this.jobs.length >= 64) this.jobs = this.jobs.filter((j) => !j.procs.every((p) => p.exited));
    let id = 1;
    while (this.jobs.some((j) => j.id === id)) id++;
    this.jobs.push({ id, procs, cmd, notified: false });
  }

  /** Interactive: "[1]+  Done  cmd" for finished jobs; everyone: forget reaped jobs. */
  reportJobs(): void {
    const keep: Job[] = [];
    for (const j of this.jobs) {
      if (!j.procs.every((pr) => pr.exited)) {
        keep.push(j);
        continue;
      }
      if (this.iflag) this.p.write(2, jobLine(j));
    }
    this.jobs = keep;
  }

  // ---- traps ----

  *dotrap(): Gen<void> {
    for (;;) {
      const sig = this.p.takeSignal();
      if (!sig) return;
      const act = this.traps.get(sig);
      if (act === undefined) {
        if (sig === SIGINT && this.iflag) throw new InterruptSignal();
        continue;
      }
      if (act === '') continue;
      const saved = this.status;
      this.#inTrap++;
      try {
        yield* this.evalString(act, 0);
      } finally {
        this.#inTrap--;
      }
      this.status = saved;
    }
  }

  /** Installs the process-level disposition for a trap change. */
  setTrap(sig: number, act: string | undefined): void {
    if (act === undefined) this.traps.delete(sig);
    else this.traps.set(sig, act);
    if (sig === 0) return;
    if (act === undefined) this.defaultSignal(sig);
    else this.p.setDisposition(sig, act === '' ? 'ignore' : 'catch');
  }

  /** The disposition a signal has without a trap (interactive shells catch INT, ignore QUIT/TERM). */
  defaultSignal(sig: number): void {
    if (this.iflag && sig === SIGINT) this.p.setDisposition(sig, 'catch');
    else if (this.iflag && (sig === SIGQUIT || sig === SIGTERM)) this.p.setDisposition(sig, 'ignore');
    else this.p.setDisposition(sig, 'default');
  }

  /** eval/trap/. : parse and run a string in this shell. */
  *evalString(src: string, flags: number): Gen<number> {
    const parser = new Parser(src, this.lineno);
    let st = 0;
    for (;;) {
      let n: Node | null;
      try {
        n = parser.next();
      } catch (e) {
        if (e instanceof ShSyntaxError) throw this.fatal(e.message);
        throw e;
      }
      if (n === EOF_NODE) break;
      if (!n) continue;
      st = yield* this.eval(n, parser.atEnd() ? flags : flags & ~EV_EXIT);
    }
    return st;
  }

  // ---- redirections ----

  /**
   * Applies redirections to this process's fd table. Returns what to undo, or
   * undefined after reporting a failure (the command's status is then 1).
   */
  *redirect(redirs: Redir[]): Gen<[number, Fd | undefined][] | undefined> {
    const saved: [number, Fd | undefined][] = [];
    if (!redirs.length) return saved;
    const fds = this.p.fds;
    const set = (fd: number, f: Fd | undefined) => {
      saved.push([fd, fds[fd]]);
      fds[fd] = f;
    };
    for (const r of redirs) {
      if (r.op === '<<' || r.op === '<<-') {
        const body = r.here ? yield* expandString(this, r.here) : '';
        const pipe = new Pipe();
        const rd = pipe.readEnd();
        const wr = pipe.writeEnd();
        wr.write(body);
        wr.close();
        set(r.fd, rd);
        continue;
      }
      const target = yield* expandString(this, r.target);
      if (r.op === '<&' || r.op === '>&') {
        if (target === '-') {
          set(r.fd, undefined);
          continue;
        }
        if (/^[0-9]+$/.test(target)) {
          const src = fds[Number(target)];
          if (!src) {
            this.undo(saved);
            this.errmsg(`${target}: Bad file descriptor`);
            return undefined;
          }
          set(r.fd, src.dup());
          continue;
        }
        // ">&file" (fd 1 only) is bash's "&>file"; anything else is ash's redir error.
        if (r.op === '<&' || r.fd !== 1) {
          this.undo(saved);
          throw this.fatal('redir error');
        }
      }
      const mode = r.op === '<' ? 'r' : r.op === '>>' ? 'a' : r.op === '<>' ? 'rw' : 'w';
      const f = this.p.open(target, mode);
      if (typeof f === 'string') {
        this.undo(saved);
        if (mode === 'r') this.errmsg(`can't open ${target}: ${f === 'ENOENT' ? 'no such file' : strerror(f)}`);
        else this.errmsg(`can't create ${target}: ${f === 'ENOENT' ? 'nonexistent directory' : strerror(f)}`);
        return undefined;
      }
      if (r.op === '&>' || r.op === '>&') {
        set(1, f);
        set(2, f.dup());
      } else set(r.fd, f);
    }
    return saved;
  }

  /** Undoes redirections (in reverse). */
  restore(saved: [number, Fd | undefined][]): void {
    const fds = this.p.fds;
    for (let i = saved.length - 1; i >= 0; i--) {
      const [fd, old] = saved[i]!;
      fds[fd]?.close();
      fds[fd] = old;
    }
  }

  undo(saved: [number, Fd | undefined][]): void {
    this.restore(saved);
    saved.length = 0;
  }

  /** Makes redirections permanent (exec). */
  commit(saved: [number, Fd | undefined][]): void {
    for (const [, old] of saved) old?.close();
    saved.length = 0;
  }
}

/** exec of a path from the shell (in a forked child or in place): ash's shellexec. */
export function* execPath(sh: Shell, cp: Proc, path: string, argv: string[]): Gen<number> {
  const e = cp.execve(path, argv, cp.env);
  if (e === 'ENOEXEC') {
    // Not a binary and no #!: ash runs it as a shell script.
    const sub = findApplet('sh');
    if (sub) cp.execProgram(sub.main, ['sh', path, ...argv.slice(1)], 'exe');
  }
  const notFound = e === 'ENOENT' || e === 'ENOTDIR' || e === 'ELOOP';
  sh.errmsg(`${path}: ${e === 'ENOENT' || e === 'ENOTDIR' ? 'not found' : strerror(e)}`);
  return notFound ? 127 : 126;
}

function notImplemented(name: string): Program {
  return function* (cp: Proc) {
    cp.err(`${name}: applet not implemented in this simulator\n`);
    return 1;
  };
}

/** Quotes a word as `set -x` shows it. */
export function shQuote(s: string): string {
  if (s !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return "'" + s.replace(/'/g, `'"'"'`) + "'";
}

/** "[1]+  Done                       sleep 1" */
export function jobLine(j: Job): string {
  const last = j.procs[j.procs.length - 1]!;
  let state: string;
  if (!j.procs.every((p) => p.exited)) state = 'Running';
  else {
    const st = last.exitStatus ?? 0;
    if (st > 128 && st < 160) state = SIGNAL_TEXT[st - 128] ?? `Signal ${st - 128}`;
    else state = st === 0 ? 'Done' : `Done(${st})`;
  }
  const head = `[${j.id}]+  ${state}`;
  return head + ' '.repeat(Math.max(1, 33 - head.length)) + j.cmd + '\n';
}

/** glibc's strsignal(). */
const SIGNAL_TEXT: Record<number, string> = {
  1: 'Hangup', 2: 'Interrupt', 3: 'Quit', 4: 'Illegal instruction', 5: 'Trace/breakpoint trap', 6: 'Aborted', 7: 'Bus error',
  8: 'Floating point exception', 9: 'Killed', 10: 'User defined signal 1', 11: 'Segmentation fault', 12: 'User defined signal 2',
  13: 'Broken pipe', 14: 'Alarm clock', 15: 'Terminated', 16: 'Stack fault', 17: 'Child exited', 18: 'Continued',
  19: 'Stopped (signal)', 20: 'Stopped', 21: 'Stopped (tty input)', 22: 'Stopped (tty output)', 23: 'Urgent I/O condition',
  24: 'CPU time limit exceeded', 25: 'File size limit exceeded', 26: 'Virtual timer expired', 27: 'Profiling timer expired',
  28: 'Window changed', 29: 'I/O possible', 30: 'Power failure', 31: 'Bad system call',
};

export const sigText = (n: number): string => SIGNAL_TEXT[n] ?? signalName(n) ?? String(n);

/** For builtins that need a word expanded (e.g. eval's args are already strings). */
export type { Word };
