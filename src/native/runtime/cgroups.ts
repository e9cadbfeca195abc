/**
 * cgroups for containers, always beneath the cgroup this process is in.
 *
 * Layout (see README.md): our own cgroup O (from /proc/self/cgroup), our sub-tree
 * O/<subtree> (`classroom` or `classroom-<hash of the state root>`), and one leaf per
 * container O/<subtree>/ctr-<id>.
 *
 * - cgroup v1: O differs per hierarchy (this machine: memory is in /process_api/…, the
 *   others at /). We create the leaf in the memory, cpu, pids and freezer hierarchies and
 *   give runc a RELATIVE cgroupsPath `<subtree>/ctr-<id>`: runc (1.1, cgroupfs driver,
 *   legacy or hybrid mode) joins a relative path to its own cgroup in each hierarchy, which
 *   is ours, so every hierarchy gets O_h/<subtree>/ctr-<id>. runc creates the leaf in the
 *   other hierarchies (cpuset, devices, blkio, name=systemd, the hybrid unified one, …)
 *   itself and removes the leaves on `runc delete`; the `<subtree>` dirs it leaves behind
 *   are removed by removeSubtree() (gc).
 * - cgroup v2 (pure unified): runc's fs2 manager joins a relative path to the PARENT of its
 *   own cgroup (a sibling of ours), so we give an ABSOLUTE path O/<subtree>/ctr-<id>.
 *   Controllers reach the leaf only through O/cgroup.subtree_control and
 *   O/<subtree>/cgroup.subtree_control. A cgroup with processes (O, since we are in it) can
 *   only enable controllers for its children when it is the root of the hierarchy (e.g. a
 *   container with its own cgroup namespace) or when they were delegated already; O/<subtree>
 *   holds no processes, so enabling there always works. Missing controllers are reported in
 *   `layout.problems` and a limit that needs one is refused with a one-line reason.
 *   Note: runc's fs2 manager writes "+<every controller>" to the subtree_control of every
 *   ancestor of the leaf (errors ignored) — runc's behaviour, not ours; it is a no-op where
 *   systemd already enabled them.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, statfsSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { readMountInfo, sleep, type MountInfo } from './proc.ts';

const CGROUP2_SUPER_MAGIC = 0x63677270;

/** A mounted cgroup hierarchy and where our own cgroup is in it. */
export interface Hierarchy {
  version: 1 | 2;
  /** v1: the controllers bound to it ("cpu", "cpuacct", "name=systemd", …); v2: []. */
  controllers: string[];
  mountPoint: string;
  /** Our cgroup path as /proc/self/cgroup says it. */
  ownPath: string;
  /** Our cgroup as a directory on disk. */
  ownDir: string;
}

export type LimitController = 'memory' | 'cpu' | 'pids';

export interface CgroupLayout {
  /** Which interface we use for limits and the freezer. */
  version: 1 | 2;
  /** What runc sees (decides the form of linux.cgroupsPath). */
  runcMode: 'legacy' | 'hybrid' | 'unified';
  subtree: string;
  /** Every hierarchy our dirs may appear in (all v1 ones, plus the unified one in hybrid mode). */
  hierarchies: Hierarchy[];
  /** v1: our own dir in the memory, cpu, pids and freezer hierarchies (absent if unmounted). */
  v1: Partial<Record<'memory' | 'cpu' | 'pids' | 'freezer', Hierarchy>>;
  /** v2 (version 2 only): the unified hierarchy. */
  v2?: Hierarchy;
  /** Controllers that will work in container leaves. */
  limitControllers: LimitController[];
  /** Why a controller is missing (one line each, with a fix); empty when all is well. */
  problems: string[];
  /** Set when the layout cannot be used at all (no freezer / unified hierarchy). */
  fatal?: string;
}

export interface DetectOptions {
  subtree: string;
  /** Use the v2 interface even on a hybrid host (tests: the unified hierarchy of this machine). */
  forceVersion?: 2;
  /** Tests: the contents of /proc/self/cgroup, the mount table, and whether /sys/fs/cgroup is cgroup2. */
  procSelfCgroup?: string;
  mountInfo?: MountInfo[];
  unifiedAtRoot?: boolean;
}

