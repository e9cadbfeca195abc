/**
 * docker/cli's parse() for run and create: flags → the create request.
 * Syntactic checks happen here with the CLI's texts; semantic ones are the daemon's.
 */
import type { CreateRequest, HostConfig, RestartPolicy } from '../../api.ts';
import { type Ctx, bool, changed, isOld, list, num, str } from '../context.ts';
import { outside } from '../../outside.ts';

/** `-p` / `--expose` parsing (portSpec.ts, its own chunk): loaded by loadPortSpec when a command has them. */
let portSpec: typeof import('./portSpec.ts') | undefined;

/** Loads the port spec parser when the command line publishes or exposes ports (before parseContainerOptions). */
export async function loadPortSpec(ctx: Ctx): Promise<void> {
  if (portSpec || (list(ctx, 'publish').length === 0 && list(ctx, 'expose').length === 0)) return;
  portSpec = await outside(import('./portSpec.ts'));
}

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

/** NetworkOpt.NetworkMode: the first --network's target (`name=` of the long form), else "default". */
function networkMode(networks: string[]): string {
  const first = networks[0];
  if (first === undefined) return 'default';
  if (!/\w+=\w+(,\w+=\w+)*/.test(first)) return first;
  for (const field of first.split(',')) {
    const eq = field.indexOf('=');
    if (eq >= 0 && field.slice(0, eq).trim().toLowerCase() === 'name') return field.slice(eq + 1).trim();
  }
  return first;
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
  let exposed: Record<string, object> = {};
  let bindings: HostConfig['PortBindings'] = {};
  if (list(ctx, 'publish').length || list(ctx, 'expose').length) {
    if (!portSpec) throw new Error('containerOptions: loadPortSpec() was not awaited before parsing -p/--expose');
    try {
      ({ exposed, bindings } = portSpec.parsePublish(list(ctx, 'publish'), isOld(ctx)));
      portSpec.parseExpose(list(ctx, 'expose'), exposed, isOld(ctx));
    } catch (e) {
      if (e instanceof portSpec.PortSpecError) throw new OptionsError(e.message);
      throw e;
    }
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
    NetworkMode: networkMode(list(ctx, 'network')),
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
