/** Shared by the native build tests. */

/** A stderr chunk of a RUN step in a build's output (the daemon wraps each in red). */
export const RED = /\x1b\[91m([\s\S]*?)\x1b\[0m/g;

/**
 * A build's output with the RUN containers' stderr chunks taken out of their places and
 * put after it: the native shim reads stdout and stderr from two pipes, so a line on each
 * written back to back can come in either order (src/native/engine/README.md). What each
 * stream says, and everything else in its place, still has to match.
 */
export function unweave(stdout: string): string {
  const reds = [...stdout.matchAll(RED)].map((m) => m[1]).join('');
  return reds ? `${stdout.replace(RED, '')}[stderr of the steps] ${reds}` : stdout;
}
