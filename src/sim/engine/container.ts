/**
 * One container as the simulated daemon keeps it. Its lifecycle state lives in
 * `state` and only moves through the lifecycle machine (see SimEngine.#move).
 */
import type { ContainerConfig, HostConfig, LogLine, MountPoint } from '../api.ts';
import type { LifecycleState } from '../lifecycle/containerMachine.ts';
import type { UnionFs } from '../fs/layered/index.ts';
import type { Task } from '../kernel/types.ts';
import type { HostBinding, PortMap } from './network.ts';
import type { RestartManager } from './restartManager.ts';

export interface StoredLogLine {
  stream: 'stdout' | 'stderr';
  text: string;
  /** ms since epoch (fractional: sub-ms ordering). */
  time: number;
}

export interface AttachSink {
  push(stream: 'stdout' | 'stderr', data: string): void;
  end(reason: 'exited' | 'detached' | 'closed'): void;
}

export interface Waiter {
  condition: 'not-running' | 'next-exit' | 'removed';
  resolve: (code: number) => void;
}

export interface Container {
  id: string;
  /** Without the leading slash. */
  name: string;
  createdAt: number;
  path: string;
  args: string[];
  config: ContainerConfig;
  hostConfig: HostConfig;
  /** Image ID (sha256:…). */
  imageId: string;
  mounts: MountPoint[];
  /** ID of the container's read-write layer in the storage driver (not the container ID). */
  layerId: string;
  fs: UnionFs;

  state: LifecycleState;
  pid: number;
  exitCode: number;
  error: string;
  /** 0 = never. */
  startedAt: number;
  finishedAt: number;
  oomKilled: boolean;
  restartCount: number;
  manuallyStopped: boolean;
  restartManager: RestartManager;
  /** Set while restart or rm -f stops the container: --rm's auto-removal waits. */
  holdAutoRemove: boolean;
  restartTimer?: number;

  task?: Task;
  /** The network sandbox's ID while the container has one (set at start, dropped at the final stop). */
  sandboxId: string;
  /** NetworkSettings.Ports while the task runs ({} before the first start, after an exit and between policy restarts). */
  ports: PortMap;
  /** The host sockets of its published ports, released when the task ends. */
  published: HostBinding[];
  logs: StoredLogLine[];
  /** Partial output lines not yet terminated by "\n", per stream. */
  pending: { stdout: string; stderr: string };
  logFollowers: Set<(line: LogLine) => void>;
  /** Live attach sessions. */
  attached: Set<AttachSink>;
  waiters: Waiter[];
  execIds: string[];
  /** Resolvers for "PID 1 has exited", used by stop/kill. */
  exitListeners: Array<() => void>;
}
