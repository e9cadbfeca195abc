/**
 * Deleting a container's directories off the command's path: they are renamed into
 * `<state root>/trash/` (one rename(2) each, as Docker renames a layer to `<id>-removing`)
 * and removed in the background. What a crash leaves there goes at the next open, or with
 * `classroom native gc`. Nothing else ever reads the trash.
 */
import { lstatSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

const pending = new Set<Promise<void>>();

export function trashDir(stateRoot: string): string {
  return join(stateRoot, 'trash');
}

/** Makes `path` disappear now; its contents are deleted in the background. */
export function discard(stateRoot: string, path: string): void {
  const dir = trashDir(stateRoot);
  const dest = join(dir, randomBytes(8).toString('hex'));
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    renameSync(path, dest);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !exists(path)) return;
    // another filesystem, or anything else odd: delete in place, now
    rmSync(path, { recursive: true, force: true, maxRetries: 2 });
    return;
  }
  const p = rm(dest, { recursive: true, force: true, maxRetries: 2 }).catch(() => undefined);
  pending.add(p);
  void p.finally(() => pending.delete(p));
}

/** Waits for the background deletions of this process. */
export async function trashSettled(): Promise<void> {
  while (pending.size) await Promise.all([...pending]);
}

/** Removes whatever is in the trash (leftovers of a process that ended mid-way). */
export function emptyTrash(stateRoot: string): void {
  rmSync(trashDir(stateRoot), { recursive: true, force: true, maxRetries: 2 });
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
