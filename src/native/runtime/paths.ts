/**
 * Where the runtime keeps its things. Everything lives under one state root
 * (default /var/lib/container-classroom; tests use a temp dir):
 *
 *   <root>/runtime/runc/                 runc --root (runc's own state; nobody else's)
 *   <root>/runtime/containers/<id>/      one dir per container:
 *       config.json                      the OCI bundle config (bundle dir = this dir)
 *       runtime.json                     what start() needs again (limits, tty, stdin)
 *       shim.json                        the running shim: pid, start time, runc pid
 *       init.pid                         container init PID as the host sees it (runc --pid-file)
 *       <id>-json.log                    stdout/stderr, Docker json-file lines
 *       exit.json                        written once the container has exited
 *       runc.log                         runc's own log (JSON lines; start errors)
 *       stdin                            FIFO for -i (only while running with stdin)
 *
 * The cgroup sub-tree is named after the state root, so two state roots (a test's temp
 * dir and the real one) never share or clean each other's cgroups.
 */
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';

export const DEFAULT_STATE_ROOT = '/var/lib/container-classroom';

export interface RuntimePaths {
  stateRoot: string;
  runtimeDir: string;
  runcRoot: string;
  containersDir: string;
  /** Name of our cgroup sub-tree directly beneath our own cgroup: `classroom` or `classroom-<hash>`. */
  cgroupSubtree: string;
}

export function runtimePaths(stateRoot: string = DEFAULT_STATE_ROOT): RuntimePaths {
  const root = resolve(stateRoot);
  const runtimeDir = join(root, 'runtime');
  return {
    stateRoot: root,
    runtimeDir,
    runcRoot: join(runtimeDir, 'runc'),
    containersDir: join(runtimeDir, 'containers'),
    cgroupSubtree: cgroupSubtreeName(root),
  };
}

export function cgroupSubtreeName(stateRoot: string): string {
  const root = resolve(stateRoot);
  if (root === DEFAULT_STATE_ROOT) return 'classroom';
  return 'classroom-' + createHash('sha256').update(root).digest('hex').slice(0, 10);
}

/** Container IDs become paths and cgroup names: only [A-Za-z0-9_.-], no leading dot. */
export function checkContainerId(id: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(id)) {
    throw new Error(`invalid container id ${JSON.stringify(id)} (allowed: [A-Za-z0-9][A-Za-z0-9_.-]*, at most 128 characters)`);
  }
}

export interface ContainerFiles {
  dir: string;
  config: string;
  runtime: string;
  shim: string;
  initPid: string;
  log: string;
  exit: string;
  runcLog: string;
  stdin: string;
  /** The output as it arrives, raw, in frames (the shim's live stream for attached clients). */
  live: string;
}

export function containerFiles(paths: RuntimePaths, id: string): ContainerFiles {
  checkContainerId(id);
  const dir = join(paths.containersDir, id);
  return {
    dir,
    config: join(dir, 'config.json'),
    runtime: join(dir, 'runtime.json'),
    shim: join(dir, 'shim.json'),
    initPid: join(dir, 'init.pid'),
    log: join(dir, `${id}-json.log`),
    exit: join(dir, 'exit.json'),
    runcLog: join(dir, 'runc.log'),
    stdin: join(dir, 'stdin'),
    live: join(dir, 'live'),
  };
}
