// docker/cli cli/command/container (20.10.24 and 29.7.2). The commands' help texts
// are in texts.ts (loaded when help is printed).

import type { CommandSpec, FlagSpec, Version } from '../types.ts';
import * as V from '../values.ts';
import { A, cmd, flag, group, variant } from './dsl.ts';

/** `aliases` annotation of the v29 legacy/top-level commands. */
function al(v: Version, aliases: string): Partial<CommandSpec> {
  return v === '29' ? { aliasesAnnotation: aliases } : {};
}

/** container/opts.go addFlags: the flags shared by run and create. */
export function containerFlags(v: Version): FlagSpec[] {
  const v29 = v === '29';
  const flags: FlagSpec[] = [
    // General purpose flags
    flag.list('attach', 'a', { validate: V.validateAttach }),
    flag.list('device-cgroup-rule', '', { validate: V.validateDeviceCgroupRule }),
    flag.list('device', ''),
    flag.gpus('gpus', '', { validate: V.validateGpus, version: '1.40' }),
    flag.list('env', 'e', { validate: V.validateEnv }),
    flag.list('env-file', ''),
    flag.string('entrypoint', ''),
    flag.list('group-add', ''),
    flag.string('hostname', 'h'),
    flag.string('domainname', ''),
    flag.bool('interactive', 'i'),
    flag.list('label', 'l', { validate: V.validateLabel }),
    flag.list('label-file', ''),
    flag.bool('read-only', ''),
    flag.string('restart', '', 'no'),
    v29 ? flag.string('stop-signal', '') : flag.string('stop-signal', '', 'SIGTERM'),
    flag.int('stop-timeout', '', 0, { version: '1.25' }),
    flag.map('sysctl', '', { validate: V.validateSysctl(v) }),
    flag.bool('tty', 't'),
    flag.ulimit('ulimit', '', { validate: V.validateUlimit }),
    flag.string('user', 'u'),
    flag.string('workdir', 'w'),
    flag.bool('rm', ''),
    // Security
    flag.list('cap-add', ''),
    flag.list('cap-drop', ''),
    flag.bool('privileged', ''),
    flag.list('security-opt', ''),
    flag.string('userns', ''),
    flag.string('cgroupns', '', '', { version: '1.41' }),
    // Network and port publishing flag
    flag.list('add-host', '', { validate: V.validateExtraHost(v) }),
    flag.list('dns', '', { validate: V.validateIPAddress(v) }),
    flag.list('dns-opt', '', { dest: 'dns-option', hidden: true }),
    flag.list('dns-option', ''),
    flag.list('dns-search', '', { validate: V.validateDNSSearch }),
    flag.list('expose', ''),
    v29 ? flag.ip('ip', '') : flag.string('ip', ''),
    v29 ? flag.ip('ip6', '') : flag.string('ip6', ''),
    flag.list('link', '', { validate: V.validateLink(v) }),
    flag.list('link-local-ip', ''),
    flag.string('mac-address', ''),
    flag.list('publish', 'p'),
    flag.bool('publish-all', 'P'),
    flag.network('net', '', { dest: 'network', hidden: true, validate: V.validateNetwork }),
    flag.network('network', '', { validate: V.validateNetwork }),
    flag.list('net-alias', '', { dest: 'network-alias', hidden: true }),
    flag.list('network-alias', ''),
    // Logging and storage
    flag.string('log-driver', ''),
    flag.string('volume-driver', ''),
    flag.list('log-opt', ''),
    flag.list('storage-opt', ''),
    flag.list('tmpfs', ''),
    flag.list('volumes-from', ''),
    flag.list('volume', 'v'),
    flag.mount('mount', '', { validate: V.validateMount(v) }),
    // Health-checking
    flag.string('health-cmd', ''),
    flag.duration('health-interval', ''),
    flag.int('health-retries', ''),
    flag.duration('health-timeout', ''),
    flag.duration('health-start-period', '', 0, { version: '1.29' }),
    ...(v29 ? [flag.duration('health-start-interval', '', 0, { version: '1.44' })] : []),
    flag.bool('no-healthcheck', ''),
    // Resource management
    flag.uint16('blkio-weight', ''),
    flag.weightdevice('blkio-weight-device', '', { validate: V.validateWeightDevice }),
    flag.string('cidfile', ''),
    flag.string('cpuset-cpus', ''),
    flag.string('cpuset-mems', ''),
    flag.int64('cpu-count', '', 0, { ostype: 'windows' }),
    flag.int64('cpu-percent', '', 0, { ostype: 'windows' }),
    flag.int64('cpu-period', ''),
    flag.int64('cpu-quota', ''),
    flag.int64('cpu-rt-period', '', 0, { version: '1.25' }),
    flag.int64('cpu-rt-runtime', '', 0, { version: '1.25' }),
    flag.int64('cpu-shares', 'c'),
    flag.decimal('cpus', '', { version: '1.25' }),
    flag.throttledevice('device-read-bps', '', { validate: V.validateThrottleBps(v) }),
    flag.throttledevice('device-read-iops', '', { validate: V.validateThrottleIOps }),
    flag.throttledevice('device-write-bps', '', { validate: V.validateThrottleBps(v) }),
    flag.throttledevice('device-write-iops', '', { validate: V.validateThrottleIOps }),
    flag.bytes('io-maxbandwidth', '', { ostype: 'windows', validate: V.memBytes(v) }),
    flag.uint64('io-maxiops', '', 0, { ostype: 'windows' }),
    ...(v29 ? [] : [flag.bytes('kernel-memory', '', { validate: V.memBytes(v) })]),
    flag.bytes('memory', 'm', { validate: V.memBytes(v) }),
    flag.bytes('memory-reservation', '', { validate: V.memBytes(v) }),
    flag.bytes('memory-swap', '', { validate: V.memSwapBytes(v) }),
    flag.int64('memory-swappiness', '', -1),
    flag.bool('oom-kill-disable', ''),
    flag.int('oom-score-adj', ''),
    flag.int64('pids-limit', ''),
    // Low-level execution (cgroups, namespaces, ...)
    flag.string('cgroup-parent', ''),
    flag.string('ipc', ''),
    flag.string('isolation', ''),
    flag.string('pid', ''),
    flag.bytes('shm-size', '', { validate: V.memBytes(v) }),
    flag.string('uts', ''),
    flag.string('runtime', ''),
    flag.bool('init', '', false, { version: '1.25' }),
  ];
  if (v29) {
    flags.push(
      flag.map('annotation', '', { version: '1.43' }),
      flag.bytes('kernel-memory', '', { deprecated: 'and no longer supported by the kernel', validate: V.memBytes(v) }),
    );
  }
  return flags;
}

