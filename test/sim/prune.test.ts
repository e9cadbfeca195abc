/**
 * Prune confirmation prompts and the reclaimed space, as the real Docker 20.10
 * client and daemon do them.
 *
 * The prompt was checked on the real 20.10 engine in a pseudo-terminal (Python
 * pty, `docker container prune` with keys written to the master):
 *   "y\r"      -> `…[y/N] y\r\nDeleted Containers:\r\n<id>\r\n\r\nTotal reclaimed space: 0B\r\n`, rc 0
 *   "n\r"      -> `…[y/N] n\r\nTotal reclaimed space: 0B\r\n`, rc 0 (kept)
 *   "yes\r", "Y\r" typed: yes is a no (Y is a yes)
 *   "^D"       -> `…[y/N] Total reclaimed space: 0B\r\n`, rc 0
 *   "y^D" "^D" -> pruned (the y is handed over without a line end, then EOF)
 *   "^C"       -> `…[y/N] ^C`, killed by SIGINT (130 in a shell), nothing pruned
 * The echo and the CR before each NL are the terminal's (ECHO, ONLCR): the
 * client itself writes the prompt, then `Deleted Containers:…`. Through a pipe:
 * `y`, `Y`, `y\n`, `y\r\n` are a yes; `yes`, ` y`, `y `, `y\r` are a no.
 */
import { describe, expect, it } from 'vitest';
import { parseScript } from '../../src/runner/script.ts';
import { runSteps } from '../../src/runner/run.ts';
import { SimHost } from '../../src/runner/simHost.ts';
import { docker } from '../../src/sim/cli/docker.ts';
import { BufferIO, type CliStdin } from '../../src/sim/cli/io.ts';
import { createSimulator } from '../../src/sim/simulator.ts';

const PROMPT = 'WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ';

async function run(script: string, version: '20.10' | '29' = '20.10') {
  const host = new SimHost(await createSimulator({ version, seed: 3 }));
  return runSteps(parseScript(script), host);
}

/** stdin as a pipe holding `text` (then EOF). */
function pipe(text: string): CliStdin {
  return {
    isTTY: false,
    read(onData, onEnd) {
      let live = true;
      queueMicrotask(() => {
        if (live && text) onData(text);
        if (live) onEnd();
      });
      return () => {
        live = false;
      };
    },
  };
}

describe('docker container prune: the [y/N] prompt on a terminal', () => {
  it('Enter (a CR, as a terminal sends it) ends the answer: y prunes', async () => {
    const out = await run('docker run --name xx busybox true\ndocker container prune\n< y\ndocker ps -a -q\n');
    expect(out[1]!.exitCode).toBe(0);
    expect(out[1]!.stdout).toMatch(new RegExp(`^${escape(PROMPT)}Deleted Containers:\\n[0-9a-f]{64}\\n\\nTotal reclaimed space: 0B\\n$`));
    expect(out[1]!.stderr).toBe('');
    expect(out[2]!.stdout).toBe('');
  });

  for (const [typed, pruned] of [
    ['< n', false],
    ['< Y', true],
    ['< yes', false],
    ['< ', false],
    ['<^D', false],
  ] as const) {
    it(`20.10, typed ${JSON.stringify(typed)}: ${pruned ? 'pruned' : 'kept, 0B reclaimed'}`, async () => {
      const out = await run(`docker create --name xx busybox\ndocker container prune\n${typed}\ndocker ps -a -q\n`);
      expect(out[1]!.exitCode).toBe(0);
      if (pruned) expect(out[1]!.stdout).toContain('Deleted Containers:\n');
      else expect(out[1]!.stdout).toBe(`${PROMPT}Total reclaimed space: 0B\n`);
      expect(out[2]!.stdout === '').toBe(pruned);
    });
  }

  it('y then ^D hands over "y" without a line end; a second ^D is EOF: pruned', async () => {
    const out = await run('docker create --name xx busybox\ndocker container prune\n<^D\n');
    expect(out[1]!.stdout).toBe(`${PROMPT}Total reclaimed space: 0B\n`);
    const host = new SimHost(await createSimulator({ version: '20.10', seed: 3 }));
    await host.docker(['create', '--name', 'xx', 'busybox']);
    const r = await host.docker(['container', 'prune'], undefined, ['y', '\x04', '\x04']);
    expect(r.stdout).toContain('Deleted Containers:\n');
    // backspace edits the line before it is handed over
    await host.docker(['create', '--name', 'yy', 'busybox']);
    expect((await host.docker(['container', 'prune'], undefined, ['x\x7fy\r'])).stdout).toContain('Deleted Containers:\n');
  });

  it('^C: 20.10 dies of SIGINT (130, nothing more); current Docker prints a newline and exits 0', async () => {
    const old = await run('docker create --name xx busybox\ndocker container prune\n<^C\ndocker ps -a -q\n');
    expect(old[1]).toMatchObject({ stdout: PROMPT, stderr: '', exitCode: 130 });
    expect(old[2]!.stdout).not.toBe('');
    const cur = await run('docker create --name xx busybox\ndocker container prune\n<^C\ndocker ps -a -q\n', '29');
    expect(cur[1]).toMatchObject({ stdout: `${PROMPT}\n`, stderr: '', exitCode: 0 });
    expect(cur[2]!.stdout).not.toBe('');
  });

  it('current Docker: y with Enter prunes, a declined prune says nothing more', async () => {
    const yes = await run('docker run --name xx busybox true\ndocker container prune\n< y\n', '29');
    expect(yes[1]!.stdout).toMatch(/Deleted Containers:\n[0-9a-f]{64}\n\nTotal reclaimed space: 0B\n$/);
    const no = await run('docker run --name xx busybox true\ndocker container prune\n< n\n', '29');
    expect(no[1]).toMatchObject({ stdout: PROMPT, exitCode: 0 });
  });

  it('docker volume prune takes the same answer', async () => {
    const out = await run('docker volume create vol1\ndocker volume prune\n< y\ndocker volume ls -q\n');
    expect(out[1]!.stdout).toBe(
      'WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] Deleted Volumes:\nvol1\n\nTotal reclaimed space: 0B\n',
    );
    expect(out[2]!.stdout).toBe('');
  });
});

