/**
 * `classroom serve`: the native backend behind a local server for the site's "real"
 * mode (src/server/). Listens on 127.0.0.1 only, prints the address and a token, and
 * removes everything its sessions made when it stops (Ctrl-C, SIGTERM).
 */
import { join } from 'node:path';
import { NativeUnavailable, nativeProblems } from '../native/engine/backend.ts';
import { normalizeOrigin } from '../server/guard.ts';
import { startServer } from '../server/server.ts';
import { parseDockerVersion, type DockerVersion } from '../sim/profile.ts';
import { nativeStateRoot } from './native.ts';

export const DEFAULT_PORT = 4322;
export const DEFAULT_SITE = 'http://127.0.0.1:4321/';

const USAGE = `Usage: classroom serve [OPTIONS]

Runs the native backend (real containers: runc, overlayfs, cgroups) behind a
server on 127.0.0.1 for the site's "real" mode. Linux, as root.

Options:
  --port N            Port to listen on (default ${DEFAULT_PORT}; 0: any free port)
  --origin URL        An origin allowed to use the backend (repeatable; default
                      http://127.0.0.1:4321 and http://localhost:4321, the dev server)
  --site URL          The site's address, for the link printed (default ${DEFAULT_SITE})
  --max-sessions N    Most browser sessions at once (default 8)
  --grace S           Seconds a session outlives its closed page (default 30)
  --state-root DIR    Where sessions keep their state (default
                      $CLASSROOM_NATIVE_ROOT/serve or /var/lib/container-classroom/serve)
  --docker V          Docker version to imitate: 29 (default) or 20.10
  --quiet             Do not log refused requests and sessions
`;

export interface ServeArgs {
  port: number;
  origins: string[];
  site: string;
  maxSessions: number;
  graceS: number;
  root: string;
  docker: DockerVersion;
  quiet: boolean;
}

export function parseServeArgs(args: string[]): ServeArgs | string | 'help' {
  const o: ServeArgs = { port: DEFAULT_PORT, origins: [], site: DEFAULT_SITE, maxSessions: 8, graceS: 30, root: join(nativeStateRoot(), 'serve'), docker: '29', quiet: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (name: string): string | undefined => {
      if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
      if (a === name) {
        const v = args[++i];
        return v ?? '';
      }
      return undefined;
    };
    const int = (v: string, name: string, min: number, max: number): number | string =>
      /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max ? Number(v) : `${name} needs a whole number from ${min} to ${max}, got '${v}'`;
    let v: string | undefined;
    if (a === '--help' || a === '-h') return 'help';
    if (a === '--quiet') o.quiet = true;
    else if ((v = value('--port')) !== undefined) {
      const n = int(v, '--port', 0, 65535);
      if (typeof n === 'string') return n;
      o.port = n;
    } else if ((v = value('--origin')) !== undefined) {
      const origin = normalizeOrigin(v);
      if (!origin) return `--origin needs an http(s) origin such as http://127.0.0.1:4321, got '${v}'`;
      o.origins.push(origin);
    } else if ((v = value('--site')) !== undefined) {
      if (!normalizeOrigin(v)) return `--site needs an http(s) URL, got '${v}'`;
      o.site = v;
    } else if ((v = value('--max-sessions')) !== undefined) {
      const n = int(v, '--max-sessions', 1, 256);
      if (typeof n === 'string') return n;
      o.maxSessions = n;
    } else if ((v = value('--grace')) !== undefined) {
      const n = int(v, '--grace', 0, 86400);
      if (typeof n === 'string') return n;
      o.graceS = n;
    } else if ((v = value('--state-root')) !== undefined) {
      if (!v.startsWith('/')) return `--state-root needs an absolute path, got '${v}'`;
      o.root = v.replace(/\/+$/, '') || '/';
    } else if ((v = value('--docker')) !== undefined) {
      const d = parseDockerVersion(v);
      if (!d) return `unknown docker version '${v}' (use 29 or 20.10)`;
      o.docker = d;
    } else return `unexpected argument '${a}'`;
  }
  if (o.root === '/') return '--state-root cannot be /';
  if (!o.origins.length) o.origins = ['http://127.0.0.1:4321', 'http://localhost:4321'];
  return o;
}

/** The page to open: the site with the backend's address in the query and the token in the fragment (never sent to a server). */
export function openUrl(site: string, backend: string, token: string): string {
  const u = new URL(site);
  u.searchParams.set('backend', backend);
  u.hash = `token=${token}`;
  return u.toString();
}

export async function serveCommand(args: string[]): Promise<number> {
  const o = parseServeArgs(args);
  if (o === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (typeof o === 'string') {
    process.stderr.write(`classroom serve: ${o}\n\n${USAGE}`);
    return 2;
  }
  const problems = nativeProblems(o.root);
  if (problems.length) {
    for (const p of problems) process.stderr.write(`classroom serve: native engine: ${p}\n`);
    return 2;
  }
  const log = o.quiet ? undefined : (line: string) => process.stderr.write(`classroom serve: ${line}\n`);
  let server;
  try {
    server = await startServer({ port: o.port, origins: o.origins, root: o.root, maxSessions: o.maxSessions, version: o.docker, graceMs: o.graceS * 1000, ...(log ? { log } : {}) });
  } catch (e) {
    if (e instanceof NativeUnavailable) {
      for (const p of e.problems) process.stderr.write(`classroom serve: ${p}\n`);
      return 2;
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') {
      process.stderr.write(`classroom serve: port ${o.port} is in use: choose another with --port N (0: any free port)\n`);
      return 2;
    }
    throw e;
  }
  process.stdout.write(
    [
      `classroom serve: the native backend listens on ${server.url} (this machine only)`,
      `  token: ${server.token}`,
      `  open:  ${openUrl(o.site, server.url, server.token)}`,
      `  allowed origins: ${o.origins.join(' ')}`,
      `  sessions: at most ${o.maxSessions}, state under ${o.root}`,
      'Press Ctrl-C to stop: everything the sessions made is removed.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  process.stderr.write('classroom serve: stopping, removing what the sessions made…\n');
  const left = await server.close();
  for (const l of left) process.stderr.write(`classroom serve: cleanup: ${l}\n`);
  return left.length ? 1 : 0;
}
