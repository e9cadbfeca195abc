/**
 * Docker volumes of the simulated daemon (local driver): named and anonymous
 * volumes, each its own file tree that lives until `docker volume rm`
 * (anonymous ones also go with `rm -v` / `--rm`), and the parsing of `-v`.
 */
import type { MountPoint } from '../api.ts';
import { invalidParameter, conflict, EngineError } from '../errors.ts';
import { MemoryFs } from '../fs/memory.ts';
import type { FileSystem } from '../fs/types.ts';

export const VOLUMES_ROOT = '/var/lib/docker/volumes';

export interface Volume {
  name: string;
  fs: MemoryFs;
  createdAt: number;
  anonymous: boolean;
  /** null for volumes made by -v (the API shows null), {} or the given labels for `volume create`. */
  labels: Record<string, string> | null;
  options: Record<string, string> | null;
}

/** The API's view of a volume (`docker volume inspect`). */
export function volumeInfo(v: Volume): Record<string, unknown> {
  return {
    CreatedAt: new Date(Math.floor(v.createdAt / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    Driver: 'local',
    Labels: v.labels,
    Mountpoint: `${VOLUMES_ROOT}/${v.name}/_data`,
    Name: v.name,
    Options: v.options,
    Scope: 'local',
  };
}

/** Bytes in a volume (regular files), for `system df` and prune. */
export function volumeSize(fs: FileSystem, path = '/'): number {
  let n = 0;
  for (const e of fs.readdir(path)) {
    const p = `${path === '/' ? '' : path}/${e.name}`;
    if (e.type === 'dir') n += volumeSize(fs, p);
    else if (e.type === 'file') n += fs.lstat(p).size;
  }
  return n;
}

export class VolumeStore {
  readonly #volumes = new Map<string, Volume>();
  readonly #now: () => number;
  constructor(now: () => number) {
    this.#now = now;
  }

  get(name: string): Volume | undefined {
    return this.#volumes.get(name);
  }

  list(): Volume[] {
    return [...this.#volumes.values()];
  }

  /** Creates the volume, or returns the existing one of that name (as `docker volume create` does). */
  create(name: string, opts: { anonymous?: boolean; labels?: Record<string, string> | null; options?: Record<string, string> | null } = {}): Volume {
    const existing = this.#volumes.get(name);
    if (existing) return existing;
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name)) {
      throw invalidParameter(
        `create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`,
      );
    }
    const fs = new MemoryFs({ now: this.#now });
    const v: Volume = {
      name,
      fs,
      createdAt: this.#now(),
      anonymous: opts.anonymous ?? false,
      labels: opts.labels === undefined ? null : opts.labels,
      options: opts.options === undefined ? null : opts.options,
    };
    this.#volumes.set(name, v);
    return v;
  }

  /** Removes a volume; `inUseBy` lists the containers that mount it. */
  remove(name: string, inUseBy: string[], force = false): void {
    if (!this.#volumes.has(name)) {
      if (force) return;
      throw new EngineError('notFound', `get ${name}: no such volume`);
    }
    if (inUseBy.length) throw conflict(`remove ${name}: volume is in use - [${inUseBy.join(', ')}]`);
    this.#volumes.delete(name);
  }
}

export interface ParsedBind {
  type: 'volume' | 'bind';
  source: string;
  destination: string;
  mode: string;
  rw: boolean;
}

/** The daemon's Linux parser for one `-v` spec given as a bind (`src:dst[:mode]`). */
export function parseBind(spec: string): ParsedBind {
  const parts = spec.split(':');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) throw invalidParameter(`invalid volume specification: '${spec}'`);
  const [source, destination, mode = ''] = parts as [string, string, string?];
  if (!destination.startsWith('/')) {
    throw invalidParameter(`invalid volume specification: '${spec}': invalid mount config for type "${source.startsWith('/') ? 'bind' : 'volume'}": invalid mount path: '${destination}' mount path must be absolute`);
  }
  const modes = mode.split(',').filter(Boolean);
  for (const m of modes) {
    if (!['ro', 'rw', 'z', 'Z', 'nocopy', 'shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate', 'delegated', 'cached', 'consistent'].includes(m)) {
      throw invalidParameter(`invalid mode: ${mode}`);
    }
  }
  return { type: source.startsWith('/') ? 'bind' : 'volume', source, destination, mode, rw: !modes.includes('ro') };
}

export function volumeMountPoint(v: Volume, destination: string, mode: string, rw: boolean): MountPoint {
  return {
    Type: 'volume',
    Name: v.name,
    Source: `${VOLUMES_ROOT}/${v.name}/_data`,
    Destination: destination,
    Driver: 'local',
    Mode: mode === '' ? 'z' : mode,
    RW: rw,
    Propagation: '',
  };
}

export function bindMountPoint(b: ParsedBind): MountPoint {
  return { Type: 'bind', Source: b.source, Destination: b.destination, Mode: b.mode, RW: b.rw, Propagation: 'rprivate' };
}

/** Copies what the image has at a path into a new, empty volume (Docker's copy-up of image data). */
export function copyTree(from: FileSystem, fromPath: string, to: FileSystem, toPath: string): void {
  for (const e of from.readdir(fromPath)) {
    const src = `${fromPath === '/' ? '' : fromPath}/${e.name}`;
    const dst = `${toPath === '/' ? '' : toPath}/${e.name}`;
    const st = from.lstat(src);
    if (st.type === 'dir') {
      to.mkdir(dst, { mode: st.mode });
      copyTree(from, src, to, dst);
    } else if (st.type === 'symlink') to.symlink(from.readlink(src), dst);
    else if (st.type === 'file') {
      to.writeFile(dst, from.readFile(src), { mode: st.mode, ...(st.exe ? { exe: st.exe } : {}) });
    } else continue;
    if (st.type !== 'symlink') {
      to.chown(dst, st.uid, st.gid);
      to.utimes(dst, st.mtimeMs);
    }
  }
}
