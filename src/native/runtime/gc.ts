/**
 * Removes what the runtime may have left behind after a crash (or a kill -9 of the
 * backend): shim processes, runc processes and state under OUR runc root, processes and
 * cgroups in OUR cgroup sub-tree, and mounts under OUR state root. Idempotent; touches
 * nothing that is not identified as ours by a pid file we wrote, our unique runc root path,
 * our sub-tree name, or our state root path. Container dirs (logs, exit records) stay: what
 * to do with them is the engine's business.
 */
import { existsSync, readFileSync, readdirSync, rmSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { containerCgroupDirs, detectCgroupLayout, listSubtreeLeaves, procsOf, removeSubtree, thawDir, type CgroupLayout } from './cgroups.ts';
import { unmount } from './overlay.ts';
import { containerFiles, runtimePaths, type RuntimePaths } from './paths.ts';
import { which } from './preflight.ts';
import { isSameProcessAlive, killPid, mountsUnder, pollFor, readMountInfo } from './proc.ts';
import { runcDelete, runcList, type RuncContext } from './runc.ts';
import type { ShimRecord } from './shim.ts';
import { emptyTrash } from './trash.ts';

export interface GcOptions {
  stateRoot?: string;
  runc?: string;
  cgroups?: CgroupLayout;
  forceCgroupVersion?: 2;
  /** Default true: unmount everything mounted under the state root. */
  unmount?: boolean;
}

export interface GcReport {
  killedShims: number[];
  killedProcesses: number[];
  deletedRuncContainers: string[];
  removedCgroups: string[];
  unmounted: string[];
  /** Things gc could not remove (one line each). Empty after a clean run. */
  leftovers: string[];
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

function pgidOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return null;
  }
}

/** Processes whose argv carries `--root <our runc root>`: runc commands we started. */
export function ourRuncProcesses(runcRoot: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const i = argv.indexOf('--root');
    if (i >= 0 && argv[i + 1] === runcRoot) out.push(pid);
  }
  return out;
}

/** Shim processes (from the shim.json files we wrote) that are still alive. */
export function liveShims(paths: RuntimePaths): { id: string; shim: ShimRecord }[] {
  const out: { id: string; shim: ShimRecord }[] = [];
  if (!existsSync(paths.containersDir)) return out;
  for (const id of readdirSync(paths.containersDir)) {
    let f;
    try {
      f = containerFiles(paths, id);
    } catch {
      continue;
    }
    const s = readJson<ShimRecord>(f.shim);
    if (s && isSameProcessAlive(s.pid, s.startTime)) out.push({ id, shim: s });
  }
  return out;
}

