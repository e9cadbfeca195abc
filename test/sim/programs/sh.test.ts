import { describe, expect, it } from 'vitest';
import { run, runClock, sh, sim, start } from './helpers.ts';
import { Parser, ShSyntaxError, EOF_NODE } from '../../../src/sim/programs/sh/parser.ts';
import { parseCached } from '../../../src/sim/programs/sh/main.ts';

/** A small deterministic PRNG. */
function rng(seed: number): (n: number) => number {
  let x = seed;
  return (n) => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x % n;
  };
}

describe('sh: parsing', () => {
  it('parses a script once and shares the tree between shells', () => {
    const a = parseCached('while true; do echo hello world; sleep 1; done', 0);
    const b = parseCached('while true; do echo hello world; sleep 1; done', 0);
    expect(a).toBe(b);
    expect(a.nodes.length).toBe(1);
  });

  it('never throws anything but a syntax error on random input, and never hangs', () => {
    const r = rng(7);
    const alphabet = ['a', ' ', ';', '&', '|', '(', ')', '{', '}', '<', '>', '"', "'", '`', '$', '\\', '\n', '#', '*', '=', '[', ']', '!', '~', 'if', 'then', 'fi', 'do', 'done', 'case', 'in', 'esac', '))', '$((', '${', '<<', 'EOF', '2>&1', 'for', 'while', ':', '-'];
    for (let k = 0; k < 3000; k++) {
      let src = '';
      const len = 1 + r(12);
      for (let j = 0; j < len; j++) src += alphabet[r(alphabet.length)];
      try {
        const p = new Parser(src, 0);
        for (let guard = 0; guard < 1000; guard++) if (p.next() === EOF_NODE) break;
      } catch (e) {
        expect(e).toBeInstanceOf(ShSyntaxError);
        expect((e as Error).message).toMatch(/^syntax error: /);
      }
    }
  });

  it('random scripts run to an exit status with busybox-style messages only', () => {
    const r = rng(99);
    const toks = ['echo x', 'true', 'false', ':', 'x=1', '$x', '"$x"', 'if', 'then', 'else', 'fi', 'for i in 1 2;', 'do', 'done', '{', '}', '(', ')', ';', '&&', '||', '|', '!', '\n', '>/dev/null', '<', '$(', '`', '"', "'", '${', '$((', '1+2', '))', 'cat /etc/group', 'exit 3', 'break', 'return', 'f()', '*', '$?', '2>&1', '&', 'sleep 0.1', 'kill $$', 'wait'];
    for (let k = 0; k < 150; k++) {
      const parts: string[] = [];
      const len = 1 + r(8);
      for (let j = 0; j < len; j++) parts.push(toks[r(toks.length)]!);
      const res = sh(parts.join(' '), { ms: 5000 });
      if (res.status === undefined) res.task.killAll();
      expect(res.stderr).not.toMatch(/internal error/);
      for (const line of res.stderr.split('\n').filter(Boolean)) expect(line).toMatch(/^(sh: |cat: |Terminated|Killed)/);
      if (/syntax error/.test(res.stderr) && !/bad substitution/.test(res.stderr) && res.stdout === '') expect(res.status).toBe(2);
    }
  });
});

describe('sh: behaviour beyond the oracle cases', () => {
  it('here-documents with expansions, quoted markers and tab stripping', () => {
    expect(sh('x=world; cat <<EOF\nhello $x\n`echo bq`\nEOF\necho after').stdout).toBe('hello world\nbq\nafter\n');
    expect(sh("cat <<'E'\n$x \\n\nE").stdout).toBe('$x \\n\n');
    expect(sh('cat <<-E\n\t\tx\n\tE').stdout).toBe('x\n');
  });

  it('reads a script from a pipe as lines arrive', () => {
    const s = sim();
    const r = start(s, ['sh'], { openStdin: true });
    runClock(s.clock, 10);
    r.init.writeStdin('echo one\nfor i in a b\n');
    runClock(s.clock, 10);
    expect(r.stdout).toBe('one\n');
    r.init.writeStdin('do echo $i; done\n');
    runClock(s.clock, 10);
    expect(r.stdout).toBe('one\na\nb\n');
    r.init.writeStdin('exit 6\n');
    runClock(s.clock, 10);
    expect(r.status).toBe(6);
  });

  it('a trapped signal interrupts `wait`, and the trap runs', () => {
    const s = sim();
    const r = start(s, ['sh', '-c', "trap 'echo usr1' USR1; sleep 100 & wait; echo wait=$?"]);
    runClock(s.clock, 100);
    r.init.signal(10);
    runClock(s.clock, 100);
    expect(r.stdout).toBe('usr1\nwait=138\n');
  });

  it('`read` waits for input on the clock', () => {
    const s = sim();
    const r = start(s, ['sh', '-c', 'read line; echo "got [$line]"'], { openStdin: true });
    runClock(s.clock, 5000);
    expect(r.status).toBeUndefined();
    r.init.writeStdin('hello there\n');
    runClock(s.clock, 10);
    expect([r.stdout, r.status]).toEqual(['got [hello there]\n', 0]);
  });

  it('read -t times out in simulated time', () => {
    const s = sim();
    const r = start(s, ['sh', '-c', 'read -t 2 x; echo "rc=$?"'], { openStdin: true });
    runClock(s.clock, 1900);
    expect(r.stdout).toBe('');
    runClock(s.clock, 200);
    expect(r.stdout).toBe('rc=1\n');
  });

  it('exec replaces the shell (same PID) and keeps its redirections', () => {
    const s = sim();
    const r = start(s, ['sh', '-c', 'echo $$; exec sleep 50']);
    runClock(s.clock, 10);
    expect(r.task.processes().map((p) => [p.pid, p.command])).toEqual([[1, 'sleep 50']]);
    expect(sh('exec 2>&1; ls /nope').stdout).toBe('ls: /nope: No such file or directory\n');
    expect(sh('exec >/tmp/o; echo hidden; exec >/dev/null; cat /tmp/o >&2').stderr).toBe('hidden\n');
  });

  it('runs scripts from files with line numbers in messages, and #! scripts', () => {
    const s = sim();
    s.fs.writeFile('/s.sh', 'echo in script $0 $1\nnosuch\ncd /nope\n', { mode: 0o755 });
    const r = run(['sh', '/s.sh', 'arg'], { sim: s });
    expect(r.stdout).toBe('in script /s.sh arg\n');
    expect(r.stderr).toBe('/s.sh: line 2: nosuch: not found\n/s.sh: cd: line 3: can\'t cd to /nope: No such file or directory\n');
    s.fs.writeFile('/t', 'echo no shebang $0\n', { mode: 0o755 });
    expect(sh('/t; ./t', { sim: s, cwd: '/' }).stdout).toBe('no shebang /t\nno shebang ./t\n');
  });

  it('deep recursion crashes the shell like a segfault instead of the simulator', () => {
    const r = sh('f() { f; }; f', { ms: 60_000 });
    expect(r.status).toBe(139);
  });

  it('command substitution forks a subshell that ps can see', () => {
    expect(sh('x=$(ps); echo "$x"').stdout).toBe('PID   USER     COMMAND\n    1 root     sh -c x=$(ps); echo "$x"\n    2 root     {ps} sh -c x=$(ps); echo "$x"\n');
  });

  it('set -x traces with PS4 and quoting', () => {
    expect(sh("set -x; echo 'a b' c; x=1").stderr).toBe("+ echo 'a b' c\n+ x=1\n");
  });
});