const KNOWN_V1 = new Set([
  'cpuset', 'cpu', 'cpuacct', 'blkio', 'memory', 'devices', 'freezer', 'net_cls', 'perf_event',
  'net_prio', 'hugetlb', 'pids', 'rdma', 'misc', 'debug',
]);

function v1Controllers(superOptions: string): string[] {
  return superOptions.split(',').filter((o) => KNOWN_V1.has(o) || o.startsWith('name='));
}

function ownDirFor(mount: MountInfo, ownPath: string): string | null {
  const root = mount.root === '/' ? '' : mount.root.replace(/\/+$/, '');
  if (root && ownPath !== root && !ownPath.startsWith(root + '/')) return null;
  return posix.join(mount.mountPoint, ownPath.slice(root.length) || '/').replace(/(.)\/+$/, '$1');
}

function readTrim(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Reads /proc/self/cgroup and the mount table; does not write anything. */
export function detectCgroupLayout(opts: DetectOptions): CgroupLayout {
  const selfCg = opts.procSelfCgroup ?? readFileSync('/proc/self/cgroup', 'utf8');
  const mounts = opts.mountInfo ?? readMountInfo();
  const lines = selfCg
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const a = l.indexOf(':');
      const b = l.indexOf(':', a + 1);
      return { id: l.slice(0, a), controllers: l.slice(a + 1, b).split(',').filter(Boolean), path: l.slice(b + 1) };
    });

  let unifiedAtRoot = opts.unifiedAtRoot ?? false;
  if (opts.unifiedAtRoot === undefined) {
    try {
      unifiedAtRoot = Number(statfsSync('/sys/fs/cgroup').type) === CGROUP2_SUPER_MAGIC;
    } catch {
      /* no /sys/fs/cgroup */
    }
  }

  const hierarchies: Hierarchy[] = [];
  const seenV1 = new Set<string>();
  let unified: Hierarchy | undefined;
  for (const m of mounts) {
    if (m.fsType === 'cgroup2') {
      const line = lines.find((l) => l.id === '0' && l.controllers.length === 0);
      if (!line) continue;
      const ownDir = ownDirFor(m, line.path);
      if (!ownDir) continue;
      // Prefer the canonical places (/sys/fs/cgroup, or /sys/fs/cgroup/unified on hybrid
      // hosts) over other mounts of the same hierarchy.
      const canonical = m.mountPoint === '/sys/fs/cgroup' || m.mountPoint === '/sys/fs/cgroup/unified';
      if (unified && (!canonical || unified.mountPoint.startsWith('/sys/fs/cgroup'))) continue;
      unified = { version: 2, controllers: [], mountPoint: m.mountPoint, ownPath: line.path, ownDir };
    } else if (m.fsType === 'cgroup') {
      const ctrls = v1Controllers(m.superOptions);
      if (ctrls.length === 0) continue;
      const key = [...ctrls].sort().join(',');
      if (seenV1.has(key)) continue;
      const line = lines.find((l) => l.id !== '0' && [...l.controllers].sort().join(',') === key);
      if (!line) continue;
      const ownDir = ownDirFor(m, line.path);
      if (!ownDir) continue;
      seenV1.add(key);
      hierarchies.push({ version: 1, controllers: ctrls, mountPoint: m.mountPoint, ownPath: line.path, ownDir });
    }
  }
  if (unified) hierarchies.push(unified);

  const runcMode: CgroupLayout['runcMode'] = unifiedAtRoot ? 'unified' : unified ? 'hybrid' : 'legacy';
  const version: 1 | 2 = runcMode === 'unified' || opts.forceVersion === 2 ? 2 : 1;
  const layout: CgroupLayout = {
    version,
    runcMode,
    subtree: opts.subtree,
    hierarchies,
    v1: {},
    limitControllers: [],
    problems: [],
  };

  if (version === 1) {
    for (const c of ['memory', 'cpu', 'pids', 'freezer'] as const) {
      const h = hierarchies.find((x) => x.version === 1 && x.controllers.includes(c));
      if (h) layout.v1[c] = h;
    }
    if (!layout.v1.freezer) {
      layout.fatal =
        'cgroup v1 without a freezer hierarchy (pause needs it): mount it with `mkdir -p /sys/fs/cgroup/freezer && mount -t cgroup -o freezer cgroup /sys/fs/cgroup/freezer`';
      return layout;
    }
    for (const c of ['memory', 'cpu', 'pids'] as const) {
      if (layout.v1[c]) layout.limitControllers.push(c);
      else
        layout.problems.push(
          `cgroup v1: no ${c} hierarchy is mounted, so ${flagFor(c)} cannot be applied: mount it with \`mkdir -p /sys/fs/cgroup/${c} && mount -t cgroup -o ${c} cgroup /sys/fs/cgroup/${c}\``,
        );
    }
    return layout;
  }

  if (!unified) {
    layout.fatal = 'cgroup v2: no cgroup2 hierarchy mounted at /sys/fs/cgroup: mount it with `mount -t cgroup2 none /sys/fs/cgroup`';
    return layout;
  }
  layout.v2 = unified;
  const available = new Set(readTrim(join(unified.ownDir, 'cgroup.controllers')).split(/\s+/).filter(Boolean));
  const delegated = new Set(readTrim(join(unified.ownDir, 'cgroup.subtree_control')).split(/\s+/).filter(Boolean));
  const atRoot = unified.ownPath === '/';
  for (const c of ['memory', 'cpu', 'pids'] as const) {
    if (delegated.has(c) || (atRoot && available.has(c))) layout.limitControllers.push(c);
    else if (!available.has(c))
      layout.problems.push(
        `cgroup v2: the ${c} controller is not available in our cgroup ${unified.ownPath} (cgroup.controllers), so ${flagFor(c)} cannot be applied: enable it in the parent's cgroup.subtree_control, or run the classroom from a cgroup that has it (e.g. \`systemd-run --scope -p Delegate=yes …\`)`,
      );
    else
      layout.problems.push(
        `cgroup v2: our cgroup ${unified.ownPath} holds processes, so it cannot hand the ${c} controller to its children and ${flagFor(c)} cannot be applied: run the classroom as the only process of a delegated cgroup whose subtree_control already has it, or at the root of a cgroup namespace (a container)`,
      );
  }
  return layout;
}

