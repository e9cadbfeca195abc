/**
 * docker build on the simulator end to end (CLI → Engine.imageBuild → builder), over the
 * simulated host's memory file system as the browser terminal has it. The conformance
 * fixtures (test/conformance/fixtures/build) hold the byte-exact comparisons with 20.10;
 * these tests cover what they cannot: 29's client, the environment, stdin, pulls, the
 * browser's host files.
 */
import { describe, expect, it } from 'vitest';
import { docker } from '../../../src/sim/cli/docker.ts';
import { BufferIO, type CliStdin } from '../../../src/sim/cli/io.ts';
import { drive } from '../../../src/runner/drive.ts';
import { outsideWork } from '../../../src/sim/outside.ts';
import { memoryHostFiles } from '../../../src/lessons/hostFiles.ts';
import { createSimulator, type Simulator } from '../../../src/sim/simulator.ts';
import type { DockerVersion } from '../../../src/sim/profile.ts';

async function setup(version: DockerVersion, files: Record<string, string>): Promise<Simulator> {
  const sim = await createSimulator({ version, seed: 3 });
  for (const [path, text] of Object.entries(files)) {
    const full = `/root/${path}`;
    sim.host.mkdir(full.slice(0, full.lastIndexOf('/')), { parents: true, mode: 0o755 });
    sim.host.writeFile(full, text, { mode: 0o644 });
  }
  return sim;
}

function stdinOf(text: string): CliStdin {
  return {
    isTTY: false,
    read(onData, onEnd) {
      onData(text);
      onEnd();
      return () => {};
    },
  };
}

async function run(sim: Simulator, argv: string[], o: { env?: Record<string, string>; stdin?: string } = {}) {
  const io = new BufferIO({
    files: memoryHostFiles(sim.host),
    ...(o.env ? { env: o.env } : {}),
    ...(o.stdin !== undefined ? { stdin: stdinOf(o.stdin) } : {}),
  });
  const r = await drive(sim.clock, docker(argv, { engine: sim.engine, io, version: sim.version }), sim.clock.now() + 3600_000, false, outsideWork);
  if (!r.settled || !('value' in r)) throw new Error(`docker ${argv.join(' ')} did not finish: ${JSON.stringify(r)}`);
  return { stdout: io.stdout, stderr: io.stderr, code: r.value };
}

const DOCKERFILE = 'FROM busybox\nENV A=1\nRUN echo built $A\nCMD ["echo", "hi"]\n';

