/**
 * Which container serves a registry on a host port: what makes
 * `docker run -d -p 5000:5000 registry:2` then `docker push localhost:5000/x` work.
 *
 * A registry answers on host port P while a container
 *  - is running (or paused: it holds the port, but a frozen registry never answers,
 *    so requests wait until it thaws),
 *  - publishes the port the registry listens on (5000, or REGISTRY_HTTP_ADDR's) on P,
 *    as its NetworkSettings.Ports say (the engine's port data), for an address
 *    loopback reaches (0.0.0.0, ::, 127.x, or any),
 *  - and runs the registry program (`registry serve …`, the registry image's binary).
 * Stop or remove it and pushes get Docker's connection-refused text again; a port
 * published by a container where no registry listens: docker-proxy takes the
 * connection and hangs up (`Get "…": EOF`). What was
 * pushed is kept with the storage at /var/lib/registry (the image's anonymous volume,
 * a named volume or a bind mount), so it survives a restart, and a new registry
 * container on the same volume serves it again. Loaded the first time a loopback
 * registry is looked for.
 */
import { PrivateRegistry } from '../images/privateRegistry.ts';
import type { Registry, ServedRegistry } from '../images/registry.ts';
import type { SimEngine } from './simEngine.ts';

const STORAGE = '/var/lib/registry';

/** Registry containers' storage, by what holds /var/lib/registry: a volume (or the container itself), or a bind's host path per simulator. */
const byObject = new WeakMap<object, PrivateRegistry>();
const byPath = new WeakMap<Registry, Map<string, PrivateRegistry>>();

function storageFor(registry: Registry, holder: object | string): PrivateRegistry {
  if (typeof holder === 'string') {
    let paths = byPath.get(registry);
    if (!paths) byPath.set(registry, (paths = new Map()));
    let r = paths.get(holder);
    if (!r) paths.set(holder, (r = new PrivateRegistry()));
    return r;
  }
  let r = byObject.get(holder);
  if (!r) byObject.set(holder, (r = new PrivateRegistry()));
  return r;
}

/** The port the registry listens on inside the container (its config says :5000; REGISTRY_HTTP_ADDR overrides). */
function listenPort(env: readonly string[] | null | undefined): number {
  const addr = env?.find((e) => e.startsWith('REGISTRY_HTTP_ADDR='))?.slice('REGISTRY_HTTP_ADDR='.length);
  const port = addr !== undefined ? Number(addr.slice(addr.lastIndexOf(':') + 1)) : NaN;
  return Number.isInteger(port) && port > 0 ? port : 5000;
}

const reachable = (ip: string) => ip === '' || ip === '0.0.0.0' || ip === '::' || /^127\./.test(ip);

/** The registry a host port leads to; 'closed' when a container publishes the port but no registry listens behind it. */
export async function servedRegistry(engine: SimEngine, registry: Registry, hostPort: number): Promise<ServedRegistry | 'closed' | undefined> {
  let closed = false;
  for (const c of engine.containers()) {
    if (c.state !== 'running' && c.state !== 'paused') continue;
    const inspect = await engine.containerInspect(c.id);
    const serving = c.task?.processes().some((p) => p.command === 'registry' || p.command.startsWith('registry ')) ?? false;
    const port = serving ? `${listenPort(inspect.Config.Env)}/tcp` : undefined;
    const published = Object.entries(inspect.NetworkSettings.Ports).filter(([, bs]) => (bs ?? []).some((b) => Number(b.HostPort) === hostPort && reachable(b.HostIp)));
    if (published.length === 0) continue;
    if (!published.some(([p]) => p === port)) {
      closed = true;
      continue;
    }
    const mount = inspect.Mounts.find((m) => m.Destination === STORAGE);
    const volume = mount?.Type === 'volume' && mount.Name ? engine.volumes.get(mount.Name) : undefined;
    const holder: object | string = volume ?? (mount?.Type === 'bind' ? mount.Source : c);
    return { server: storageFor(registry, holder), paused: c.state === 'paused' };
  }
  return closed ? 'closed' : undefined;
}