function flagFor(c: LimitController): string {
  return c === 'memory' ? '--memory' : c === 'cpu' ? '--cpus/--cpu-shares' : '--pids-limit';
}

export function leafName(id: string): string {
  return `ctr-${id}`;
}

/** linux.cgroupsPath for runc's cgroupfs driver (see the module comment for why it differs). */
export function runcCgroupsPath(layout: CgroupLayout, id: string): string {
  if (layout.runcMode === 'unified') {
    return posix.join(layout.v2?.ownPath ?? '/', layout.subtree, leafName(id));
  }
  return `${layout.subtree}/${leafName(id)}`;
}

/** Our sub-tree dir in a hierarchy. */
export function subtreeDir(h: Hierarchy, layout: CgroupLayout): string {
  return join(h.ownDir, layout.subtree);
}

/**
 * The hierarchies we create leaves in ourselves: every one runc will use (v1: all mounted
 * hierarchies, plus the unified one in hybrid mode; v2: the unified one). Creating them all
 * first means runc only joins existing dirs.
 */
function ownedHierarchies(layout: CgroupLayout): Hierarchy[] {
  if (layout.version === 2) {
    // Forced v2 on a hybrid host: runc still uses every v1 hierarchy too.
    return layout.runcMode === 'unified' ? (layout.v2 ? [layout.v2] : []) : layout.hierarchies;
  }
  return layout.hierarchies;
}

/** Where the freezer / process list of a container lives. */
export function controlDir(layout: CgroupLayout, id: string): string {
  const h = layout.version === 2 ? layout.v2 : layout.v1.freezer;
  if (!h) throw new Error('no freezer hierarchy');
  return join(subtreeDir(h, layout), leafName(id));
}

/** All dirs a container's cgroup can have (ours plus those runc creates). */
export function containerCgroupDirs(layout: CgroupLayout, id: string): string[] {
  return layout.hierarchies.map((h) => join(subtreeDir(h, layout), leafName(id)));
}

export interface Limits {
  /** -m/--memory, bytes; 0 or undefined = unlimited. */
  memoryBytes?: number;
  /** --memory-swap (memory + swap), bytes; undefined/0 = twice the memory (Docker's default); -1 = unlimited. */
  memorySwapBytes?: number;
  /** --cpus in units of 1e-9 CPUs (HostConfig.NanoCpus). */
  nanoCpus?: number;
  /** --cpu-shares (relative weight, Docker's 1024 scale); 0 = default. */
  cpuShares?: number;
  /** --pids-limit; 0, negative or undefined = unlimited. */
  pidsLimit?: number;
}