describe('docker build on the simulator', () => {
  it('builds from the host files the browser terminal has, then uses the cache', async () => {
    const sim = await setup('20.10', { 'app/Dockerfile': DOCKERFILE });
    const first = await run(sim, ['build', '-t', 'x', 'app']);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/^Sending build context to Docker daemon  2\.048kB\r\r\nStep 1\/4 : FROM busybox\n ---> [0-9a-f]{12}\nStep 2\/4 : ENV A=1\n ---> Running in [0-9a-f]{12}\n/);
    expect(first.stdout).toContain('\nbuilt 1\nRemoving intermediate container ');
    expect(first.stdout).toMatch(/Successfully built [0-9a-f]{12}\nSuccessfully tagged x:latest\n$/);
    const again = await run(sim, ['build', '-t', 'x', 'app']);
    expect(again.stdout.match(/ ---> Using cache\n/g)).toHaveLength(3);
    expect((await run(sim, ['run', '--rm', 'x'])).stdout).toBe('hi\n');
    expect((await run(sim, ['ps', '-aq'])).stdout).toBe('');
  });

  it('29: warns that the legacy builder runs (no buildx), and honours DOCKER_BUILDKIT', async () => {
    const sim = await setup('29', { 'app/Dockerfile': DOCKERFILE });
    const r = await run(sim, ['build', '-q', 'app']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n' +
        '            Install the buildx component to build images with BuildKit:\n' +
        '            https://docs.docker.com/go/buildx/\n\n',
    );
    expect(r.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    const off = await run(sim, ['build', '-q', 'app'], { env: { DOCKER_BUILDKIT: '0' } });
    expect(off.stderr).toContain('BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0');
    const on = await run(sim, ['build', 'app'], { env: { DOCKER_BUILDKIT: '1' } });
    expect(on).toMatchObject({ code: 1, stdout: '' });
    expect(on.stderr).toMatch(/^ERROR: BuildKit is enabled but the buildx component is missing or broken\./);
    const bad = await run(sim, ['build', 'app'], { env: { DOCKER_BUILDKIT: 'maybe' } });
    expect(bad.stderr).toBe('DOCKER_BUILDKIT environment variable expects boolean value: strconv.ParseBool: parsing "maybe": invalid syntax\n');
  });

  it('reads a Dockerfile or a context from stdin, and writes --iidfile', async () => {
    const sim = await setup('20.10', { 'ctx/f.txt': 'file\n' });
    const fromStdin = await run(sim, ['build', '-q', '--iidfile', 'id.txt', '-'], { stdin: DOCKERFILE });
    expect(fromStdin.code).toBe(0);
    expect(sim.host.readText('/root/id.txt')).toBe(fromStdin.stdout);
    const withContext = await run(sim, ['build', '-f', '-', 'ctx'], { stdin: 'FROM busybox\nCOPY f.txt /f.txt\n' });
    expect(withContext.code).toBe(0);
    // the context: f.txt, a .dockerignore and the Dockerfile under a random name (no end blocks)
    expect(withContext.stdout).toMatch(/^Sending build context to Docker daemon {2}2\.607kB\r\r\n/);
    const both = await run(sim, ['build', '-f', '-', '-'], { stdin: '' });
    expect(both).toEqual({ stdout: '', stderr: "invalid argument: can't use stdin for both build context and dockerfile\n", code: 1 });
  });

  it('pulls a base image it does not have', async () => {
    const sim = await setup('20.10', { 'a/Dockerfile': 'FROM alpine:3.19\nRUN cat /etc/alpine-release\n' });
    const r = await run(sim, ['build', 'a']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Step 1/2 : FROM alpine:3.19\n3.19: Pulling from library/alpine\n');
    expect(r.stdout).toContain('Status: Downloaded newer image for alpine:3.19\n');
    expect(r.stdout).toContain('\n3.19.0\n');
  });

  it('COPY --chown, COPY --from an image it must pull, and the daemon-side errors of a step', async () => {
    const sim = await setup('20.10', {
      'c/Dockerfile': 'FROM busybox\nCOPY --chown=nobody:1000 f.txt /f.txt\nRUN stat -c %u:%g /f.txt\n',
      'c/f.txt': 'x',
      'c/bad.Dockerfile': 'FROM busybox\nCOPY --chown=nosuchuser f.txt /f.txt\n',
      'c/sig.Dockerfile': 'FROM busybox\nSTOPSIGNAL SIGNOPE\n',
      'c/from.Dockerfile': 'FROM busybox AS one\nRUN true\nFROM one\nCOPY --from=one /bin/sh /sh\n',
      'c/missing.Dockerfile': 'FROM busybox\nCOPY --from=nosuchrepo /x /x\n',
    });
    const ok = await run(sim, ['build', 'c']);
    expect(ok.stdout).toContain('\n65534:1000\n');
    const bad = await run(sim, ['build', '-f', 'c/bad.Dockerfile', 'c']);
    expect(bad).toMatchObject({ code: 1, stderr: 'unable to convert uid/gid chown string to host mapping: can\'t find uid for user nosuchuser: no such user: nosuchuser\n' });
    const sig = await run(sim, ['build', '-f', 'c/sig.Dockerfile', 'c']);
    expect(sig).toMatchObject({ code: 1, stderr: 'Invalid signal: SIGNOPE\n' });
    const from = await run(sim, ['build', '-f', 'c/from.Dockerfile', 'c']);
    expect(from.code).toBe(0);
    const missing = await run(sim, ['build', '-f', 'c/missing.Dockerfile', 'c']);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/^invalid from flag value nosuchrepo: pull access denied for nosuchrepo/) });
  });

  it('gives the client errors for missing contexts and Dockerfiles', async () => {
    const sim = await setup('20.10', { 'e/Dockerfile': DOCKERFILE, 'file.txt': 'x' });
    expect(await run(sim, ['build', 'nope'])).toEqual({ stdout: '', stderr: 'unable to prepare context: path "nope" not found\n', code: 1 });
    expect(await run(sim, ['build', 'file.txt'])).toEqual({ stdout: '', stderr: 'unable to prepare context: context must be a directory: /root/file.txt\n', code: 1 });
    expect(await run(sim, ['build', '-f', 'e/nosuch', 'e'])).toEqual({
      stdout: '',
      stderr: 'unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat /root/e/nosuch: no such file or directory\n',
      code: 1,
    });
  });

  it('stops between steps when the client is cancelled', async () => {
    const sim = await setup('20.10', { 's/Dockerfile': 'FROM busybox\nRUN sleep 100\nRUN echo never\n' });
    const abort = new AbortController();
    const io = new BufferIO({ files: memoryHostFiles(sim.host), signal: abort.signal });
    const work = docker(['build', 's'], { engine: sim.engine, io, version: sim.version });
    await drive(sim.clock, work, sim.clock.now() + 2000, true, outsideWork);
    abort.abort(new DOMException('timeout', 'AbortError'));
    await drive(sim.clock, work.catch(() => 0), sim.clock.now() + 200_000, true, outsideWork);
    expect(io.stdout).toContain('Step 2/3 : RUN sleep 100');
    expect(io.stdout).not.toContain('never');
  });
});

describe('FROM scratch', () => {
  it('takes COPY, and says what it cannot do before a first layer', async () => {
    const sim = await setup('20.10', { 's/f.txt': 'x', 's/Dockerfile': 'FROM scratch\nCOPY f.txt /\nENV A=1\n', 's/env.Dockerfile': 'FROM scratch\nENV A=1\n' });
    const ok = await run(sim, ['build', '-t', 'scr', 's']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Step 1/3 : FROM scratch\n ---> \nStep 2/3 : COPY f.txt /\n');
    const env = await run(sim, ['build', '-f', 's/env.Dockerfile', 's']);
    expect(env).toMatchObject({ code: 1, stderr: 'the simulator cannot create a container from scratch (no image yet): put a COPY or ADD before this instruction\n' });
  });
});