function platformFlag(): FlagSpec {
  return flag.string('platform', '', '', { version: '1.32' });
}

function contentTrustFlag(v: Version): FlagSpec {
  return v === '29'
    ? flag.bool('disable-content-trust', '', true, { deprecated: 'support for docker content trust was removed' })
    : flag.bool('disable-content-trust', '', true);
}

export function runCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'run [OPTIONS] IMAGE [COMMAND] [ARG...]',
    args: A.min(1),
    interspersed: false,
    ...(v29 ? { categoryTop: '1' } : {}),
    ...al(v, 'docker container run, docker run'),
    flags: [
      flag.bool('detach', 'd'),
      flag.bool('sig-proxy', '', true),
      flag.string('name', ''),
      flag.string('detach-keys', ''),
      flag.string('pull', '', 'missing'),
      ...(v29 ? [flag.bool('quiet', 'q'), flag.bool('use-api-socket', '')] : []),
      // run and create define their own --help (no -h: that is --hostname)
      flag.bool('help', ''),
      platformFlag(),
      contentTrustFlag(v),
      ...containerFlags(v),
    ],
  });
}

export function createCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'create [OPTIONS] IMAGE [COMMAND] [ARG...]',
    args: A.min(1),
    interspersed: false,
    ...al(v, 'docker container create, docker create'),
    flags: [
      flag.string('name', ''),
      flag.string('pull', '', 'missing'),
      ...(v29 ? [flag.bool('quiet', 'q'), flag.bool('use-api-socket', '')] : []),
      flag.bool('help', ''),
      platformFlag(),
      contentTrustFlag(v),
      ...containerFlags(v),
    ],
  });
}