export class CgroupError extends Error {
  override name = 'CgroupError';
}

function needed(l: Limits): LimitController[] {
  const out: LimitController[] = [];
  if (l.memoryBytes && l.memoryBytes > 0) out.push('memory');
  if ((l.nanoCpus && l.nanoCpus > 0) || (l.cpuShares && l.cpuShares > 0)) out.push('cpu');
  if (l.pidsLimit && l.pidsLimit > 0) out.push('pids');
  return out;
}

/** Throws a one-line CgroupError if a requested limit needs a controller we do not have. */
export function checkLimits(layout: CgroupLayout, limits: Limits): void {
  for (const c of needed(limits)) {
    if (!layout.limitControllers.includes(c)) {
      const why = layout.problems.find((p) => p.includes(` ${c} `)) ?? `the ${c} controller is not available`;
      throw new CgroupError(why);
    }
  }
}

function write(dir: string, file: string, value: string): void {
  try {
    writeFileSync(join(dir, file), value);
  } catch (e) {
    throw new CgroupError(`cannot write ${value.trim()} to ${join(dir, file)}: ${(e as Error).message}`);
  }
}

/** Creates O/<subtree> (v2: with controllers enabled for the leaves). Idempotent. */
export function ensureSubtree(layout: CgroupLayout): void {
  if (layout.fatal) throw new CgroupError(layout.fatal);
  for (const h of ownedHierarchies(layout)) {
    const sub = subtreeDir(h, layout);
    mkdirSync(sub, { recursive: true });
    if (layout.version === 2 && h === layout.v2 && layout.limitControllers.length) {
      const own = new Set(readTrim(join(h.ownDir, 'cgroup.subtree_control')).split(/\s+/).filter(Boolean));
      for (const c of layout.limitControllers) {
        // Only reached at the hierarchy root (see detect): enabling there is allowed.
        if (!own.has(c)) write(h.ownDir, 'cgroup.subtree_control', `+${c}`);
      }
      const subCtl = new Set(readTrim(join(sub, 'cgroup.subtree_control')).split(/\s+/).filter(Boolean));
      for (const c of layout.limitControllers) if (!subCtl.has(c)) write(sub, 'cgroup.subtree_control', `+${c}`);
    }
  }
}

/**
 * Creates the container's leaf in every hierarchy and applies the limits. runc later joins
 * it through linux.cgroupsPath. Idempotent. A shim removing the (then empty) sub-tree at
 * the same moment is handled by trying again.
 */
export function createContainerCgroup(layout: CgroupLayout, id: string, limits: Limits = {}): void {
  checkLimits(layout, limits);
  for (let attempt = 0; ; attempt++) {
    ensureSubtree(layout);
    try {
      for (const h of ownedHierarchies(layout)) {
        try {
          mkdirSync(join(subtreeDir(h, layout), leafName(id)));
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        }
      }
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 5) throw e;
    }
  }
  applyLimits(layout, id, limits);
}

