/** Tab completion: from the simulator's docker command tree, its containers and images, and the host's files. */
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../../src/sim/simulator.ts';
import { complete } from '../../../src/play/terminal/complete.ts';
import { lastLine, session } from './harness.ts';

const PROMPT = 'root@classroom:~#';

async function values(line: string, setup?: (sim: Awaited<ReturnType<typeof createSimulator>>) => void, version?: '20.10' | '29') {
  const sim = await createSimulator({ seed: 1, ...(version ? { version } : {}) });
  setup?.(sim);
  return complete(line, line.length, { sim, cwd: '/root' }).candidates.map((c) => c.value);
}

describe('Tab completion at the prompt', () => {
  it('completes a single match and adds a space: docker pa → docker pause', async () => {
    const s = await session();
    await s.type('docker pa\t');
    expect(lastLine(s.text())).toBe(`${PROMPT} docker pause`);
    expect(s.shell.state.status).toBe(0);
    await s.type('x');
    expect(lastLine(s.text())).toBe(`${PROMPT} docker pause x`);
  });

  it('completes container names and flags: docker logs w → web, --for → --format', async () => {
    const s = await session();
    await s.type('docker run --name web -d busybox sleep 3600\r');
    await s.type('docker logs w\t');
    expect(lastLine(s.text())).toBe(`${PROMPT} docker logs web`);
    await s.type('\x15docker ps --for\t');
    expect(lastLine(s.text())).toBe(`${PROMPT} docker ps --format`);
    await s.type('"{{.Names}}"\r');
    expect(s.text().split('\n').slice(-2)).toEqual(['web', PROMPT]);
  });

  it('completes the common prefix, then lists the candidates on the second Tab', async () => {
    const s = await session();
    await s.type('docker ima\t');
    expect(lastLine(s.text())).toBe(`${PROMPT} docker image`);
    expect(s.raw().endsWith('\x07')).toBe(false);
    await s.type('\t');
    const lines = s.text().split('\n');
    expect(lines.at(-2)).toMatch(/^image +images$/);
    expect(lines.at(-1)).toBe(`${PROMPT} docker image`);
    await s.type('s\t');
    expect(lastLine(s.text())).toBe(`${PROMPT} docker images`);
  });

  it('rings the bell when nothing matches', async () => {
    const s = await session();
    await s.type('docker zz\t');
    expect(s.raw().endsWith('\x07')).toBe(true);
    expect(lastLine(s.text())).toBe(`${PROMPT} docker zz`);
  });

  it('completes commands and host files', async () => {
    const s = await session();
    s.sim.host.writeFile('/root/web.tar', 'x');
    s.sim.host.mkdir('/root/exports');
    await s.type('ns\t');
    expect(lastLine(s.text())).toBe(`${PROMPT} nsenter`);
    await s.type('\x15cat w\t');
    expect(lastLine(s.text())).toBe(`${PROMPT} cat web.tar`);
    await s.type('\x15cd e\t');
    expect(lastLine(s.text())).toBe(`${PROMPT} cd exports/`);
    await s.type('\x15docker export web > we\t');
    expect(lastLine(s.text())).toBe(`${PROMPT} docker export web > web.tar`);
  });
});

describe('complete()', () => {
  it('takes subcommands from the version\'s command tree, management commands included', async () => {
    expect(await values('docker container l')).toEqual(['logs', 'ls']);
    expect(await values('docker image l')).toEqual(['load', 'ls']);
    expect(await values('docker r')).toEqual(['rename', 'restart', 'rm', 'rmi', 'run']);
  });

  it('follows the simulated Docker version', async () => {
    expect(await values('docker tr', undefined, '20.10')).toEqual(['trust']);
    expect(await values('docker tr', undefined, '29')).toEqual([]);
    expect(await values('docker ps --for', undefined, '20.10')).toEqual(['--format']);
  });

  it('offers the flags of the command being typed', async () => {
    expect(await values('docker run --rm --na')).toEqual(['--name']);
    expect(await values('docker container ls --for')).toEqual(['--format']);
    expect(await values('docker ps -a --fi')).toEqual(['--filter']);
  });

  it('knows which flags take a value', async () => {
    const files = await values('docker save -o ', (sim) => sim.host.writeFile('/root/b.tar', 'x'));
    expect(files).toEqual(['b.tar']);
    expect(await values('docker run --name ')).toEqual([]);
  });

  it('offers images where an image goes, containers where a container goes', async () => {
    const setup = (sim: Awaited<ReturnType<typeof createSimulator>>) => {
      const c = { id: 'abcdef0123456789', name: 'web', state: 'running' } as never;
      (sim.engine as unknown as { containers: () => unknown[] }).containers = () => [c];
    };
    expect(await values('docker run ', setup)).toEqual(['busybox', 'busybox:latest']);
    expect(await values('docker image inspect b', setup)).toEqual(['busybox', 'busybox:latest']);
    expect(await values('docker run -d --name x busybox ', setup)).toEqual([]);
    expect(await values('docker stop ', setup)).toEqual(['web']);
    expect(await values('docker start ', setup)).toEqual([]);
    expect(await values('docker exec -it ', setup)).toEqual(['web']);
    expect(await values('docker rm ab', setup)).toEqual(['abcdef012345']);
  });

  it('offers files after a redirection and for docker import', async () => {
    const setup = (sim: Awaited<ReturnType<typeof createSimulator>>) => sim.host.writeFile('/root/web.tar', 'x');
    expect(await values('docker load < ', setup)).toEqual(['web.tar']);
    expect(await values('docker import ', setup)).toEqual(['-', 'web.tar']);
    expect(await values('cat web.tar | docker im', setup)).toEqual(['image', 'images', 'import']);
  });

  it('completes PIDs of running containers after nsenter -t', async () => {
    const setup = (sim: Awaited<ReturnType<typeof createSimulator>>) => {
      const c = { id: 'abc', name: 'web', state: 'running', pid: 4242 } as never;
      (sim.engine as unknown as { containers: () => unknown[] }).containers = () => [c];
    };
    expect(await values('nsenter -t ', setup)).toEqual(['4242']);
    expect(await values('nsenter --ta', setup)).toEqual(['--target']);
  });
});
