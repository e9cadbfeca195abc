/** The host shell's language and built-ins on the simulated host's files. */
import { describe, expect, it } from 'vitest';
import { parse } from '../../../src/play/terminal/parse.ts';
import { lastLine, session } from './harness.ts';

const PROMPT = 'root@classroom:~#';

/** Output of one command line (between its prompt line and the next prompt). */
async function out(line: string, prepare?: string[]) {
  const s = await session();
  for (const p of prepare ?? []) await s.type(`${p}\r`);
  await s.type(`${line}\r`);
  const lines = s.text().split('\n');
  const start = lines.lastIndexOf(`${PROMPT} ${line}`);
  return { text: lines.slice(start + 1, -1).join('\n'), status: s.shell.state.status, s };
}

describe('parse', () => {
  it('splits lists, pipelines, redirections and assignments', () => {
    const r = parse('A=1 docker ps -a | grep x > out.txt 2>&1 && echo ok; echo "$A"');
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.script).toHaveLength(2);
    const first = r.script[0]!;
    expect(first.first.commands).toHaveLength(2);
    expect(first.first.commands[0]!.assigns.map((a) => a.name)).toEqual(['A']);
    expect(first.first.commands[1]!.redirects.map((x) => [x.fd, x.op])).toEqual([
      [1, '>'],
      [2, '>&'],
    ]);
    expect(first.rest.map((x) => x.op)).toEqual(['&&']);
  });

  it('says when a line is not finished, and what it does not run', () => {
    expect(parse('echo "abc').kind).toBe('incomplete');
    expect(parse('docker ps |').kind).toBe('incomplete');
    expect(parse('echo $(docker ps').kind).toBe('incomplete');
    expect(parse('echo a \\').kind).toBe('incomplete');
    expect(parse('| grep x')).toEqual({ kind: 'error', message: "bash: syntax error near unexpected token `|'" });
    expect(parse('echo >')).toEqual({ kind: 'error', message: "bash: syntax error near unexpected token `newline'" });
    expect(parse('sleep 10 &')).toEqual({ kind: 'unsupported', what: 'background' });
    expect(parse('(cd /tmp)')).toEqual({ kind: 'unsupported', what: 'compound' });
    expect(parse('for i in 1 2; do echo $i; done')).toEqual({ kind: 'unsupported', what: 'compound' });
  });
});