export async function gc(opts: GcOptions = {}): Promise<GcReport> {
  const paths = runtimePaths(opts.stateRoot);
  const layout = opts.cgroups ?? detectCgroupLayout({ subtree: paths.cgroupSubtree, forceVersion: opts.forceCgroupVersion });
  const report: GcReport = { killedShims: [], killedProcesses: [], deletedRuncContainers: [], removedCgroups: [], unmounted: [], leftovers: [] };
  const runc = which(opts.runc ?? 'runc');

  // 1. Shims: SIGKILL to their process group (a shim is its group's leader: setsid). That
  //    takes its runc child along; a container's processes are in their own pid namespace
  //    and cgroup and are handled below.
  for (const { shim } of liveShims(paths)) {
    const group = pgidOf(shim.pid) === shim.pid;
    if (killPid(group ? -shim.pid : shim.pid, 'SIGKILL')) report.killedShims.push(shim.pid);
  }
  // 2. runc processes started with our --root (e.g. runc under `script` for a TTY).
  for (const pid of ourRuncProcesses(paths.runcRoot)) if (killPid(pid, 'SIGKILL')) report.killedProcesses.push(pid);

  // 3. runc state under our root.
  if (runc && existsSync(paths.runcRoot)) {
    const ctx: RuncContext = { runc, root: paths.runcRoot };
    let ids: string[] = [];
    try {
      ids = (await runcList(ctx)).map((s) => s.id);
    } catch {
      /* a broken state dir: fall back to the directory names */
    }
    for (const d of readdirSync(paths.runcRoot)) if (!ids.includes(d)) ids.push(d);
    for (const id of ids) {
      for (const dir of safeContainerDirs(layout, id)) thawDir(dir);
      try {
        await runcDelete(ctx, id, true);
        report.deletedRuncContainers.push(id);
      } catch (e) {
        report.leftovers.push(`runc state ${id}: ${(e as Error).message}`);
      }
    }
  }

  // 4. Processes and leaves in our cgroup sub-tree (only there).
  const leaves = listSubtreeLeaves(layout);
  for (const dir of leaves) thawDir(dir);
  for (const dir of leaves) for (const pid of procsOf(dir)) if (killPid(pid, 'SIGKILL')) report.killedProcesses.push(pid);
  for (const dir of leaves) {
    await pollFor(() => (procsOf(dir).length === 0 ? true : null), 5000, 10);
    try {
      rmdirSync(dir);
      report.removedCgroups.push(dir);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') report.removedCgroups.push(dir);
      else report.leftovers.push(`cgroup ${dir}: ${(e as Error).message}`);
    }
  }
  for (const d of removeSubtree(layout)) report.leftovers.push(`cgroup ${d}`);

  // 4b. runc state runc could not delete (a broken state dir): once nothing of that
  //     container runs any more, its state dir is only a file tree of ours.
  if (existsSync(paths.runcRoot)) {
    for (const id of readdirSync(paths.runcRoot)) {
      const busy = safeContainerDirs(layout, id).some((d) => existsSync(d) && procsOf(d).length > 0);
      if (busy) continue;
      rmSync(join(paths.runcRoot, id), { recursive: true, force: true });
      report.leftovers = report.leftovers.filter((l) => !l.startsWith(`runc state ${id}:`));
    }
  }

  // 5. Mounts under the state root, deepest first.
  if (opts.unmount !== false) {
    for (const p of mountsUnder(paths.stateRoot, readMountInfo())) {
      try {
        unmount(p, { lazy: true });
        report.unmounted.push(p);
      } catch (e) {
        report.leftovers.push(`mount ${p}: ${(e as Error).message}`);
      }
    }
  }
  // 6. Directories of removed containers that a background deletion did not finish (trash.ts).
  try {
    emptyTrash(paths.stateRoot);
  } catch (e) {
    report.leftovers.push(`trash: ${(e as Error).message}`);
  }
  report.killedProcesses = [...new Set(report.killedProcesses)];
  return report;
}

function safeContainerDirs(layout: CgroupLayout, id: string): string[] {
  try {
    return containerCgroupDirs(layout, id);
  } catch {
    return [];
  }
}

/** What of ours exists right now (for leak tests and `classroom native gc --dry-run`). */
export function inventory(opts: { stateRoot?: string; cgroups?: CgroupLayout; forceCgroupVersion?: 2 } = {}) {
  const paths = runtimePaths(opts.stateRoot);
  const layout = opts.cgroups ?? detectCgroupLayout({ subtree: paths.cgroupSubtree, forceVersion: opts.forceCgroupVersion });
  const leaves = listSubtreeLeaves(layout);
  const subtrees = layout.hierarchies.map((h) => join(h.ownDir, layout.subtree)).filter((d) => existsSync(d));
  return {
    mounts: mountsUnder(paths.stateRoot, readMountInfo()),
    cgroups: [...subtrees, ...leaves],
    processes: [
      ...new Set([
        ...liveShims(paths).map((s) => s.shim.pid),
        ...ourRuncProcesses(paths.runcRoot),
        ...leaves.flatMap((d) => procsOf(d)),
      ]),
    ],
    runcState: existsSync(paths.runcRoot) ? readdirSync(paths.runcRoot) : [],
  };
}
