/**
 * docker/cli's parse() for run and create: flags → the create request.
 * Syntactic checks happen here with the CLI's texts; semantic ones are the daemon's.
 */
import type { CreateRequest, HostConfig, PortBinding, RestartPolicy } from '../../api.ts';
import { type Ctx, bool, changed, isOld, list, num, str } from '../context.ts';

export class OptionsError extends Error {}

export function parseRestartPolicy(ctx: Ctx, value: string): RestartPolicy {
  if (value === '') return { Name: '', MaximumRetryCount: 0 };
  if (isOld(ctx)) {
    const parts = value.split(':');
    if (parts.length > 2) throw new OptionsError('invalid restart policy format');
    let count = 0;
    if (parts.length === 2) {
      if (!/^[+-]?\d+$/.test(parts[1]!)) throw new OptionsError('maximum retry count must be an integer');
      count = Number(parts[1]);
    }
    return { Name: parts[0] as RestartPolicy['Name'], MaximumRetryCount: count };
  }
  const i = value.indexOf(':');
  const name = i < 0 ? value : value.slice(0, i);
  const count = i < 0 ? '' : value.slice(i + 1);
  if (i >= 0 && name === '') throw new OptionsError('invalid restart policy format: no policy provided before colon');
  if (count !== '' && !/^[+-]?\d+$/.test(count)) {
    throw new OptionsError('invalid restart policy format: maximum retry count must be an integer');
  }
  return { Name: name as RestartPolicy['Name'], MaximumRetryCount: count === '' ? 0 : Number(count) };
}

/** nat.ParsePortSpecs for `-p [ip:][hostPort:]containerPort[/proto]`. */
export function parsePublish(specs: string[]): { exposed: Record<string, object>; bindings: Record<string, PortBinding[]> } {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, PortBinding[]> = {};
  for (const spec of specs) {
    let rest = spec;
    let proto = 'tcp';
    const slash = rest.lastIndexOf('/');
    if (slash >= 0) {
      proto = rest.slice(slash + 1);
      rest = rest.slice(0, slash);
    }
    const parts = rest.split(':');
    let ip = '';
    let host = '';
    let container = '';
    if (parts.length === 1) container = parts[0]!;
    else if (parts.length === 2) [host, container] = parts as [string, string];
    else if (parts.length === 3) [ip, host, container] = parts as [string, string, string];
    else throw new OptionsError(`invalid port format: ${spec}`);
    if (!/^\d+(-\d+)?$/.test(container)) throw new OptionsError(`invalid containerPort: ${container}`);
    if (host !== '' && !/^\d+(-\d+)?$/.test(host)) throw new OptionsError(`invalid hostPort: ${host}`);
    if (!['tcp', 'udp', 'sctp'].includes(proto)) throw new OptionsError(`invalid proto: ${proto}`);
    const key = `${container}/${proto}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: ip, HostPort: host });
  }
  return { exposed, bindings };
}

export interface ContainerOptions {
  request: CreateRequest;
  autoRemove: boolean;
  attach: { stdin: boolean; stdout: boolean; stderr: boolean };
}

export function parseContainerOptions(ctx: Ctx): ContainerOptions {
  const [image = '', ...cmd] = ctx.parsed.args;
  const attachStreams = list(ctx, 'attach').map((s) => s.toLowerCase());
  for (const s of attachStreams) {
    if (!['stdin', 'stdout', 'stderr'].includes(s)) throw new OptionsError('valid streams are STDIN, STDOUT and STDERR');
  }
  const interactive = bool(ctx, 'interactive');
  let attachStdin = attachStreams.includes('stdin');
  let attachStdout = attachStreams.includes('stdout');
  let attachStderr = attachStreams.includes('stderr');
  if (interactive) attachStdin = true;
  if (attachStreams.length === 0) {
    attachStdout = true;
    attachStderr = true;
  }
  const restartPolicy = parseRestartPolicy(ctx, str(ctx, 'restart'));
  const { exposed, bindings } = parsePublish(list(ctx, 'publish'));
  for (const e of list(ctx, 'expose')) {
    if (e.includes(':')) throw new OptionsError(`invalid port format for --expose: ${e}`);
    exposed[e.includes('/') ? e : `${e}/tcp`] = {};
  }
  const volumes: Record<string, object> = {};
  const binds: string[] = [];
  for (const v of list(ctx, 'volume')) {
    if (v.includes(':')) binds.push(v);
    else volumes[v] = {};
  }
  const env = list(ctx, 'env').map((e) => {
    if (e.includes('=')) return e;
    const val = ctx.io.env?.[e];
    return val === undefined ? e : `${e}=${val}`;
  });
  const labels: Record<string, string> = {};
  for (const l of list(ctx, 'label')) {
    const i = l.indexOf('=');
    labels[i < 0 ? l : l.slice(0, i)] = i < 0 ? '' : l.slice(i + 1);
  }
  let entrypoint: string[] | null = null;
  const ep = str(ctx, 'entrypoint');
  if (ep !== '') entrypoint = [ep];
  else if (changed(ctx, 'entrypoint')) entrypoint = [''];
  const autoRemove = bool(ctx, 'rm');
  const tty = bool(ctx, 'tty');
  const hostConfig: Partial<HostConfig> = {
    Binds: binds.length ? binds : null,
    NetworkMode: str(ctx, 'network', 'net') || 'default',
    PortBindings: bindings,
    RestartPolicy: restartPolicy,
    AutoRemove: autoRemove,
    VolumesFrom: list(ctx, 'volumes-from').length ? list(ctx, 'volumes-from') : null,
    PublishAllPorts: bool(ctx, 'publish-all'),
    Memory: num(ctx, 'memory') ?? 0,
    NanoCpus: num(ctx, 'cpus') ?? 0,
    CpuShares: num(ctx, 'cpu-shares') ?? 0,
    PidsLimit: changed(ctx, 'pids-limit') ? (num(ctx, 'pids-limit') ?? null) : null,
  };
  if (changed(ctx, 'init')) hostConfig.Init = bool(ctx, 'init');
  if (autoRemove && restartPolicy.Name !== '' && restartPolicy.Name !== 'no') {
    throw new OptionsError(
      isOld(ctx) ? 'Conflicting options: --restart and --rm' : 'conflicting options: cannot specify both --restart and --rm',
    );
  }
  const request: CreateRequest = {
    config: {
      Hostname: str(ctx, 'hostname'),
      Domainname: str(ctx, 'domainname'),
      User: str(ctx, 'user'),
      AttachStdin: attachStdin,
      AttachStdout: attachStdout,
      AttachStderr: attachStderr,
      ...(Object.keys(exposed).length ? { ExposedPorts: exposed } : {}),
      Tty: tty,
      OpenStdin: interactive,
      StdinOnce: interactive && attachStdin,
      Env: env,
      Cmd: cmd.length ? cmd : null,
      Image: image,
      Volumes: Object.keys(volumes).length ? volumes : null,
      WorkingDir: str(ctx, 'workdir'),
      Entrypoint: entrypoint,
      Labels: labels,
      ...(changed(ctx, 'stop-signal') ? { StopSignal: str(ctx, 'stop-signal') } : {}),
      ...(changed(ctx, 'stop-timeout') ? { StopTimeout: num(ctx, 'stop-timeout') ?? 10 } : {}),
    },
    hostConfig,
  };
  const name = str(ctx, 'name');
  if (name !== '') request.name = name;
  return { request, autoRemove, attach: { stdin: attachStdin, stdout: attachStdout, stderr: attachStderr } };
}
