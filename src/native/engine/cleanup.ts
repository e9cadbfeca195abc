/**
 * Cleaning up after a script, after a signal, and after a crash:
 *  - scriptScope(): remembers what existed before a script; cleanup() then removes every
 *    container and volume this backend process made, and every image and tag that is
 *    new (busybox:latest is made again at the next start if a script removed it);
 *  - collectCrashed(): containers and volumes of backend processes that are gone (a
 *    crash, a kill -9), then the runtime's gc of processes, runc state, cgroups and
 *    mounts under the state root — only when no live backend still has containers there.
 */
import { gc, type GcReport } from '../runtime/gc.ts';
import type { NativeBackend } from './backend.ts';
import { ownerAlive } from './nativeEngine.ts';

export interface ScriptScope {
  /** Removes what the script made; returns a line per thing it could not remove. */
  cleanup(): Promise<string[]>;
}

export function scriptScope(b: NativeBackend): ScriptScope {
  const engine = b.engine;
  const imagesBefore = new Set(b.store.images.images().map((i) => i.id));
  const refsBefore = new Map<string, string>();
  for (const img of b.store.images.images()) for (const r of b.store.images.repoTags(img.id)) refsBefore.set(r, img.id);
  return {
    async cleanup() {
      const problems: string[] = [];
      await engine.removeAll({
        containers: (c) => c.owner === engine.owner,
        volumes: (name) => engine.volumes.get(name)?.owner === engine.owner,
      });
      for (const c of engine.containers()) if (c.owner === engine.owner) problems.push(`container ${c.id} (${c.name}) is left: ${c.state}`);
      // New tags first (an old image may have got a new name), then new images.
      for (const img of b.store.images.images()) {
        for (const r of b.store.images.repoTags(img.id)) {
          if (refsBefore.get(r) === img.id) continue;
          try {
            if (!imagesBefore.has(img.id)) continue;
            b.store.remove(r, { force: false });
          } catch (e) {
            problems.push(`tag ${r}: ${(e as Error).message}`);
          }
        }
      }
      // Newest first, and again while that frees some: a build's --cache-from can give an
      // older image a newer parent, which then waits for its child to go.
      let pending = [...b.store.images.images()].reverse().filter((img) => !imagesBefore.has(img.id));
      let failures = new Map<string, string>();
      for (let progress = true; pending.length && progress; ) {
        progress = false;
        failures = new Map();
        for (const img of pending) {
          try {
            b.store.remove(img.id, { force: true });
            progress = true;
          } catch (e) {
            if (b.store.images.find(img.id)) failures.set(img.id, (e as Error).message);
            else progress = true;
          }
        }
        pending = pending.filter((img) => failures.has(img.id));
      }
      for (const [id, message] of failures) problems.push(`image ${id}: ${message}`);
      if (!engine.containers().some((c) => c.task || c.state === 'running' || c.state === 'paused' || c.state === 'restarting')) {
        const r = await gc({ stateRoot: b.stateRoot });
        problems.push(...r.leftovers);
      }
      return problems;
    },
  };
}

export interface CollectReport {
  containers: string[];
  volumes: string[];
  runtime?: GcReport;
  /** Containers of live backends that were left alone. */
  live: number;
}

/** Removes what crashed backends left under the state root (see the top of this file). */
export async function collectCrashed(b: NativeBackend): Promise<CollectReport> {
  const engine = b.engine;
  const dead = (owner: string | undefined) => owner !== engine.owner && !(owner && ownerAlive(owner));
  const gone = engine.containers().filter((c) => dead(c.owner)).map((c) => c.id);
  const volumes = engine.volumes.list().filter((v) => dead(v.owner)).map((v) => v.name);
  await engine.removeAll({ containers: (c) => dead(c.owner), volumes: (name) => dead(engine.volumes.get(name)?.owner) });
  const live = engine.containers().length;
  const report: CollectReport = { containers: gone, volumes: volumes.filter((n) => !engine.volumes.get(n)), live };
  if (!engine.containers().some((c) => c.task || c.state === 'running' || c.state === 'paused' || c.state === 'restarting')) {
    report.runtime = await gc({ stateRoot: b.stateRoot });
  }
  return report;
}