/** Writes the limit files (also usable for a later `update`). Unset limits are left alone. */
export function applyLimits(layout: CgroupLayout, id: string, limits: Limits): void {
  checkLimits(layout, limits);
  const leaf = leafName(id);
  const mem = limits.memoryBytes && limits.memoryBytes > 0 ? Math.floor(limits.memoryBytes) : 0;
  const swapTotal = limits.memorySwapBytes ?? 0;
  const quota = limits.nanoCpus && limits.nanoCpus > 0 ? Math.round((limits.nanoCpus * 100_000) / 1e9) : 0;
  const shares = limits.cpuShares && limits.cpuShares > 0 ? Math.max(2, Math.min(262_144, Math.floor(limits.cpuShares))) : 0;
  const pids = limits.pidsLimit && limits.pidsLimit > 0 ? Math.floor(limits.pidsLimit) : 0;

  if (layout.version === 1) {
    if (mem) {
      const dir = join(subtreeDir(layout.v1.memory!, layout), leaf);
      write(dir, 'memory.limit_in_bytes', String(mem));
      if (existsSync(join(dir, 'memory.memsw.limit_in_bytes'))) {
        write(dir, 'memory.memsw.limit_in_bytes', swapTotal === -1 ? '-1' : String(swapTotal > 0 ? swapTotal : 2 * mem));
      }
    }
    if (quota || shares) {
      const dir = join(subtreeDir(layout.v1.cpu!, layout), leaf);
      if (quota) {
        write(dir, 'cpu.cfs_period_us', '100000');
        write(dir, 'cpu.cfs_quota_us', String(Math.max(1000, quota)));
      }
      if (shares) write(dir, 'cpu.shares', String(shares));
    }
    if (pids) write(join(subtreeDir(layout.v1.pids!, layout), leaf), 'pids.max', String(pids));
    return;
  }

  const dir = join(subtreeDir(layout.v2!, layout), leaf);
  if (mem) {
    write(dir, 'memory.max', String(mem));
    if (existsSync(join(dir, 'memory.swap.max'))) {
      // v2's swap.max is swap only; Docker's default total is 2× memory.
      write(dir, 'memory.swap.max', swapTotal === -1 ? 'max' : String(swapTotal > 0 ? Math.max(0, swapTotal - mem) : mem));
    }
  }
  if (quota) write(dir, 'cpu.max', `${Math.max(1000, quota)} 100000`);
  // runc's conversion of cpu.shares [2, 262144] to cpu.weight [1, 10000].
  if (shares) write(dir, 'cpu.weight', String(1 + Math.floor(((shares - 2) * 9999) / 262_142)));
  if (pids) write(dir, 'pids.max', String(pids));
}

/** Reads back one limit file of a container (tests, inspect). */
export function readLimitFile(layout: CgroupLayout, id: string, controller: LimitController, file: string): string | null {
  const h = layout.version === 2 ? layout.v2 : layout.v1[controller];
  if (!h) return null;
  const v = readTrim(join(subtreeDir(h, layout), leafName(id), file));
  return v === '' ? null : v;
}

export type FreezeState = 'frozen' | 'freezing' | 'thawed';

export function freezeState(layout: CgroupLayout, id: string): FreezeState | null {
  const dir = controlDir(layout, id);
  if (!existsSync(dir)) return null;
  if (layout.version === 1) {
    const s = readTrim(join(dir, 'freezer.state'));
    return s === 'FROZEN' ? 'frozen' : s === 'FREEZING' ? 'freezing' : 'thawed';
  }
  const want = readTrim(join(dir, 'cgroup.freeze')) === '1';
  const frozen = /^frozen 1$/m.test(readTrim(join(dir, 'cgroup.events')));
  return frozen ? 'frozen' : want ? 'freezing' : 'thawed';
}

/** Freezes every process of the container; resolves once the kernel reports it frozen. */
export async function freeze(layout: CgroupLayout, id: string, timeoutMs = 5000): Promise<void> {
  const dir = controlDir(layout, id);
  if (!existsSync(dir)) throw new CgroupError(`container ${id} has no cgroup (not running)`);
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; ; i++) {
    if (layout.version === 1) {
      // Like runc: re-write FROZEN while the freezer reports FREEZING.
      if (i % 10 === 0) write(dir, 'freezer.state', 'FROZEN');
    } else if (i === 0) {
      write(dir, 'cgroup.freeze', '1');
    }
    if (freezeState(layout, id) === 'frozen') return;
    if (Date.now() > deadline) {
      await thaw(layout, id).catch(() => {});
      throw new CgroupError(`container ${id} did not freeze within ${timeoutMs} ms`);
    }
    await sleep(i < 20 ? 1 : 10);
  }
}

export async function thaw(layout: CgroupLayout, id: string, timeoutMs = 5000): Promise<void> {
  const dir = controlDir(layout, id);
  if (!existsSync(dir)) throw new CgroupError(`container ${id} has no cgroup (not running)`);
  write(dir, layout.version === 1 ? 'freezer.state' : 'cgroup.freeze', layout.version === 1 ? 'THAWED' : '0');
  const deadline = Date.now() + timeoutMs;
  while (freezeState(layout, id) !== 'thawed') {
    if (Date.now() > deadline) throw new CgroupError(`container ${id} did not thaw within ${timeoutMs} ms`);
    await sleep(2);
  }
}

