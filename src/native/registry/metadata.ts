/**
 * The daemon's distribution metadata (V2MetadataService in
 * `<docker root>/image/overlay2/distribution/`): which blob digest a layer (by
 * diffID) has in which repository, learnt from pulls and pushes. Push reads it to
 * skip layers a repository already holds ("Layer already exists") and to mount
 * blobs from another repository of the same registry ("Mounted from …"). The same
 * rules as the simulator's V2MetadataStore (src/sim/images/registry.ts), kept in
 * `<state root>/distribution/v2metadata.json` (written atomically after each change)
 * so that a later run of the backend knows what it pushed.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { V2Metadata } from '../../sim/images/registry.ts';
import { writeAtomic } from '../images/files.ts';
import { isDigest } from './client.ts';

/** Entries kept per layer (Docker keeps 50). */
const PER_LAYER = 50;

export class V2MetadataFile {
  readonly path: string;
  readonly #byDiffID = new Map<string, V2Metadata[]>();

  constructor(stateRoot: string) {
    const dir = join(stateRoot, 'distribution');
    this.path = join(dir, 'v2metadata.json');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.#load();
  }

  #load(): void {
    if (!existsSync(this.path)) return;
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch {
      return; // damaged: start empty (it is a cache of what registries hold)
    }
    if (!data || typeof data !== 'object') return;
    for (const [diffID, list] of Object.entries(data as Record<string, unknown>)) {
      if (!isDigest(diffID) || !Array.isArray(list)) continue;
      const ok = list.filter((m): m is V2Metadata => isDigest((m as V2Metadata)?.digest) && typeof (m as V2Metadata)?.source === 'string');
      if (ok.length) this.#byDiffID.set(diffID, ok.slice(-PER_LAYER));
    }
  }

  #save(): void {
    writeAtomic(this.path, JSON.stringify(Object.fromEntries(this.#byDiffID)) + '\n', 0o600);
  }

  /** Newest last. */
  get(diffID: string): V2Metadata[] {
    return [...(this.#byDiffID.get(diffID) ?? [])];
  }

  /** Add / TagAndAdd: the entry moves to the end (newest). */
  add(diffID: string, meta: V2Metadata): void {
    const list = (this.#byDiffID.get(diffID) ?? []).filter((m) => m.digest !== meta.digest || m.source !== meta.source);
    list.push({ digest: meta.digest, source: meta.source });
    this.#byDiffID.set(diffID, list.slice(-PER_LAYER));
    this.#save();
  }

  /** A digest the repository turned out not to hold. */
  remove(diffID: string, meta: V2Metadata): void {
    const list = this.#byDiffID.get(diffID);
    if (!list) return;
    const kept = list.filter((m) => m.digest !== meta.digest || m.source !== meta.source);
    if (kept.length === list.length) return;
    if (kept.length) this.#byDiffID.set(diffID, kept);
    else this.#byDiffID.delete(diffID);
    this.#save();
  }
}
