/**
 * What every create, start and list needs of a container's network (kept small: it is on
 * the lesson page's path): NetworkSettings.Ports' shape, whether the container is on the
 * bridge with ports, and the list API's Ports. The rest — network modes, the allocator,
 * the bindings — is ports.ts, which the simulator loads when a container needs it.
 */
import type { ContainerConfig, HostConfig, PortBinding, PortSummary } from '../api.ts';

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

/** Whether a container has ports to expose or publish at its start. */
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