function attachCommand(v: Version): CommandSpec {
  return cmd({
    use: 'attach [OPTIONS] CONTAINER',
    args: A.exact(1),
    ...al(v, 'docker container attach, docker attach'),
    flags: [
      flag.bool('no-stdin', ''),
      flag.bool('sig-proxy', '', true),
      flag.string('detach-keys', ''),
    ],
  });
}

function commitCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]',
    args: A.range(1, 2),
    interspersed: false,
    ...al(v, 'docker container commit, docker commit'),
    flags: [
      v29
        ? flag.bool('pause', 'p', true, {
            deprecated: 'and enabled by default. Use --no-pause to disable pausing during commit.',
          })
        : flag.bool('pause', 'p', true),
      ...(v29 ? [flag.bool('no-pause', '')] : []),
      flag.string('message', 'm'),
      flag.string('author', 'a'),
      flag.list('change', 'c'),
    ],
  });
}

function copyCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH',
    args: A.exact(2),
    ...al(v, 'docker container cp, docker cp'),
    flags: [
      flag.bool('follow-link', 'L'),
      flag.bool('archive', 'a'),
      ...(v29 ? [flag.bool('quiet', 'q')] : []),
    ],
  });
}

function diffCommand(v: Version): CommandSpec {
  return cmd({
    use: 'diff CONTAINER',
    args: A.exact(1),
    ...al(v, 'docker container diff, docker diff'),
  });
}

export function execCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'exec [OPTIONS] CONTAINER COMMAND [ARG...]',
    args: A.min(2),
    interspersed: false,
    ...(v29 ? { categoryTop: '2' } : {}),
    ...al(v, 'docker container exec, docker exec'),
    flags: [
      flag.string('detach-keys', ''),
      flag.bool('interactive', 'i'),
      flag.bool('tty', 't'),
      flag.bool('detach', 'd'),
      flag.string('user', 'u'),
      flag.bool('privileged', ''),
      flag.list('env', 'e', { validate: V.validateEnv, version: '1.25' }),
      flag.list('env-file', '', { version: '1.25' }),
      flag.string('workdir', 'w', '', { version: '1.35' }),
    ],
  });
}

function exportCommand(v: Version): CommandSpec {
  return cmd({
    use: 'export [OPTIONS] CONTAINER',
    args: A.exact(1),
    ...al(v, 'docker container export, docker export'),
    flags: [flag.string('output', 'o')],
  });
}

function inspectCommand(): CommandSpec {
  return cmd({
    use: 'inspect [OPTIONS] CONTAINER [CONTAINER...]',
    args: A.min(1),
    flags: [
      flag.string('format', 'f'),
      flag.bool('size', 's'),
    ],
  });
}

function killCommand(v: Version): CommandSpec {
  return cmd({
    use: 'kill [OPTIONS] CONTAINER [CONTAINER...]',
    args: A.min(1),
    ...al(v, 'docker container kill, docker kill'),
    flags: [flag.string('signal', 's', v === '29' ? '' : 'KILL')],
  });
}

