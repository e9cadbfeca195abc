/** Builds the API views of a container: inspect JSON and the list summary. */
import type { ContainerInspect, ContainerSummary, NetworkSettings, PortSummary } from '../api.ts';
import type { Profile } from '../profile.ts';
import type { Container } from './container.ts';
import { rfc3339Nano, statusOf, statusText } from './status.ts';

function networkSettings(c: Container): NetworkSettings {
  return {
    Bridge: '',
    SandboxID: c.state === 'running' || c.state === 'paused' ? c.id.slice(0, 64) : '',
    Ports: {},
    IPAddress: '',
    Gateway: '',
    MacAddress: '',
    Networks: {},
  };
}

export function inspectContainer(c: Container, profile: Profile): ContainerInspect {
  const status = statusOf(c);
  const running = c.state === 'running' || c.state === 'paused' || c.state === 'restarting';
  return {
    Id: c.id,
    Created: rfc3339Nano(c.createdAt),
    Path: c.path,
    Args: [...c.args],
    State: {
      Status: status,
      Running: running,
      Paused: c.state === 'paused',
      Restarting: c.state === 'restarting',
      OOMKilled: c.oomKilled,
      Dead: c.state === 'dead',
      Pid: c.pid,
      ExitCode: c.exitCode,
      Error: c.error,
      StartedAt: rfc3339Nano(c.startedAt),
      FinishedAt: rfc3339Nano(c.finishedAt),
    },
    Image: c.imageId,
    ResolvConfPath: `/var/lib/docker/containers/${c.id}/resolv.conf`,
    HostnamePath: `/var/lib/docker/containers/${c.id}/hostname`,
    HostsPath: `/var/lib/docker/containers/${c.id}/hosts`,
    LogPath: `/var/lib/docker/containers/${c.id}/${c.id}-json.log`,
    Name: `/${c.name}`,
    RestartCount: c.restartCount,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: profile.version === '20.10' ? '' : '',
    ExecIDs: c.execIds.length ? [...c.execIds] : null,
    HostConfig: structuredClone(c.hostConfig),
    Mounts: c.mounts.map((m) => ({ ...m })),
    Config: structuredClone(c.config),
    NetworkSettings: networkSettings(c),
  };
}

/** `Command` of the list API: Path and Args, args containing a space quoted with '…'. */
export function commandLine(c: Container): string {
  const parts = [c.path, ...c.args].map((a, i) => (i > 0 && /\s/.test(a) ? `'${a}'` : a));
  return parts.join(' ');
}

export function summarize(c: Container, imageRef: string, now: number): ContainerSummary {
  const ports: PortSummary[] = [];
  for (const [key, bindings] of Object.entries(c.hostConfig.PortBindings ?? {})) {
    const [port, proto] = key.split('/');
    for (const b of bindings ?? []) {
      ports.push({ IP: b.HostIp || '0.0.0.0', PrivatePort: Number(port), PublicPort: Number(b.HostPort), Type: proto ?? 'tcp' });
    }
  }
  for (const key of Object.keys(c.config.ExposedPorts ?? {})) {
    const [port, proto] = key.split('/');
    if (!ports.some((p) => p.PrivatePort === Number(port) && p.Type === (proto ?? 'tcp')))
      ports.push({ PrivatePort: Number(port), Type: proto ?? 'tcp' });
  }
  return {
    Id: c.id,
    Names: [`/${c.name}`],
    Image: imageRef,
    ImageID: c.imageId,
    Command: commandLine(c),
    Created: Math.floor(c.createdAt / 1000),
    Ports: ports,
    Labels: { ...c.config.Labels },
    State: statusOf(c),
    Status: statusText(c, now),
    Mounts: c.mounts.map((m) => ({ ...m })),
    NetworkNames: [c.hostConfig.NetworkMode === 'default' ? 'bridge' : c.hostConfig.NetworkMode],
  };
}
