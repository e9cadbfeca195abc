/**
 * The recorder's side of a script's `# host:` header (hostSetup.ts): starts what
 * the script needs on the host for the duration of the script, and stops it.
 *
 * `registry 127.0.0.1:PORT`: Debian's docker-registry (`apt-get install -y
 * docker-registry`), run by us — never as the system service — with a config in a
 * fresh temp dir: filesystem storage there, no auth, listening on 127.0.0.1 only.
 * It is stopped by PID and its dir removed when the script ends. Docker treats
 * 127.0.0.0/8 registries as insecure (plain HTTP), so no TLS is needed. The docker
 * client then runs in a private mount namespace whose /root/.docker is a bind of an
 * empty scratch dir, so `docker login` neither reads nor writes the host's
 * credentials, and the client prints the same config path (/root/.docker/config.json)
 * as the simulator.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostSetup } from './hostSetup.ts';

export interface HostServices {
  /** How to start a client step (file and arguments), e.g. inside the private mount namespace. */
  wrap(file: string, args: string[]): [string, string[]];
  stop(): Promise<void>;
}

const REGISTRY_BIN = '/usr/bin/docker-registry';
const CLIENT_CONFIG_DIR = '/root/.docker';

const NONE: HostServices = { wrap: (file, args) => [file, args], stop: async () => undefined };

async function answers(url: string): Promise<boolean> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await r.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

export async function startHostServices(setup: HostSetup): Promise<HostServices> {
  if (setup.registryPort === undefined) return NONE;
  const port = setup.registryPort;
  if (!existsSync(REGISTRY_BIN)) throw new Error(`${REGISTRY_BIN} missing: apt-get install -y docker-registry`);
  const base = `http://127.0.0.1:${port}/v2/`;
  if (await answers(base)) throw new Error(`something already listens on 127.0.0.1:${port}; stop it before recording`);

  const dir = mkdtempSync(join(tmpdir(), 'record-registry-'));
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: warn',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${port}`,
      '',
    ].join('\n'),
  );
  const clientConfig = join(dir, 'docker-config');
  mkdirSync(clientConfig, { mode: 0o700 });
  const log = openSync(join(dir, 'registry.log'), 'a');
  const child = spawn(REGISTRY_BIN, ['serve', config], { stdio: ['ignore', log, log] });
  closeSync(log);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const done = exited(child);
      const late = setTimeout(() => child.kill('SIGKILL'), 5000);
      await done;
      clearTimeout(late);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    let up = false;
    for (let i = 0; i < 100 && !up; i++) {
      if (child.exitCode !== null) break;
      up = await answers(base);
      if (!up) await new Promise((r) => setTimeout(r, 100));
    }
    if (!up) {
      const tail = readFileSync(join(dir, 'registry.log'), 'utf8').split('\n').slice(-10).join('\n');
      throw new Error(`docker-registry did not answer at ${base}:\n${tail}`);
    }
    // the bind target must exist; the docker client creates this dir itself on first use
    if (!existsSync(CLIENT_CONFIG_DIR)) mkdirSync(CLIENT_CONFIG_DIR, { mode: 0o700 });
  } catch (e) {
    await stop();
    throw e;
  }

  return {
    wrap: (file, args) => [
      'unshare',
      ['--mount', '--propagation', 'private', '--', 'sh', '-c', `mount --bind "$0" ${CLIENT_CONFIG_DIR} && exec "$@"`, clientConfig, file, ...args],
    ],
    stop,
  };
}
