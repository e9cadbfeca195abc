/**
 * The network side of a container that every create, start and list needs (kept small: it
 * is on the lesson page's path; the port machinery is ports.ts, loaded when ports appear):
 * network modes (create's checks, start's join), NetworkSettings.Ports' shape and the list
 * API's Ports.
 */
import type { ContainerConfig, HostConfig, PortBinding, PortSummary } from '../api.ts';
import { EngineError, conflict, invalidParameter } from '../errors.ts';

/** NetworkSettings.Ports: every exposed port, with its host bindings or null. */
export type PortMap = Record<string, PortBinding[] | null>;

/** One host socket of a published port (what the userland proxy listens on). */
export interface HostBinding {
  proto: string;
  hostIp: string;
  hostPort: number;
  containerPort: number;
}

/** Whether the container is on the bridge network (only there are ports exposed and published). */
export function onBridge(hostConfig: Pick<HostConfig, 'NetworkMode'>): boolean {
  const mode = hostConfig.NetworkMode;
  return mode === 'default' || mode === 'bridge' || mode === '';
}

/** Whether a container has ports to expose or publish at its start (then ports.ts is needed). */
export function hasPorts(config: Pick<ContainerConfig, 'ExposedPorts'>, hostConfig: Pick<HostConfig, 'NetworkMode'>): boolean {
  return onBridge(hostConfig) && Object.keys(config.ExposedPorts ?? {}).length > 0;
}

/** nat.SplitProtoPort: [proto, port]. */
export function splitProtoPort(raw: string): [string, string] {
  const parts = raw.split('/');
  if (raw === '' || parts[0] === '') return ['', ''];
  if (parts.length === 1) return ['tcp', raw];
  if (parts[1] === '') return ['tcp', parts[0]!];
  return [parts[1]!, parts[0]!];
}

/** The list API's Ports (container/view.go): one row per binding, a row without host side for an unpublished port. */
export function portSummaries(ports: PortMap | undefined): PortSummary[] {
  const out: PortSummary[] = [];
  for (const [key, list] of Object.entries(ports ?? {})) {
    const [proto, port] = splitProtoPort(key);
    if (!/^[0-9]*$/.test(port) || Number(port) > 65535) continue;
    if (!list || list.length === 0) {
      out.push({ PrivatePort: Number(port), Type: proto });
      continue;
    }
    for (const b of list) {
      if (!/^[0-9]*$/.test(b.HostPort) || Number(b.HostPort) > 65535) continue;
      out.push({ PrivatePort: Number(port), PublicPort: Number(b.HostPort), Type: proto, IP: b.HostIp });
    }
  }
  return out;
}

/** Networks every daemon has (a user-defined one would need `docker network create`, which is not modelled). */
export function knownNetwork(mode: string): boolean {
  return ['default', 'bridge', 'host', 'none', ''].includes(mode) || mode.startsWith('container:');
}

/**
 * Create's network part (both engines): validateNetContainerMode's refusals, the container
 * whose network is joined recorded by its full ID, and the warning for ports on the host
 * network. Returns the create warnings.
 */
export function createNetwork(
  config: Partial<Pick<ContainerConfig, 'Hostname' | 'ExposedPorts'>>,
  hostConfig: Pick<HostConfig, 'NetworkMode' | 'PortBindings' | 'PublishAllPorts'>,
  find: (ref: string) => { id: string } | undefined,
): string[] {
  const refused = networkModeError(config, hostConfig);
  if (refused) throw invalidParameter(refused);
  if (hostConfig.NetworkMode.startsWith('container:')) {
    const joined = find(hostConfig.NetworkMode.slice('container:'.length));
    if (joined) hostConfig.NetworkMode = `container:${joined.id}`;
  }
  if (hostConfig.NetworkMode === 'host' && Object.keys(hostConfig.PortBindings ?? {}).length > 0) {
    return ['Published ports are discarded when using host network mode'];
  }
  return [];
}

/**
 * containerStart's network step before the ports: another container's network (it must
 * run), host, none, or the bridge. Returns whether the container is on the bridge (its
 * ports are to be published); throws the daemon's error for a network it cannot join.
 */
export function joinNetwork(hostConfig: Pick<HostConfig, 'NetworkMode'>, find: (ref: string) => { id: string; state: string } | undefined): boolean {
  const mode = hostConfig.NetworkMode;
  if (mode.startsWith('container:')) {
    const ref = mode.slice('container:'.length);
    const target = find(ref);
    if (!target) throw new EngineError('notFound', `No such container: ${ref}`);
    if (target.state !== 'running' && target.state !== 'paused') throw conflict(`cannot join network of a non running container: ${target.id}`);
    return false;
  }
  if (!knownNetwork(mode)) throw new EngineError('notFound', `network ${mode} not found`);
  return onBridge(hostConfig);
}

/** runconfig's validateNetContainerMode: what create refuses with --network container:… */
export function networkModeError(
  config: Partial<Pick<ContainerConfig, 'Hostname' | 'ExposedPorts'>>,
  hostConfig: Pick<HostConfig, 'NetworkMode' | 'PortBindings' | 'PublishAllPorts'>,
): string | undefined {
  const parts = hostConfig.NetworkMode.split(':');
  if (parts[0] !== 'container') return undefined;
  if (parts.length < 2 || parts[1] === '') return 'Invalid network mode: invalid container format container:<name|id>';
  if (config.Hostname) return 'conflicting options: hostname and the network mode';
  if (Object.keys(hostConfig.PortBindings ?? {}).length > 0 || hostConfig.PublishAllPorts) {
    return 'conflicting options: port publishing and the container type network mode';
  }
  if (Object.keys(config.ExposedPorts ?? {}).length > 0) return 'conflicting options: port exposing and the container type network mode';
  return undefined;
}