describe('expansions', () => {
  it('expands variables outside single quotes, splits unquoted results', async () => {
    expect((await out(`X='a  b'; echo $X "$X" '$X' \${X}!`)).text).toBe('a b a  b $X a b!');
    expect((await out('echo ~ ~/x "~"')).text).toBe('/root /root/x ~');
    expect((await out('false; echo $? $HOME')).text).toBe('1 /root');
    expect((await out('N=4; echo $((N * (2 + 1) - $N / 2)) "$((7 % 3))"')).text).toBe('10 1');
    expect((await out('echo $((1 / 0))')).text).toBe('bash: 1 / 0: division by 0 (error token is "0")');
  });

  it('substitutes commands: $(…) and `…`, trailing newlines dropped', async () => {
    expect((await out('echo "[$(echo one; echo two)]" `echo three`')).text).toBe('[one\ntwo] three');
    const r = await out('ID=$(docker run -d busybox true); echo ${#}; echo $ID', []);
    expect(r.text.split('\n')[1]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('passes VAR=value before a command to docker as its environment (docker run -e VAR)', async () => {
    const r = await out('GREETING=hello docker run --rm -e GREETING busybox sh -c \'echo $GREETING\'');
    expect(r.text).toBe('hello');
    const r2 = await out('docker run --rm -e GREETING busybox sh -c \'echo "[$GREETING]"\'');
    expect(r2.text).toBe('[]');
    const r3 = await out('export GREETING=hi; docker run --rm -e GREETING busybox sh -c \'echo $GREETING\'');
    expect(r3.text).toBe('hi');
  });
});

describe('lists and pipelines', () => {
  it('runs && || ; with the right statuses', async () => {
    expect((await out('false && echo no || echo yes; echo end')).text).toBe('yes\nend');
    expect((await out('docker stop nope || echo "failed: $?"')).text).toBe('Error response from daemon: No such container: nope\nfailed: 1');
    expect((await out('! false && echo negated')).text).toBe('negated');
  });

  it('pipes docker output into grep, head, tail and wc', async () => {
    const prep = ['docker run --name web -d busybox sleep 3600', 'docker run --name other -d busybox sleep 3600'];
    const grep = await out('docker ps -a | grep web', prep);
    expect(grep.text).toMatch(/^[0-9a-f]{12} +busybox +"sleep 3600" .* web$/);
    expect((await out('docker ps -a | grep -c busybox', prep)).text).toBe('2');
    expect((await out('docker ps -a | grep nothing', prep)).status).toBe(1);
    expect((await out('docker ps -a | wc -l', prep)).text).toBe('3');
    expect((await out('docker ps --format "{{.Names}}" | head -n 1', prep)).text).toBe('other');
    expect((await out('docker ps --format "{{.Names}}" | tail -1', prep)).text).toBe('web');
  });

  it('feeds files and pipes to docker: docker import from a pipe, docker load from <', async () => {
    const s = await session();
    await s.type('docker run --name web -d busybox sleep 3600\r');
    await s.type('docker export web | docker import - piped\r');
    expect(s.text().split('\n').at(-2)).toMatch(/^sha256:[0-9a-f]{64}$/);
    await s.type('docker save busybox > b.tar && docker load < b.tar\r');
    expect(s.text().split('\n').at(-2)).toBe('Loaded image: busybox:latest');
    await s.type('docker load\r');
    expect(s.text().split('\n').at(-2)).toBe('requested load from stdin, but stdin is empty');
  });

  it('streams a pipeline: docker logs -f | grep shows matches as they come, Ctrl-C ends it', async () => {
    const s = await session();
    await s.type("docker run -d --name t2 busybox sh -c 'i=0; while true; do i=$((i+1)); echo line $i; sleep 1; done'\r");
    s.shell.input('docker logs -f t2 | grep "line [13]"\r');
    const { advance } = await import('./harness.ts');
    await advance(s.sim, 3500);
    expect(s.text().split('\n').slice(-2)).toEqual(['line 1', 'line 3']);
    await s.type('\x03');
    expect(s.shell.state.status).toBe(130);
    expect(lastLine(s.text())).toBe(PROMPT);
  });
});

describe('redirections', () => {
  it('writes, appends and reads host files', async () => {
    const r = await out('echo one > f; echo two >> f; cat f; cat < f | wc -l');
    expect(r.text).toBe('one\ntwo\n2');
    expect(r.s.sim.host.readText('/root/f')).toBe('one\ntwo\n');
    expect(r.s.sim.host.stat('/root/f').mode).toBe(0o644);
  });

  it('sends stderr where asked: 2> file, 2>&1, /dev/null', async () => {
    const r = await out('docker stop nope 2> err.txt; cat err.txt; docker stop nope 2>/dev/null');
    expect(r.text).toBe('Error response from daemon: No such container: nope');
    expect((await out('docker stop nope > all.txt 2>&1; wc -l all.txt')).text).toBe('1 all.txt');
    expect((await out('docker stop nope 2>&1 > all.txt | wc -l')).text).toBe('1');
  });

  it('reports what bash reports', async () => {
    expect((await out('cat < missing')).text).toBe('bash: missing: No such file or directory');
    expect((await out('echo x > /nodir/f')).text).toBe('bash: /nodir/f: No such file or directory');
    expect((await out('echo x > /tmp')).text).toBe('bash: /tmp: Is a directory');
    expect((await out('X="a b"; echo x > $X')).text).toBe('bash: $X: ambiguous redirect');
  });
});

describe('host built-ins', () => {
  it('ls lists in columns on the terminal, one per line into a pipe, long with -l', async () => {
    const prep = ['touch b.txt a.txt', 'mkdir dir', 'echo hi > .hidden'];
    expect((await out('ls', prep)).text).toBe('a.txt  b.txt  dir');
    expect((await out('ls | cat', prep)).text).toBe('a.txt\nb.txt\ndir');
    expect((await out('ls -a', prep)).text).toBe('.  ..  .hidden  a.txt  b.txt  dir');
    const long = (await out('ls -l', prep)).text.split('\n');
    expect(long[0]).toBe('total 4');
    expect(long[1]).toBe('-rw-r--r-- 1 root root    0 Jun  1 09:00 a.txt');
    expect(long[3]).toBe('drwxr-xr-x 2 root root 4096 Jun  1 09:00 dir');
    expect((await out('ls nothing')).text).toBe("ls: cannot access 'nothing': No such file or directory");
  });

  it('cd, pwd, mkdir, rm with bash and coreutils messages', async () => {
    const s = await session();
    await s.type('mkdir -p a/b && cd a/b && pwd\r');
    expect(s.text().split('\n').slice(-2)).toEqual(['/root/a/b', 'root@classroom:~/a/b#']);
    await s.type('cd /nope\r');
    expect(s.text().split('\n').at(-2)).toBe('bash: cd: /nope: No such file or directory');
    await s.type('cd; rm a\r');
    expect(s.text().split('\n').at(-2)).toBe("rm: cannot remove 'a': Is a directory");
    await s.type('rm -r a && ls\r');
    expect(s.text().split('\n').at(-1)).toBe(PROMPT);
    await s.type('mkdir /tmp\r');
    expect(s.text().split('\n').at(-2)).toBe("mkdir: cannot create directory '/tmp': File exists");
  });

  it('sleep waits on the simulated clock', async () => {
    const s = await session();
    const t0 = s.sim.clock.now();
    await s.type('sleep 2\r');
    expect(s.sim.clock.now() - t0).toBeGreaterThanOrEqual(2000);
  });

  it('help answers in the shell\'s language', async () => {
    expect((await out('help')).text).toContain('nsenter');
    const s = await session({ lang: 'zh-CN' });
    await s.type('help\r');
    expect(s.text()).toContain('模拟 Docker 主机');
  });

  it('clear empties the screen', async () => {
    const s = await session();
    await s.type('echo hello\r');
    await s.type('clear\r');
    expect(s.text()).toBe(PROMPT);
  });

  it('continues an unfinished line with the "> " prompt', async () => {
    const s = await session();
    await s.type('echo "one\r');
    expect(lastLine(s.text())).toBe('>');
    await s.type('two"\r');
    expect(s.text().split('\n').slice(-3)).toEqual(['one', 'two', PROMPT]);
  });
});
