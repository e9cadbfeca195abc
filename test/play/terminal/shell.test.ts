/** The learner's terminal over the simulator: what the screen shows for the lessons' typical sessions. */
import { describe, expect, it } from 'vitest';
import { advance, lastLine, session } from './harness.ts';

const PROMPT = 'root@classroom:~#';

async function web() {
  const s = await session();
  await s.type('docker run --name web -d busybox sleep 3600\r');
  return s;
}

function state(s: Awaited<ReturnType<typeof session>>, name: string) {
  const c = s.sim.engine.find(name)!;
  return { state: c.state, exitCode: c.exitCode };
}

describe('Shell: commands at the prompt', () => {
  it('starts with the prompt, runs docker run -d and docker ps', async () => {
    const s = await session();
    expect(s.text()).toBe(PROMPT);
    expect(s.shell.prompt).toBe('root@classroom:~# ');
    await s.type('docker run --name web -d busybox sleep 3600\r');
    const id = s.sim.engine.find('web')!.id;
    expect(s.text()).toBe(`${PROMPT} docker run --name web -d busybox sleep 3600\n${id}\n${PROMPT}`);
    await s.type('docker ps\r');
    const lines = s.text().split('\n');
    expect(lines.at(-3)).toMatch(/^CONTAINER ID +IMAGE +COMMAND +CREATED +STATUS +PORTS +NAMES$/);
    expect(lines.at(-2)).toMatch(new RegExp(`^${id.slice(0, 12)} +busybox +"sleep 3600" +.* Up .* web$`));
    expect(lines.at(-1)).toBe(PROMPT);
  });

  it('writes "\\r\\n" line ends outside TTY sessions, never "\\r\\r\\n"', async () => {
    const s = await web();
    await s.type('docker ps -a\r');
    expect(s.raw()).toContain('NAMES\r\n');
    expect(s.raw()).not.toMatch(/[^\r]\n/);
    expect(s.raw()).not.toContain('\r\r\n');
  });

  it('recalls history with ↑ and runs it again with Enter', async () => {
    const s = await session();
    await s.type('echo one\r');
    await s.type('echo two\r');
    await s.type('\x1b[A');
    expect(lastLine(s.text())).toBe(`${PROMPT} echo two`);
    await s.type('\x1b[A');
    expect(lastLine(s.text())).toBe(`${PROMPT} echo one`);
    await s.type('\x1b[B\x1b[B');
    expect(lastLine(s.text())).toBe(PROMPT);
    await s.type('\x1b[A\x1b[A\r');
    expect(s.text().split('\n').slice(-2)).toEqual(['one', PROMPT]);
    expect(s.shell.history()).toEqual(['echo one', 'echo two', 'echo one']);
  });

  it('Ctrl-C at the prompt prints ^C and a new prompt; $? is 130', async () => {
    const s = await session();
    await s.type('docker ps -a\x03');
    expect(s.text()).toBe(`${PROMPT} docker ps -a^C\n${PROMPT}`);
    await s.type('echo $?\r');
    expect(s.text().split('\n').slice(-2)).toEqual(['130', PROMPT]);
  });

  it('Ctrl-D on an empty line only prints a hint', async () => {
    const s = await session();
    await s.type('\x04');
    expect(s.text()).toContain('this terminal stays open');
    expect(lastLine(s.text())).toBe(PROMPT);
    expect(s.shell.busy).toBe(false);
  });

  it('docker logs -f runs until Ctrl-C: ^C, exit status 130', async () => {
    const s = await session();
    await s.type('docker run -d --name ticker busybox sh -c "while true; do echo tick; sleep 1; done"\r');
    s.shell.input('docker logs -f ticker\r');
    await advance(s.sim, 2500);
    expect(s.shell.busy).toBe(true);
    expect(s.text().match(/^tick$/gm)?.length).toBe(3);
    await s.type('\x03');
    expect(s.shell.busy).toBe(false);
    expect(s.text().split('\n').slice(-3)).toEqual(['tick', '^C', PROMPT]);
    expect(s.shell.state.status).toBe(130);
    await s.type('echo $?\r');
    expect(s.text().split('\n').slice(-2)).toEqual(['130', PROMPT]);
  });

  it('keeps what is typed while a command runs for the next prompt', async () => {
    const s = await session();
    s.shell.input('sleep 2\r');
    await advance(s.sim, 500);
    s.shell.input('echo later\r');
    expect(s.text()).toContain('echo later');
    await advance(s.sim, 2000, () => !s.shell.busy);
    expect(s.text().split('\n').slice(-3)).toEqual([`${PROMPT} echo later`, 'later', PROMPT]);
  });

  it('answers an unknown command with bash\'s "command not found", status 127', async () => {
    const s = await session();
    await s.type('foo --bar\r');
    expect(s.text()).toContain('bash: foo: command not found');
    await s.type('echo $?\r');
    expect(s.text().split('\n').slice(-2)).toEqual(['127', PROMPT]);
  });

  it('exit explains that the page terminal stays open', async () => {
    const s = await session({ lang: 'zh-CN' });
    await s.type('exit\r');
    expect(s.text()).toContain('唯一的终端');
    expect(lastLine(s.text())).toBe(PROMPT);
  });
});