export function psCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'ps [OPTIONS]',
    args: A.none,
    ...(v29 ? { categoryTop: '3' } : {}),
    ...al(v, 'docker container ls, docker container list, docker container ps, docker ps'),
    flags: [
      flag.bool('quiet', 'q'),
      flag.bool('size', 's'),
      flag.bool('all', 'a'),
      flag.bool('no-trunc', ''),
      flag.bool('latest', 'l'),
      flag.int('last', 'n', -1),
      flag.string('format', ''),
      flag.filter('filter', 'f'),
    ],
  });
}

function logsCommand(v: Version): CommandSpec {
  return cmd({
    use: 'logs [OPTIONS] CONTAINER',
    args: A.exact(1),
    ...al(v, 'docker container logs, docker logs'),
    flags: [
      flag.bool('follow', 'f'),
      flag.string('since', ''),
      flag.string('until', '', '', { version: '1.35' }),
      flag.bool('timestamps', 't'),
      flag.bool('details', ''),
      flag.string('tail', 'n', 'all'),
    ],
  });
}

function pauseCommand(v: Version): CommandSpec {
  return cmd({
    use: 'pause CONTAINER [CONTAINER...]',
    args: A.min(1),
    ...al(v, 'docker container pause, docker pause'),
  });
}

function portCommand(v: Version): CommandSpec {
  return cmd({
    use: 'port CONTAINER [PRIVATE_PORT[/PROTO]]',
    args: A.range(1, 2),
    ...al(v, 'docker container port, docker port'),
  });
}

function pruneCommand(): CommandSpec {
  return cmd({
    use: 'prune [OPTIONS]',
    args: A.none,
    version: '1.25',
    flags: [
      flag.bool('force', 'f'),
      flag.filter('filter', ''),
    ],
  });
}

function renameCommand(v: Version): CommandSpec {
  return cmd({
    use: 'rename CONTAINER NEW_NAME',
    args: A.exact(2),
    ...al(v, 'docker container rename, docker rename'),
  });
}

function stopFlags(v: Version): FlagSpec[] {
  if (v === '20.10') return [flag.int('time', 't', 10)];
  return [
    flag.string('signal', 's'),
    flag.int('timeout', 't'),
    flag.int('time', '', 0, { deprecated: 'use --timeout instead', dest: 'timeout' }),
  ];
}

function restartCommand(v: Version): CommandSpec {
  return cmd({
    use: 'restart [OPTIONS] CONTAINER [CONTAINER...]',
    args: A.min(1),
    ...al(v, 'docker container restart, docker restart'),
    flags: stopFlags(v),
  });
}

function rmCommand(v: Version): CommandSpec {
  return cmd({
    use: 'rm [OPTIONS] CONTAINER [CONTAINER...]',
    args: A.min(1),
    ...al(v, 'docker container rm, docker container remove, docker rm'),
    flags: [
      flag.bool('volumes', 'v'),
      flag.bool('link', 'l'),
      flag.bool('force', 'f'),
    ],
  });
}

function startCommand(v: Version): CommandSpec {
  return cmd({
    use: 'start [OPTIONS] CONTAINER [CONTAINER...]',
    args: A.min(1),
    ...al(v, 'docker container start, docker start'),
    flags: [
      flag.bool('attach', 'a'),
      flag.bool('interactive', 'i'),
      flag.string('detach-keys', ''),
      flag.string('checkpoint', '', '', { experimental: true, ostype: 'linux' }),
      flag.string('checkpoint-dir', '', '', { experimental: true, ostype: 'linux' }),
    ],
  });
}

export function statsCommand(v: Version): CommandSpec {
  return cmd({
    use: 'stats [OPTIONS] [CONTAINER...]',
    args: A.min(0),
    ...al(v, 'docker container stats, docker stats'),
    flags: [
      flag.bool('all', 'a'),
      flag.bool('no-stream', ''),
      flag.bool('no-trunc', ''),
      flag.string('format', ''),
    ],
  });
}

function stopCommand(v: Version): CommandSpec {
  return cmd({
    use: 'stop [OPTIONS] CONTAINER [CONTAINER...]',
    args: A.min(1),
    ...al(v, 'docker container stop, docker stop'),
    flags: stopFlags(v),
  });
}

