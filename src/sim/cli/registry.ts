/**
 * Which implementation runs for which command path: `docker container <verb>`
 * and the legacy top-level forms (`docker ps`, `docker rm`…) share one function.
 */
import type { CommandFn } from './context.ts';
import { attach } from './commands/attach.ts';
import { importCommand, loadCommand, saveCommand } from './commands/archive.ts';
import { commit, diff, history } from './commands/commit.ts';
import { create } from './commands/create.ts';
import { exec } from './commands/exec.ts';
import { exportCommand } from './commands/export.ts';
import { images, pull, rmi, tag } from './commands/images.ts';
import { inspectCommand } from './commands/inspect.ts';
import { logs } from './commands/logs.ts';
import { containerPrune } from './commands/prune.ts';
import { ps } from './commands/ps.ts';
import { rename } from './commands/rename.ts';
import { rm } from './commands/rm.ts';
import { run } from './commands/run.ts';
import { start } from './commands/start.ts';
import { kill, pause, restart, stop, unpause } from './commands/stop.ts';
import { top } from './commands/top.ts';
import { version } from './commands/version.ts';
import { wait } from './commands/wait.ts';
import { systemDf, volumeCreate, volumeInspect, volumeLs, volumePrune, volumeRm } from './commands/volume.ts';
import { outside } from '../outside.ts';
import { buildKit } from '../build/kit.ts';

/** A command whose code loads on first use (its own chunk, off the lesson page's budget). */
function lazy(load: () => Promise<CommandFn>): CommandFn {
  return async (ctx) => (await outside(load()))(ctx);
}

// registries: push, login, logout, search
const push = lazy(() => import('./commands/push.ts').then((m) => m.push));
const login = lazy(() => import('./commands/login.ts').then((m) => m.login));
const logout = lazy(() => import('./commands/logout.ts').then((m) => m.logout));
const search = lazy(() => import('./commands/search.ts').then((m) => m.search));
// docker port
const port = lazy(() => import('./commands/port.ts').then((m) => m.port));
// the classic builder (its client half and the daemon's builder are lazy too)
const build = lazy(() => import('./commands/build.ts').then((m) => (ctx) => m.build(ctx, buildKit)));

const containerVerbs: Record<string, CommandFn> = {
  attach,
  commit,
  diff,
  create,
  exec,
  export: exportCommand,
  inspect: inspectCommand('container'),
  kill,
  logs,
  ls: ps,
  pause,
  port,
  prune: containerPrune,
  rename,
  restart,
  rm,
  run,
  start,
  stop,
  top,
  unpause,
  wait,
};

const imageVerbs: Record<string, CommandFn> = {
  build,
  history,
  import: importCommand,
  load: loadCommand,
  save: saveCommand,
  ls: images,
  pull,
  push,
  rm: rmi,
  tag,
  inspect: inspectCommand('image'),
};

const topLevel: Record<string, CommandFn> = {
  attach,
  build,
  commit,
  diff,
  history,
  create,
  exec,
  export: exportCommand,
  images,
  import: importCommand,
  inspect: inspectCommand(undefined),
  load: loadCommand,
  kill,
  login,
  logout,
  logs,
  pause,
  port,
  ps,
  pull,
  push,
  rename,
  restart,
  rm,
  rmi,
  run,
  save: saveCommand,
  search,
  start,
  stop,
  tag,
  top,
  unpause,
  version,
  wait,
};

const volumeVerbs: Record<string, CommandFn> = {
  create: volumeCreate,
  inspect: volumeInspect,
  ls: volumeLs,
  prune: volumePrune,
  rm: volumeRm,
};

const systemVerbs: Record<string, CommandFn> = {
  df: systemDf,
};

export function implementation(path: readonly string[]): CommandFn | undefined {
  const [first, second] = path;
  if (first === undefined) return undefined;
  if (path.length === 1) return topLevel[first];
  if (path.length === 2 && second !== undefined) {
    if (first === 'container') return containerVerbs[second];
    if (first === 'image') return imageVerbs[second];
    if (first === 'volume') return volumeVerbs[second];
    if (first === 'system') return systemVerbs[second];
    if (first === 'builder' && second === 'build') return build;
  }
  return undefined;
}