describe('docker container prune: the answer through a pipe (no line discipline)', () => {
  for (const [text, pruned] of [
    ['y', true],
    ['Y\n', true],
    ['y\r\n', true],
    ['y\r', false],
    ['yes\n', false],
    [' y\n', false],
    ['y \n', false],
    ['', false],
  ] as const) {
    it(`20.10, ${JSON.stringify(text)}: ${pruned ? 'pruned' : 'kept'}`, async () => {
      const sim = await createSimulator({ version: '20.10', seed: 3 });
      const host = new SimHost(sim);
      await host.docker(['create', '--name', 'xx', 'busybox']);
      const io = new BufferIO({ stdin: pipe(text) });
      expect(await docker(['container', 'prune'], { engine: sim.engine, io, version: sim.version })).toBe(0);
      expect(io.stdout.includes('Deleted Containers:')).toBe(pruned);
      expect((await host.docker(['ps', '-aq'])).stdout === '').toBe(pruned);
    });
  }
});

describe('docker container prune: Total reclaimed space', () => {
  it("adds up the removed containers' writable layers (docker ps -s SIZE), 20.10's units.HumanSize", async () => {
    // real 20.10: a container that wrote 5 bytes (5B) and one that wrote 10000 (10kB) -> 10.01kB
    for (const version of ['20.10', '29'] as const) {
      const out = await run(
        [
          "docker run --name five busybox sh -c 'printf 12345 > /f'",
          "docker run --name tenk busybox sh -c 'head -c 10000 /dev/zero > /g'",
          "docker ps -as --format '{{.Names}} {{.Size}}'",
          'docker container prune -f',
          'docker container prune -f',
        ].join('\n'),
        version,
      );
      expect(out[2]!.stdout).toBe('tenk 10kB (virtual 1.99MB)\nfive 5B (virtual 1.98MB)\n');
      expect(out[3]!.stdout).toMatch(/^Deleted Containers:\n[0-9a-f]{64}\n[0-9a-f]{64}\n\nTotal reclaimed space: 10.01kB\n$/);
      expect(out[4]!.stdout).toBe('Total reclaimed space: 0B\n');
    }
  });

  it('a running container is kept and not counted', async () => {
    const out = await run(
      ["docker run -d --name up busybox sh -c 'printf 12345 > /f; sleep 1000'", "docker run --name done busybox sh -c 'printf 123 > /f'", 'docker container prune -f'].join('\n'),
    );
    expect(out[2]!.stdout).toMatch(/^Deleted Containers:\n[0-9a-f]{64}\n\nTotal reclaimed space: 3B\n$/);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