describe('Shell: TTY sessions', () => {
  it('docker run -it busybox sh: echo hi, exit; box exited with code 0', async () => {
    const s = await session();
    await s.typeUntil('docker run -it --name box busybox sh\r', /\/ #$/);
    expect(s.shell.busy).toBe(true);
    await s.typeUntil('echo hi\r', /\/ # echo hi\nhi\n\/ #$/);
    await s.type('exit\r');
    expect(s.shell.busy).toBe(false);
    expect(lastLine(s.text())).toBe(PROMPT);
    expect(state(s, 'box')).toEqual({ state: 'exited', exitCode: 0 });
    await s.type('docker inspect --format "{{.State.Status}} {{.State.ExitCode}}" box\r');
    expect(s.text().split('\n').slice(-2)).toEqual(['exited 0', PROMPT]);
  });

  it('passes the TTY output through: the container terminal already writes "\\r\\n"', async () => {
    const s = await session();
    await s.typeUntil('docker run -it --name box busybox sh\r', /\/ #$/);
    await s.typeUntil('echo hi\r', /hi\n\/ #$/);
    expect(s.raw()).toContain('echo hi\r\nhi\r\n/ # ');
    expect(s.raw()).not.toContain('\r\r\n');
  });

  it('Ctrl-C inside the container goes to the container shell, not to docker', async () => {
    const s = await session();
    await s.typeUntil('docker run -it --name box busybox sh\r', /\/ #$/);
    await s.typeUntil('abc\x03', /abc\^C\n\/ #$/);
    expect(s.shell.busy).toBe(true);
    expect(state(s, 'box').state).toBe('running');
    await s.type('exit\r');
    expect(lastLine(s.text())).toBe(PROMPT);
  });

  it('docker exec -it web sh, then Ctrl-D: back on the host, web still running', async () => {
    const s = await web();
    await s.typeUntil('docker exec -it web sh\r', /\/ #$/);
    await s.type('\x04');
    expect(s.shell.busy).toBe(false);
    expect(lastLine(s.text())).toBe(PROMPT);
    expect(state(s, 'web').state).toBe('running');
  });

  it('docker attach + Ctrl-P Ctrl-Q: "read escape sequence", the container keeps running', async () => {
    const s = await session();
    // The brief's `--name t` is refused by Docker itself: a name needs at least two characters.
    await s.type('docker run -dit --name t busybox\r');
    expect(s.text()).toContain('Invalid container name (t)');
    await s.type('docker run -dit --name term busybox\r');
    s.shell.input('docker attach term\r');
    await advance(s.sim, 100);
    expect(s.shell.busy).toBe(true);
    await s.type('\x10\x11');
    expect(s.shell.busy).toBe(false);
    expect(s.text().split('\n').slice(-2)).toEqual(['read escape sequence', PROMPT]);
    expect(state(s, 'term').state).toBe('running');
    await s.type('echo $?\r');
    expect(s.text().split('\n').slice(-2)).toEqual(['1', PROMPT]);
  });

  it('docker run -it + Ctrl-P Ctrl-Q detaches with status 0', async () => {
    const s = await session();
    await s.typeUntil('docker run -it --name box busybox sh\r', /\/ #$/);
    await s.type('\x10\x11');
    expect(s.shell.busy).toBe(false);
    expect(state(s, 'box').state).toBe('running');
    expect(s.shell.state.status).toBe(0);
  });
});

describe('Shell: files on the host', () => {
  it('docker export web > web.tar, ls -l, cat web.tar | docker import - mine', async () => {
    const s = await web();
    await s.type('docker export web > web.tar\r');
    expect(lastLine(s.text())).toBe(PROMPT);
    const tar = s.sim.host.readFile('/root/web.tar');
    expect(tar.length).toBeGreaterThan(10_000);
    await s.type('ls -l\r');
    expect(s.text()).toMatch(new RegExp(`total \\d+\\n-rw-r--r-- 1 root root ${tar.length} Jun  1 09:00 web.tar\\n${PROMPT}$`));
    await s.type('cat web.tar | docker import - mine\r');
    expect(s.text().split('\n').at(-2)).toMatch(/^sha256:[0-9a-f]{64}$/);
    await s.type('docker images --format "{{.Repository}}:{{.Tag}}"\r');
    expect(s.text()).toContain('mine:latest');
  });

  it('docker export web without redirection gives Docker\'s refusal', async () => {
    const s = await web();
    await s.type('docker export web\r');
    expect(s.text().split('\n').slice(-2)).toEqual(['cowardly refusing to save to a terminal. Use the -o flag or redirect', PROMPT]);
    expect(s.shell.state.status).toBe(1);
  });

  it('docker save -o writes a 0600 file relative to the working directory; docker load -i reads it', async () => {
    const s = await session();
    await s.type('mkdir images && cd images\r');
    await s.type('docker save -o busybox.tar busybox\r');
    expect(s.sim.host.stat('/root/images/busybox.tar').mode).toBe(0o600);
    expect(lastLine(s.text())).toBe('root@classroom:~/images#');
    await s.type('docker load -i busybox.tar\r');
    expect(s.text()).toContain('Loaded image: busybox:latest');
    await s.type('docker load < busybox.tar\r');
    expect(s.text().split('\n').at(-2)).toBe('Loaded image: busybox:latest');
  });
});

describe('Shell: nsenter', () => {
  it('enters web by the PID of its process and runs hostname there', async () => {
    const s = await web();
    const id = s.sim.engine.find('web')!.id;
    await s.type("PID=$(docker inspect --format '{{.State.Pid}}' web)\r");
    expect(s.shell.state.vars.get('PID')).toBe(String(s.sim.engine.find('web')!.pid));
    await s.typeUntil('nsenter --target $PID --mount --uts --ipc --net --pid sh\r', /\/ #$/);
    await s.typeUntil('hostname\r', /hostname\n[0-9a-f]{12}\n\/ #$/);
    expect(s.text()).toContain(`/ # hostname\n${id.slice(0, 12)}\n`);
    await s.type('exit\r');
    expect(lastLine(s.text())).toBe(PROMPT);
    expect(state(s, 'web').state).toBe('running');
  });

  it('runs one command with the short options', async () => {
    const s = await web();
    await s.type('nsenter -t $(docker inspect -f "{{.State.Pid}}" web) -m -u -i -n -p hostname\r');
    expect(s.text().split('\n').at(-2)).toBe(s.sim.engine.find('web')!.id.slice(0, 12));
  });

  it('fails as util-linux does: no /bin/bash in busybox, unknown PID', async () => {
    const s = await web();
    await s.type('PID=$(docker inspect --format "{{.State.Pid}}" web)\r');
    await s.type('nsenter --target $PID --mount --uts --ipc --net --pid\r');
    expect(s.text().split('\n').at(-2)).toBe('nsenter: failed to execute /bin/bash: No such file or directory');
    expect(s.shell.state.status).toBe(127);
    await s.type('nsenter --target 99999 --mount --uts --ipc --net --pid sh\r');
    expect(s.text().split('\n').at(-2)).toBe('nsenter: cannot open /proc/99999/ns/ipc: No such file or directory');
    expect(s.shell.state.status).toBe(1);
  });
});

describe('Shell: run()', () => {
  it('shows the line after the prompt, resolves with the status, and queues behind a running command', async () => {
    const s = await session();
    s.shell.input('sleep 1\r');
    let first: number | undefined;
    let second: number | undefined;
    void s.shell.run('docker run --name web -d busybox sleep 3600').then((c) => (first = c));
    void s.shell.run('docker stop nope').then((c) => (second = c));
    expect(s.shell.busy).toBe(true);
    await advance(s.sim, 2000, () => second !== undefined);
    expect(first).toBe(0);
    expect(second).toBe(1);
    const text = s.text();
    expect(text).toContain(`${PROMPT} sleep 1\n${PROMPT} docker run --name web -d busybox sleep 3600\n`);
    expect(text).toContain(`${PROMPT} docker stop nope\nError response from daemon: No such container: nope`);
    expect(s.shell.commandLines()).toEqual(['sleep 1', 'docker run --name web -d busybox sleep 3600', 'docker stop nope']);
  });

  it('gives back what the learner had typed', async () => {
    const s = await session();
    await s.type('echo dra');
    expect(await s.run('echo programmatic')).toBe(0);
    expect(s.text().split('\n').slice(-2)).toEqual(['programmatic', `${PROMPT} echo dra`]);
    await s.type('ft\r');
    expect(s.text().split('\n').slice(-2)).toEqual(['draft', PROMPT]);
  });

  it('reports every command line to onCommand', async () => {
    const s = await session();
    const seen: Array<[string, number]> = [];
    const { Shell } = await import('../../../src/play/terminal/shell.ts');
    const shell = new Shell({ sim: s.sim, write: () => {}, onCommand: (l, c) => seen.push([l, c]) });
    void shell.run('true');
    void shell.run('false');
    await advance(s.sim, 10, () => seen.length === 2);
    expect(seen).toEqual([
      ['true', 0],
      ['false', 1],
    ]);
  });
});
