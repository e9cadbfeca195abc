/**
 * The run config a build step works on (container.Config as an image stores it) and
 * the helpers moby's builder uses on it: copies, the `#(nop)` comment commands,
 * the default shell, and the cache's config comparison (image/cache/compare.go).
 */
import type { ImageConfig } from '../images/types.ts';
import { kit } from './kitRef.ts';

export const DEFAULT_SHELL = ['/bin/sh', '-c'];
export const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const copyList = <T>(xs: T[] | null | undefined): T[] | null => (xs == null ? null : [...xs]);
const copyMap = <T>(m: Record<string, T> | null | undefined): Record<string, T> | null => (m == null ? null : { ...m });

/** copyRunConfig: slices and maps are copied, the Healthcheck is shared (Go copies the struct, not what its pointer names). */
export function copyRunConfig(c: ImageConfig, change: (c: ImageConfig) => void = () => {}): ImageConfig {
  const out: ImageConfig = {
    ...c,
    Env: copyList(c.Env),
    Cmd: copyList(c.Cmd),
    Entrypoint: copyList(c.Entrypoint),
    OnBuild: copyList(c.OnBuild),
    Volumes: copyMap(c.Volumes),
    Labels: copyMap(c.Labels),
  };
  if (c.Shell) out.Shell = [...c.Shell];
  if (c.ExposedPorts) out.ExposedPorts = { ...c.ExposedPorts };
  // Healthcheck stays shared, as the pointer in Go's shallow struct copy: the daemon fills a
  // build container's zero HEALTHCHECK fields from its image, and the step's config sees that
  change(out);
  return out;
}

/** An empty run config (FROM scratch, or a base image without a config). */
export function emptyRunConfig(): ImageConfig {
  return kit().makeConfig({});
}

/** getShell: SHELL's value, else /bin/sh -c. */
export function shellOf(c: ImageConfig): string[] {
  return c.Shell && c.Shell.length ? [...c.Shell] : [...DEFAULT_SHELL];
}

/** withCmdComment: `[shell…, "#(nop) ", comment]` (most metadata instructions). */
export function withCmdComment(c: ImageConfig, comment: string): ImageConfig {
  return copyRunConfig(c, (x) => {
    x.Cmd = [...shellOf(c), '#(nop) ', comment];
  });
}

/** withCmdCommentString: `[shell…, "#(nop) " + comment]` (WORKDIR, COPY, ADD). */
export function withCmdCommentString(c: ImageConfig, comment: string): ImageConfig {
  return copyRunConfig(c, (x) => {
    x.Cmd = [...shellOf(c), `#(nop) ${comment}`];
  });
}

const len = (x: { length: number } | null | undefined): number => x?.length ?? 0;
const size = (m: object | null | undefined): number => (m ? Object.keys(m).length : 0);

/**
 * compare (image/cache/compare.go): two configs match for the cache. Image, Hostname,
 * WorkingDir, Healthcheck, StopSignal … are not compared; OpenStdin never matches.
 */
export function sameForCache(a: ImageConfig | null, b: ImageConfig | null): boolean {
  if (!a || !b || a.OpenStdin || b.OpenStdin) return false;
  if (a.AttachStdout !== b.AttachStdout || a.AttachStderr !== b.AttachStderr || a.User !== b.User || a.Tty !== b.Tty) return false;
  if (
    len(a.Cmd) !== len(b.Cmd) ||
    len(a.Env) !== len(b.Env) ||
    size(a.Labels) !== size(b.Labels) ||
    size(a.ExposedPorts) !== size(b.ExposedPorts) ||
    len(a.Entrypoint) !== len(b.Entrypoint) ||
    size(a.Volumes) !== size(b.Volumes)
  ) {
    return false;
  }
  for (let i = 0; i < len(a.Cmd); i++) if (a.Cmd![i] !== b.Cmd![i]) return false;
  for (let i = 0; i < len(a.Env); i++) if (a.Env![i] !== b.Env![i]) return false;
  for (const [k, v] of Object.entries(a.Labels ?? {})) if (((b.Labels ?? {})[k] ?? '') !== v) return false;
  for (const k of Object.keys(a.ExposedPorts ?? {})) if (!(k in (b.ExposedPorts ?? {}))) return false;
  for (let i = 0; i < len(a.Entrypoint); i++) if (a.Entrypoint![i] !== b.Entrypoint![i]) return false;
  for (const k of Object.keys(a.Volumes ?? {})) if (!(k in (b.Volumes ?? {}))) return false;
  return true;
}
