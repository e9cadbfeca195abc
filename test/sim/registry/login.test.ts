/**
 * docker login / logout beyond what the recorded fixtures cover (those have stdin
 * /dev/null): prompts on a terminal, --password-stdin from a pipe, credentials kept
 * per simulated machine and used by push.
 * docker/cli 20.10 ConfigureAuth: `Username: ` (Docker Hub first prints its "Login
 * with your Docker ID…" line), `Password: ` then a newline; stdin at its end at a
 * prompt prints "EOF" and exits 1.
 */
import { describe, expect, it } from 'vitest';
import { docker } from '../../../src/sim/cli/docker.ts';
import { BufferIO, type CliStdin } from '../../../src/sim/cli/io.ts';
import { session } from './helpers.ts';

const UNENCRYPTED =
  'WARNING! Your password will be stored unencrypted in /root/.docker/config.json.\n' +
  'Configure a credential helper to remove this warning. See\n' +
  'https://docs.docker.com/engine/reference/commandline/login/#credentials-store\n\n';

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

describe('docker login on a terminal', () => {
  it('prompts for what was not given', async () => {
    const s = await session({ hostRegistry: 5000 });
    const out = await s.run(`docker login localhost:5000
< alice
< pw
docker login -u bob localhost:5000
< secret`);
    expect(out[0]!.stdout).toBe('Username: Password: \nLogin Succeeded\n');
    expect(out[0]!.stderr).toBe(UNENCRYPTED);
    expect(out[0]!.exitCode).toBe(0);
    expect(out[1]!.stdout).toBe('Password: \nLogin Succeeded\n');
  });

  it('Docker Hub says how to get a Docker ID first; an empty user or password is refused', async () => {
    const s = await session();
    const out = await s.run(`docker login
< alice
< s3cret
docker logout
docker login
<
docker login -u alice
<`);
    expect(out[0]!.stdout).toBe(
      "Login with your Docker ID to push and pull images from Docker Hub. If you don't have a Docker ID, head over to https://hub.docker.com to create one.\nUsername: Password: \nLogin Succeeded\n",
    );
    expect(out[2]!.stderr).toBe('Error: Non-null Username Required\n');
    expect(out[2]!.exitCode).toBe(1);
    expect(out[3]!.stdout).toBe('Password: \n');
    expect(out[3]!.stderr).toBe('Error: Password Required\n');
  });

  it('^D at a prompt: EOF, exit 1; ^C: killed by SIGINT', async () => {
    const s = await session({ hostRegistry: 5000 });
    const out = await s.run('docker login localhost:5000\n<^D\ndocker login localhost:5000\n<^C');
    expect(out[0]!.stdout).toBe('Username: EOF\n');
    expect(out[0]!.exitCode).toBe(1);
    expect(out[1]!.exitCode).toBe(130);
  });

  it('stored credentials are used again without prompting', async () => {
    const s = await session({ hostRegistry: 5000 });
    const out = await s.run('docker login -u a -p b localhost:5000\ndocker login localhost:5000');
    expect(out[1]!.stdout).toBe('Authenticating with existing credentials...\nLogin Succeeded\n');
    expect(out[1]!.stderr).toBe(UNENCRYPTED);
  });
});

describe('docker login --password-stdin', () => {
  it('reads the whole of stdin, without one trailing newline', async () => {
    const s = await session();
    const io = new BufferIO({ stdin: pipe('s3cret\n') });
    const rc = await docker(['login', '-u', 'alice', '--password-stdin'], { engine: s.sim.engine, io, version: '20.10' });
    expect(rc).toBe(0);
    expect(io.stdout).toBe('Login Succeeded\n');
    expect(io.stderr).toBe(UNENCRYPTED);
    // the stored password is what push sends: alice may push to alice/
    const out = await s.run('docker tag busybox alice/bb\ndocker push alice/bb');
    expect(out[1]!.exitCode).toBe(0);
  });

  it('an empty password from stdin is asked for, and stdin is not a terminal', async () => {
    const s = await session();
    const io = new BufferIO({ stdin: pipe('') });
    const rc = await docker(['login', '-u', 'alice', '--password-stdin'], { engine: s.sim.engine, io, version: '20.10' });
    expect(rc).toBe(1);
    expect(io.stderr).toBe('Error: Cannot perform an interactive login from a non TTY device\n');
  });
});

describe('credentials belong to one simulated machine', () => {
  it('another simulator has none', async () => {
    const a = await session();
    const b = await session();
    await a.run('docker login -u alice -p s3cret');
    const out = await b.run('docker tag busybox alice/bb\ndocker push alice/bb');
    expect(out[1]!.stderr).toBe('denied: requested access to the resource is denied\n');
  });

  it('logout of a registry by URL removes what login stored by host name', async () => {
    const s = await session({ hostRegistry: 5000 });
    const out = await s.run('docker login -u a -p b http://localhost:5000/\ndocker logout localhost:5000\ndocker login localhost:5000');
    expect(out[1]!.stdout).toBe('Removing login credentials for localhost:5000\n');
    expect(out[2]!.stderr).toBe('Error: Cannot perform an interactive login from a non TTY device\n');
  });
});
