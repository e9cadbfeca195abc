/**
 * Can this machine run the native backend? Each failed check is ONE line that names what
 * is missing and how to fix it. `preflight()` throws a PreflightError listing the failed
 * checks (one per line); `preflightReport()` returns them without throwing.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { detectCgroupLayout, type CgroupLayout } from './cgroups.ts';
import { runtimePaths } from './paths.ts';
import { isMountPoint } from './proc.ts';

export class PreflightError extends Error {
  override name = 'PreflightError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

export interface PreflightOptions {
  stateRoot?: string;
  /** runc binary (default: `runc` found on PATH). */
  runc?: string;
  /** Skip the overlay mount test (it mounts and unmounts a tiny overlay under the state root). */
  skipOverlay?: boolean;
  forceCgroupVersion?: 2;
}

export interface PreflightReport {
  /** Fatal problems, one line each. Empty = usable. */
  errors: string[];
  /** Things that work partly (e.g. a limit controller missing), one line each. */
  warnings: string[];
  runc?: string;
  runcVersion?: string;
  cgroups?: CgroupLayout;
}

/** Looks a program up on PATH (like `command -v`). */
export function which(name: string, path = process.env.PATH ?? ''): string | null {
  if (name.includes('/')) {
    try {
      accessSync(name, constants.X_OK);
      return name;
    } catch {
      return null;
    }
  }
  // root's PATH normally has the sbin dirs, but sudo/env may strip them: look there too.
  const dirs = [...path.split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/bin', '/bin'];
  for (const d of dirs) {
    if (!d) continue;
    const p = join(d, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return null;
}

/** Mounts a tiny overlay in a temp dir under `parent`, checks a write goes to upper, unmounts. */
export function checkOverlay(parent: string): string | null {
  let fsOk = false;
  try {
    fsOk = /\toverlay$/m.test(readFileSync('/proc/filesystems', 'utf8'));
  } catch {
    /* keep false; the mount below decides (it may load the module) */
  }
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, '.overlay-check-'));
  const merged = join(dir, 'm');
  try {
    for (const d of ['l', 'u', 'w', 'm']) mkdirSync(join(dir, d));
    writeFileSync(join(dir, 'l', 'f'), 'lower');
    const r = spawnSync('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${dir}/l,upperdir=${dir}/u,workdir=${dir}/w`, merged], {
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      const why = (r.stderr || r.error?.message || '').trim().split('\n')[0];
      return `overlayfs is not available (${why || 'mount failed'}${fsOk ? '' : '; not in /proc/filesystems'}): load it with \`modprobe overlay\`, and keep the state root ${parent} on ext4/xfs/tmpfs (not on overlayfs itself, NFS or FUSE)`;
    }
    try {
      writeFileSync(join(merged, 'g'), 'upper');
      readFileSync(join(dir, 'u', 'g'));
    } finally {
      spawnSync('umount', [merged]);
    }
    if (isMountPoint(merged)) spawnSync('umount', ['-l', merged]);
    return null;
  } catch (e) {
    return `overlayfs test mount under ${parent} failed (${(e as Error).message}): load the module with \`modprobe overlay\``;
  } finally {
    if (!isMountPoint(merged)) rmSync(dir, { recursive: true, force: true });
  }
}

export function preflightReport(opts: PreflightOptions = {}): PreflightReport {
  const report: PreflightReport = { errors: [], warnings: [] };
  if (process.platform !== 'linux') {
    report.errors.push(`the native engine needs Linux (this is ${process.platform}): use --engine sim, or run inside a Linux VM`);
    return report;
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    report.errors.push('the native engine needs root (runc, mounts, cgroups): run it with sudo, e.g. `sudo npx classroom …`');
  }
  const runc = which(opts.runc ?? 'runc');
  if (!runc) {
    report.errors.push('runc is not installed (or not on PATH): install it with `apt-get install -y runc`');
  } else {
    report.runc = runc;
    const v = spawnSync(runc, ['--version'], { encoding: 'utf8' });
    if (v.status !== 0) report.errors.push(`${runc} --version failed (${(v.stderr || '').trim().split('\n')[0]}): reinstall with \`apt-get install --reinstall -y runc\``);
    else report.runcVersion = /runc version (\S+)/.exec(v.stdout)?.[1];
  }
  if (!which('perl')) {
    report.errors.push('perl is missing (whiteouts and opaque dirs need mknod and xattr syscalls): install it with `apt-get install -y perl-base`');
  }
  if (!which('mount') || !which('umount')) report.errors.push('mount/umount are missing: install them with `apt-get install -y mount`');
  if (!which('mkfifo')) report.errors.push('mkfifo is missing: install it with `apt-get install -y coreutils`');
  if (!which('script')) report.warnings.push('util-linux `script` is missing, so TTY containers (-t) cannot run: install it with `apt-get install -y bsdutils`');

  const paths = runtimePaths(opts.stateRoot);
  try {
    const layout = detectCgroupLayout({ subtree: paths.cgroupSubtree, forceVersion: opts.forceCgroupVersion });
    report.cgroups = layout;
    if (layout.fatal) report.errors.push(layout.fatal);
    else {
      report.warnings.push(...layout.problems);
      const probe = layout.version === 2 ? layout.v2?.ownDir : layout.v1.freezer?.ownDir;
      if (probe) {
        try {
          accessSync(probe, constants.W_OK);
        } catch {
          report.errors.push(`cannot create cgroups beneath our own cgroup ${probe} (read-only /sys/fs/cgroup?): run as root on the host, or in a container started with a writable cgroup mount (e.g. \`docker run --privileged --cgroupns=private\`)`);
        }
      }
    }
  } catch (e) {
    report.errors.push(`cannot read the cgroup layout (${(e as Error).message}): mount cgroups at /sys/fs/cgroup`);
  }

  if (!opts.skipOverlay && report.errors.length === 0) {
    const problem = checkOverlay(paths.runtimeDir);
    if (problem) report.errors.push(problem);
  }
  return report;
}

/** Throws PreflightError (one line per problem) unless the machine can run containers. */
export function preflight(opts: PreflightOptions = {}): PreflightReport {
  const r = preflightReport(opts);
  if (r.errors.length) throw new PreflightError(r.errors);
  return r;
}
