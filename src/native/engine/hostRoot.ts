/**
 * Host paths inside a directory that stands in for the host's `/` (`classroom serve`
 * gives each session its own): a path is resolved component by component, symlinks
 * included, as if the directory were the root — `..` stops at it and an absolute
 * link target starts again from it — so no path, however made, names anything
 * outside. (A container that can write into that directory through a bind mount can
 * still swap a component for a link between this check and its use; each use resolves
 * afresh, so only its own directory is at stake.)
 */
import { lstatSync, readlinkSync } from 'node:fs';
import { FsError } from '../../sim/fs/types.ts';

const MAX_LINKS = 40;

function parts(path: string): string[] {
  return path.split('/').filter((p) => p !== '' && p !== '.');
}

/**
 * The real path of `path` (absolute or relative to `/`) under `root`. Symlinks are
 * followed inside the root (the last component only with `followLast`). A missing
 * component ends resolution: the rest is appended as written (after `..` is applied).
 * Throws FsError ELOOP or ENOTDIR.
 */
export function resolveInRoot(root: string, path: string, followLast = true): string {
  const queue = parts(path);
  const done: string[] = [];
  let links = 0;
  let missing = false;
  while (queue.length) {
    const c = queue.shift()!;
    if (c === '..') {
      done.pop();
      continue;
    }
    if (missing) {
      done.push(c);
      continue;
    }
    const real = `${root}/${[...done, c].join('/')}`;
    let isLink = false;
    try {
      const st = lstatSync(real);
      isLink = st.isSymbolicLink();
      if (!isLink && !st.isDirectory() && queue.length > 0) throw new FsError('ENOTDIR', path);
    } catch (e) {
      if (e instanceof FsError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') throw new FsError('ENOTDIR', path);
      missing = true;
      done.push(c);
      continue;
    }
    if (isLink && (queue.length > 0 || followLast)) {
      if (++links > MAX_LINKS) throw new FsError('ELOOP', path);
      const target = readlinkSync(real, 'utf8');
      if (target.startsWith('/')) done.length = 0;
      queue.unshift(...parts(target));
      continue;
    }
    done.push(c);
  }
  return done.length ? `${root}/${done.join('/')}` : root;
}