function readPids(file: string): number[] {
  return readTrim(file)
    .split('\n')
    .filter(Boolean)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}

/** Host PIDs of every process in the container's cgroup ([] when it has none). */
export function listPids(layout: CgroupLayout, id: string): number[] {
  return readPids(join(controlDir(layout, id), 'cgroup.procs'));
}

/** oom_kill count of the container's memory cgroup (0 when unknown). */
export function oomKillCount(layout: CgroupLayout, id: string): number {
  const h = layout.version === 2 ? layout.v2 : layout.v1.memory;
  if (!h) return 0;
  const dir = join(subtreeDir(h, layout), leafName(id));
  const text = readTrim(join(dir, layout.version === 2 ? 'memory.events' : 'memory.oom_control'));
  const m = /^oom_kill (\d+)$/m.exec(text);
  return m ? Number(m[1]) : 0;
}

/** Files whose oom_kill line the shim reads after the container exits. */
export function oomFiles(layout: CgroupLayout, id: string): string[] {
  const h = layout.version === 2 ? layout.v2 : layout.v1.memory;
  if (!h) return [];
  return [join(subtreeDir(h, layout), leafName(id), layout.version === 2 ? 'memory.events' : 'memory.oom_control')];
}

function rmdirIfThere(dir: string): void {
  try {
    rmdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'EBUSY') throw new CgroupError(`cgroup ${dir} still has processes`);
    throw e;
  }
}

/**
 * Removes the container's leaf from every hierarchy (its processes must be gone), then our
 * sub-tree dirs if that left them empty (another container's leaf keeps them).
 */
export function removeContainerCgroup(layout: CgroupLayout, id: string): void {
  for (const d of containerCgroupDirs(layout, id)) rmdirIfThere(d);
  removeEmptySubtreeDirs(subtreeDirs(layout));
}

/** Our sub-tree dir in every hierarchy (existing or not). */
export function subtreeDirs(layout: CgroupLayout): string[] {
  return layout.hierarchies.map((h) => subtreeDir(h, layout));
}

/** rmdir of each dir that exists and is empty; anything else is left alone. */
export function removeEmptySubtreeDirs(dirs: string[]): void {
  for (const d of dirs) {
    try {
      rmdirSync(d);
    } catch {
      /* not there, or still has leaves */
    }
  }
}

/** Removes O/<subtree> from every hierarchy if it has no leaves left; returns leftovers. */
export function removeSubtree(layout: CgroupLayout): string[] {
  const left: string[] = [];
  for (const h of layout.hierarchies) {
    const sub = subtreeDir(h, layout);
    if (!existsSync(sub)) continue;
    const children = readdirSync(sub, { withFileTypes: true }).filter((e) => e.isDirectory());
    if (children.length) {
      left.push(...children.map((c) => join(sub, c.name)));
      continue;
    }
    try {
      rmdirSync(sub);
    } catch {
      left.push(sub);
    }
  }
  return left;
}

/** Every leaf dir currently present under our sub-tree, in every hierarchy. */
export function listSubtreeLeaves(layout: CgroupLayout): string[] {
  const out: string[] = [];
  for (const h of layout.hierarchies) {
    const sub = subtreeDir(h, layout);
    if (!existsSync(sub)) continue;
    for (const e of readdirSync(sub, { withFileTypes: true })) if (e.isDirectory()) out.push(join(sub, e.name));
  }
  return out;
}

/** Our sub-tree dirs that exist (for leak counting). */
export function listSubtreeDirs(layout: CgroupLayout): string[] {
  return layout.hierarchies.map((h) => subtreeDir(h, layout)).filter((d) => existsSync(d));
}

export function procsOf(dir: string): number[] {
  return readPids(join(dir, 'cgroup.procs'));
}

/** Thaws a leaf dir given as a path (gc: the frozen processes must run to die). */
export function thawDir(dir: string): void {
  try {
    if (existsSync(join(dir, 'freezer.state'))) writeFileSync(join(dir, 'freezer.state'), 'THAWED');
    if (existsSync(join(dir, 'cgroup.freeze'))) writeFileSync(join(dir, 'cgroup.freeze'), '0');
  } catch {
    /* best effort */
  }
}
