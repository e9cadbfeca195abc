/**
 * Docker volumes of the native engine (local driver): each volume a directory
 * `<state root>/volumes/<name>/_data`, its metadata next to it in `volume.json`.
 * Names, `-v` parsing and mount points as the simulator has them
 * (src/sim/engine/volumes.ts).
 */
import {
  chmodSync,
  copyFileSync,
  lchownSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { MountPoint } from '../../sim/api.ts';
import { EngineError, conflict, invalidParameter } from '../../sim/errors.ts';
import { lookup, mergedNames, mergedView, type Hit, type ScanNode } from '../images/index.ts';

export interface NativeVolume {
  name: string;
  createdAt: number;
  anonymous: boolean;
  labels: Record<string, string> | null;
  options: Record<string, string> | null;
  /** The volume's data directory. */
  dir: string;
  /** The backend process that made it. */
  owner?: string;
}

export class NativeVolumes {
  readonly root: string;
  readonly #volumes = new Map<string, NativeVolume>();
  readonly #owner: string;

  constructor(root: string, owner: string) {
    this.root = root;
    this.#owner = owner;
    mkdirSync(root, { recursive: true, mode: 0o700 });
    for (const name of readdirSync(root)) {
      try {
        const meta = JSON.parse(readFileSync(join(root, name, 'volume.json'), 'utf8')) as Omit<NativeVolume, 'dir'>;
        this.#volumes.set(name, { ...meta, dir: join(root, name, '_data') });
      } catch {
        /* not a volume of ours */
      }
    }
  }

  get(name: string): NativeVolume | undefined {
    return this.#volumes.get(name);
  }

  list(): NativeVolume[] {
    return [...this.#volumes.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  create(
    name: string,
    opts: { anonymous?: boolean; labels?: Record<string, string> | null; options?: Record<string, string> | null } = {},
  ): { volume: NativeVolume; isNew: boolean } {
    const existing = this.#volumes.get(name);
    if (existing) return { volume: existing, isNew: false };
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name)) {
      throw invalidParameter(
        `create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`,
      );
    }
    const v: NativeVolume = {
      name,
      createdAt: Date.now(),
      anonymous: opts.anonymous ?? false,
      labels: opts.labels === undefined ? null : opts.labels,
      options: opts.options === undefined ? null : opts.options,
      dir: join(this.root, name, '_data'),
      owner: this.#owner,
    };
    mkdirSync(v.dir, { recursive: true, mode: 0o755 });
    const { dir: _dir, ...meta } = v;
    const file = join(this.root, name, 'volume.json');
    writeFileSync(`${file}.tmp`, JSON.stringify(meta));
    renameSync(`${file}.tmp`, file);
    this.#volumes.set(name, v);
    return { volume: v, isNew: true };
  }

  remove(name: string, inUseBy: string[], force = false): void {
    if (!this.#volumes.has(name)) {
      if (force) return;
      throw new EngineError('notFound', `get ${name}: no such volume`);
    }
    if (inUseBy.length) throw conflict(`remove ${name}: volume is in use - [${inUseBy.join(', ')}]`);
    this.#volumes.delete(name);
    rmSync(join(this.root, name), { recursive: true, force: true });
  }
}

/** The API's view of a volume (`docker volume inspect`). */
export function nativeVolumeInfo(v: NativeVolume): Record<string, unknown> {
  return {
    CreatedAt: new Date(Math.floor(v.createdAt / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    Driver: 'local',
    Labels: v.labels,
    Mountpoint: v.dir,
    Name: v.name,
    Options: v.options,
    Scope: 'local',
  };
}

export function nativeVolumeMountPoint(v: NativeVolume, destination: string, mode: string, rw: boolean): MountPoint {
  return {
    Type: 'volume',
    Name: v.name,
    Source: v.dir,
    Destination: destination,
    Driver: 'local',
    Mode: mode === '' ? 'z' : mode,
    RW: rw,
    Propagation: '',
  };
}

/**
 * pkg/directory.Size (volume sizes, layer sizes): the lstat sizes of everything but
 * directories (symlinks: their target's length), each hard-linked inode once.
 */
export function dirSize(dir: string, seen = new Set<string>()): number {
  let n = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isDirectory()) {
      n += dirSize(p, seen);
      continue;
    }
    if (st.nlink > 1) {
      const key = `${st.dev}:${st.ino}`;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    n += st.size;
  }
  return n;
}

/**
 * Docker's copy of what the container's root (image layers and init layer, merged as
 * overlay merges them) has at a mount point into a new, empty volume: files, dirs and
 * symlinks with their modes, owners and times. Devices, fifos and sockets are skipped.
 */
export function copyUp(lowers: readonly string[], path: string, to: string): void {
  if (readdirSync(to).length) return;
  let hit: Hit;
  try {
    hit = mergedView({ lowers }).resolve(path, true);
  } catch {
    return; // nothing at that path
  }
  if (!hit.dirs) return;
  copyDir(hit.dirs, to);
}

function copyDir(dirs: ScanNode[], to: string): void {
  for (const name of [...mergedNames(dirs)].sort()) {
    const hit = lookup(dirs, name);
    if (!hit) continue;
    const n = hit.node;
    const dst = join(to, name);
    if (n.type === 'dir') {
      mkdirSync(dst, { mode: n.mode & 0o7777 });
      copyDir(hit.dirs ?? [n], dst);
    } else if (n.type === 'file') {
      copyFileSync(n.real, dst);
    } else if (n.type === 'symlink') {
      symlinkSync(n.target ?? readlinkSync(n.real), dst);
    } else continue;
    lchownSync(dst, n.uid, n.gid);
    if (n.type !== 'symlink') chmodSync(dst, n.mode & 0o7777);
    const t = Number(n.mtimeNs / 1_000_000n) / 1000;
    if (n.type === 'symlink') lutimesSync(dst, t, t);
    else utimesSync(dst, t, t);
  }
}