function topCommand(v: Version): CommandSpec {
  return cmd({
    use: 'top CONTAINER [ps OPTIONS]',
    args: A.min(1),
    interspersed: false,
    ...al(v, 'docker container top, docker top'),
  });
}

function unpauseCommand(v: Version): CommandSpec {
  return cmd({
    use: 'unpause CONTAINER [CONTAINER...]',
    args: A.min(1),
    ...al(v, 'docker container unpause, docker unpause'),
  });
}

function updateCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  const flags: FlagSpec[] = [
    flag.uint16('blkio-weight', ''),
    flag.int64('cpu-period', ''),
    flag.int64('cpu-quota', ''),
    flag.int64('cpu-rt-period', '', 0, { version: '1.25' }),
    flag.int64('cpu-rt-runtime', '', 0, { version: '1.25' }),
    flag.string('cpuset-cpus', ''),
    flag.string('cpuset-mems', ''),
    flag.int64('cpu-shares', 'c'),
    flag.bytes('memory', 'm', { validate: V.memBytes(v) }),
    flag.bytes('memory-reservation', '', { validate: V.memBytes(v) }),
    flag.bytes('memory-swap', '', { validate: V.memSwapBytes(v) }),
    ...(v29 ? [] : [flag.bytes('kernel-memory', '', { validate: V.memBytes(v) })]),
    flag.string('restart', ''),
    flag.int64('pids-limit', '', 0, { version: '1.40' }),
    flag.decimal('cpus', '', { version: '1.29' }),
  ];
  if (v29) {
    flags.push(
      flag.bytes('kernel-memory', '', { deprecated: 'and no longer supported by the kernel', validate: V.memBytes(v) }),
    );
  }
  return cmd({
    use: 'update [OPTIONS] CONTAINER [CONTAINER...]',
    args: A.min(1),
    ...al(v, 'docker container update, docker update'),
    flags,
  });
}

function waitCommand(v: Version): CommandSpec {
  return cmd({
    use: 'wait CONTAINER [CONTAINER...]',
    args: A.min(1),
    ...al(v, 'docker container wait, docker wait'),
  });
}

/** `docker container` and its subcommands. */
export function containerGroup(v: Version): CommandSpec {
  const ps = psCommand(v);
  const rm = rmCommand(v);
  return group({ use: 'container', }, [
    attachCommand(v),
    commitCommand(v),
    copyCommand(v),
    createCommand(v),
    diffCommand(v),
    execCommand(v),
    exportCommand(v),
    killCommand(v),
    logsCommand(v),
    pauseCommand(v),
    portCommand(v),
    renameCommand(v),
    restartCommand(v),
    v === '29' ? variant(rm, { aliases: ['rm', 'remove'] }) : rm,
    runCommand(v),
    startCommand(v),
    statsCommand(v),
    stopCommand(v),
    topCommand(v),
    unpauseCommand(v),
    updateCommand(v),
    waitCommand(v),
    variant(ps, { use: 'ls [OPTIONS]', aliases: ['ps', 'list'] }),
    inspectCommand(),
    pruneCommand(),
  ]);
}

/** The legacy top-level container commands (`docker ps`, `docker rm`, …). */
export function containerTopLevel(v: Version): CommandSpec[] {
  return [
    attachCommand(v),
    commitCommand(v),
    copyCommand(v),
    createCommand(v),
    diffCommand(v),
    execCommand(v),
    exportCommand(v),
    killCommand(v),
    logsCommand(v),
    pauseCommand(v),
    portCommand(v),
    psCommand(v),
    renameCommand(v),
    restartCommand(v),
    rmCommand(v),
    runCommand(v),
    startCommand(v),
    statsCommand(v),
    stopCommand(v),
    topCommand(v),
    unpauseCommand(v),
    updateCommand(v),
    waitCommand(v),
  ];
}
