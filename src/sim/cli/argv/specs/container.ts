// docker/cli cli/command/container (20.10.24 and 29.7.2).

import type { CommandSpec, FlagSpec, Version } from '../types.ts';
import * as V from '../values.ts';
import { A, cmd, f, group, variant } from './dsl.ts';

const FORMAT_HELP_29 = `Format output using a custom template:
'table':            Print output in table format with column headers (default)
'table TEMPLATE':   Print output in table format using the given Go template
'json':             Print in JSON format
'TEMPLATE':         Print output using the given Go template.
Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates`;

const INSPECT_FORMAT_HELP_29 = `Format output using a custom template:
'json':             Print in JSON format
'TEMPLATE':         Print output using the given Go template.
Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates`;

export const helpText = { FORMAT_HELP_29, INSPECT_FORMAT_HELP_29 };

/** `aliases` annotation of the v29 legacy/top-level commands. */
function al(v: Version, aliases: string): Partial<CommandSpec> {
  return v === '29' ? { aliasesAnnotation: aliases } : {};
}

/** container/opts.go addFlags: the flags shared by run and create. */
export function containerFlags(v: Version): FlagSpec[] {
  const v29 = v === '29';
  const flags: FlagSpec[] = [
    // General purpose flags
    f.list('attach', 'a', 'Attach to STDIN, STDOUT or STDERR', { validate: V.validateAttach }),
    f.list('device-cgroup-rule', '', 'Add a rule to the cgroup allowed devices list', { validate: V.validateDeviceCgroupRule }),
    f.list('device', '', 'Add a host device to the container'),
    f.gpus('gpus', '', "GPU devices to add to the container ('all' to pass all GPUs)", { validate: V.validateGpus, version: '1.40' }),
    f.list('env', 'e', 'Set environment variables', { validate: V.validateEnv }),
    f.list('env-file', '', 'Read in a file of environment variables'),
    f.string('entrypoint', '', 'Overwrite the default ENTRYPOINT of the image'),
    f.list('group-add', '', 'Add additional groups to join'),
    f.string('hostname', 'h', 'Container host name'),
    f.string('domainname', '', 'Container NIS domain name'),
    f.bool('interactive', 'i', 'Keep STDIN open even if not attached'),
    f.list('label', 'l', 'Set meta data on a container', { validate: V.validateLabel }),
    f.list('label-file', '', 'Read in a line delimited file of labels'),
    f.bool('read-only', '', "Mount the container's root filesystem as read only"),
    f.string('restart', '', 'Restart policy to apply when a container exits', 'no'),
    v29
      ? f.string('stop-signal', '', 'Signal to stop the container')
      : f.string('stop-signal', '', 'Signal to stop a container', 'SIGTERM'),
    f.int('stop-timeout', '', 'Timeout (in seconds) to stop a container', 0, { version: '1.25' }),
    f.map('sysctl', '', 'Sysctl options', { validate: V.validateSysctl(v) }),
    f.bool('tty', 't', 'Allocate a pseudo-TTY'),
    f.ulimit('ulimit', '', 'Ulimit options', { validate: V.validateUlimit }),
    f.string('user', 'u', 'Username or UID (format: <name|uid>[:<group|gid>])'),
    f.string('workdir', 'w', 'Working directory inside the container'),
    f.bool(
      'rm',
      '',
      v29
        ? 'Automatically remove the container and its associated anonymous volumes when it exits'
        : 'Automatically remove the container when it exits',
    ),
    // Security
    f.list('cap-add', '', 'Add Linux capabilities'),
    f.list('cap-drop', '', 'Drop Linux capabilities'),
    f.bool('privileged', '', 'Give extended privileges to this container'),
    f.list('security-opt', '', 'Security Options'),
    f.string('userns', '', 'User namespace to use'),
    f.string(
      'cgroupns',
      '',
      `Cgroup namespace to use (host|private)
'host':    Run the container in the Docker host's cgroup namespace
'private': Run the container in its own private cgroup namespace
'':        Use the cgroup namespace as configured by the
           default-cgroupns-mode option on the daemon (default)`,
      '',
      { version: '1.41' },
    ),
    // Network and port publishing flag
    f.list('add-host', '', 'Add a custom host-to-IP mapping (host:ip)', { validate: V.validateExtraHost(v) }),
    f.list('dns', '', 'Set custom DNS servers', { validate: V.validateIPAddress(v) }),
    f.list('dns-opt', '', 'Set DNS options', { dest: 'dns-option', hidden: true }),
    f.list('dns-option', '', 'Set DNS options'),
    f.list('dns-search', '', 'Set custom DNS search domains', { validate: V.validateDNSSearch }),
    f.list('expose', '', 'Expose a port or a range of ports'),
    v29 ? f.ip('ip', '', 'IPv4 address (e.g., 172.30.100.104)') : f.string('ip', '', 'IPv4 address (e.g., 172.30.100.104)'),
    v29 ? f.ip('ip6', '', 'IPv6 address (e.g., 2001:db8::33)') : f.string('ip6', '', 'IPv6 address (e.g., 2001:db8::33)'),
    f.list('link', '', 'Add link to another container', { validate: V.validateLink(v) }),
    f.list('link-local-ip', '', 'Container IPv4/IPv6 link-local addresses'),
    f.string('mac-address', '', 'Container MAC address (e.g., 92:d0:c6:0a:29:33)'),
    f.list('publish', 'p', "Publish a container's port(s) to the host"),
    f.bool('publish-all', 'P', 'Publish all exposed ports to random ports'),
    f.network('net', '', 'Connect a container to a network', { dest: 'network', hidden: true, validate: V.validateNetwork }),
    f.network('network', '', 'Connect a container to a network', { validate: V.validateNetwork }),
    f.list('net-alias', '', 'Add network-scoped alias for the container', { dest: 'network-alias', hidden: true }),
    f.list('network-alias', '', 'Add network-scoped alias for the container'),
    // Logging and storage
    f.string('log-driver', '', 'Logging driver for the container'),
    f.string('volume-driver', '', 'Optional volume driver for the container'),
    f.list('log-opt', '', 'Log driver options'),
    f.list('storage-opt', '', 'Storage driver options for the container'),
    f.list('tmpfs', '', 'Mount a tmpfs directory'),
    f.list('volumes-from', '', 'Mount volumes from the specified container(s)'),
    f.list('volume', 'v', 'Bind mount a volume'),
    f.mount('mount', '', 'Attach a filesystem mount to the container', { validate: V.validateMount(v) }),
    // Health-checking
    f.string('health-cmd', '', 'Command to run to check health'),
    f.duration('health-interval', '', 'Time between running the check (ms|s|m|h) (default 0s)'),
    f.int('health-retries', '', 'Consecutive failures needed to report unhealthy'),
    f.duration('health-timeout', '', 'Maximum time to allow one check to run (ms|s|m|h) (default 0s)'),
    f.duration(
      'health-start-period',
      '',
      'Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)',
      0,
      { version: '1.29' },
    ),
    ...(v29
      ? [
          f.duration(
            'health-start-interval',
            '',
            'Time between running the check during the start period (ms|s|m|h) (default 0s)',
            0,
            { version: '1.44' },
          ),
        ]
      : []),
    f.bool('no-healthcheck', '', 'Disable any container-specified HEALTHCHECK'),
    // Resource management
    f.uint16('blkio-weight', '', 'Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)'),
    f.weightdevice('blkio-weight-device', '', 'Block IO weight (relative device weight)', { validate: V.validateWeightDevice }),
    f.string('cidfile', '', 'Write the container ID to the file'),
    f.string('cpuset-cpus', '', 'CPUs in which to allow execution (0-3, 0,1)'),
    f.string('cpuset-mems', '', 'MEMs in which to allow execution (0-3, 0,1)'),
    f.int64('cpu-count', '', 'CPU count (Windows only)', 0, { ostype: 'windows' }),
    f.int64('cpu-percent', '', 'CPU percent (Windows only)', 0, { ostype: 'windows' }),
    f.int64('cpu-period', '', 'Limit CPU CFS (Completely Fair Scheduler) period'),
    f.int64('cpu-quota', '', 'Limit CPU CFS (Completely Fair Scheduler) quota'),
    f.int64('cpu-rt-period', '', 'Limit CPU real-time period in microseconds', 0, { version: '1.25' }),
    f.int64('cpu-rt-runtime', '', 'Limit CPU real-time runtime in microseconds', 0, { version: '1.25' }),
    f.int64('cpu-shares', 'c', 'CPU shares (relative weight)'),
    f.decimal('cpus', '', 'Number of CPUs', { version: '1.25' }),
    f.throttledevice('device-read-bps', '', 'Limit read rate (bytes per second) from a device', { validate: V.validateThrottleBps(v) }),
    f.throttledevice('device-read-iops', '', 'Limit read rate (IO per second) from a device', { validate: V.validateThrottleIOps }),
    f.throttledevice('device-write-bps', '', 'Limit write rate (bytes per second) to a device', { validate: V.validateThrottleBps(v) }),
    f.throttledevice('device-write-iops', '', 'Limit write rate (IO per second) to a device', { validate: V.validateThrottleIOps }),
    f.bytes('io-maxbandwidth', '', 'Maximum IO bandwidth limit for the system drive (Windows only)', {
      ostype: 'windows',
      validate: V.memBytes(v),
    }),
    f.uint64('io-maxiops', '', 'Maximum IOps limit for the system drive (Windows only)', 0, { ostype: 'windows' }),
    ...(v29 ? [] : [f.bytes('kernel-memory', '', 'Kernel memory limit', { validate: V.memBytes(v) })]),
    f.bytes('memory', 'm', 'Memory limit', { validate: V.memBytes(v) }),
    f.bytes('memory-reservation', '', 'Memory soft limit', { validate: V.memBytes(v) }),
    f.bytes('memory-swap', '', "Swap limit equal to memory plus swap: '-1' to enable unlimited swap", { validate: V.memSwapBytes(v) }),
    f.int64('memory-swappiness', '', 'Tune container memory swappiness (0 to 100)', -1),
    f.bool('oom-kill-disable', '', 'Disable OOM Killer'),
    f.int('oom-score-adj', '', "Tune host's OOM preferences (-1000 to 1000)"),
    f.int64('pids-limit', '', 'Tune container pids limit (set -1 for unlimited)'),
    // Low-level execution (cgroups, namespaces, ...)
    f.string('cgroup-parent', '', 'Optional parent cgroup for the container'),
    f.string('ipc', '', 'IPC mode to use'),
    f.string('isolation', '', 'Container isolation technology'),
    f.string('pid', '', 'PID namespace to use'),
    f.bytes('shm-size', '', 'Size of /dev/shm', { validate: V.memBytes(v) }),
    f.string('uts', '', 'UTS namespace to use'),
    f.string('runtime', '', 'Runtime to use for this container'),
    f.bool('init', '', 'Run an init inside the container that forwards signals and reaps processes', false, { version: '1.25' }),
  ];
  if (v29) {
    flags.push(
      f.map('annotation', '', 'Add an annotation to the container (passed through to the OCI runtime)', { version: '1.43' }),
      f.bytes('kernel-memory', '', 'Kernel memory limit (deprecated)', {
        deprecated: 'and no longer supported by the kernel',
        validate: V.memBytes(v),
      }),
    );
  }
  return flags;
}

function platformFlag(): FlagSpec {
  return f.string('platform', '', 'Set platform if server is multi-platform capable', '', { version: '1.32' });
}

function contentTrustFlag(v: Version, usage20 = 'Skip image verification'): FlagSpec {
  return v === '29'
    ? f.bool('disable-content-trust', '', 'Skip image verification (deprecated)', true, {
        deprecated: 'support for docker content trust was removed',
      })
    : f.bool('disable-content-trust', '', usage20, true);
}

export function runCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  const pullUsage = v29
    ? 'Pull image before running ("always", "missing", "never")'
    : 'Pull image before running ("always"|"missing"|"never")';
  return cmd({
    use: 'run [OPTIONS] IMAGE [COMMAND] [ARG...]',
    short: v29 ? 'Create and run a new container from an image' : 'Run a command in a new container',
    args: A.min(1),
    interspersed: false,
    ...(v29 ? { categoryTop: '1' } : {}),
    ...al(v, 'docker container run, docker run'),
    flags: [
      f.bool('detach', 'd', 'Run container in background and print container ID'),
      f.bool('sig-proxy', '', 'Proxy received signals to the process', true),
      f.string('name', '', 'Assign a name to the container'),
      f.string('detach-keys', '', 'Override the key sequence for detaching a container'),
      f.string('pull', '', pullUsage, 'missing'),
      ...(v29
        ? [
            f.bool('quiet', 'q', 'Suppress the pull output'),
            f.bool('use-api-socket', '', 'Bind mount Docker API socket and required auth'),
          ]
        : []),
      // run and create define their own --help (no -h: that is --hostname)
      f.bool('help', '', 'Print usage'),
      platformFlag(),
      contentTrustFlag(v),
      ...containerFlags(v),
    ],
  });
}

export function createCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  const pullUsage = v29
    ? 'Pull image before creating ("always", "missing", "never")'
    : 'Pull image before creating ("always"|"missing"|"never")';
  return cmd({
    use: 'create [OPTIONS] IMAGE [COMMAND] [ARG...]',
    short: 'Create a new container',
    args: A.min(1),
    interspersed: false,
    ...al(v, 'docker container create, docker create'),
    flags: [
      f.string('name', '', 'Assign a name to the container'),
      f.string('pull', '', pullUsage, 'missing'),
      ...(v29
        ? [
            f.bool('quiet', 'q', 'Suppress the pull output'),
            f.bool('use-api-socket', '', 'Bind mount Docker API socket and required auth'),
          ]
        : []),
      f.bool('help', '', 'Print usage'),
      platformFlag(),
      contentTrustFlag(v),
      ...containerFlags(v),
    ],
  });
}

function attachCommand(v: Version): CommandSpec {
  return cmd({
    use: 'attach [OPTIONS] CONTAINER',
    short: 'Attach local standard input, output, and error streams to a running container',
    args: A.exact(1),
    ...al(v, 'docker container attach, docker attach'),
    flags: [
      f.bool('no-stdin', '', 'Do not attach STDIN'),
      f.bool('sig-proxy', '', 'Proxy all received signals to the process', true),
      f.string('detach-keys', '', 'Override the key sequence for detaching a container'),
    ],
  });
}

function commitCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]',
    short: "Create a new image from a container's changes",
    args: A.range(1, 2),
    interspersed: false,
    ...al(v, 'docker container commit, docker commit'),
    flags: [
      v29
        ? f.bool('pause', 'p', 'Pause container during commit (deprecated: use --no-pause instead)', true, {
            deprecated: 'and enabled by default. Use --no-pause to disable pausing during commit.',
          })
        : f.bool('pause', 'p', 'Pause container during commit', true),
      ...(v29 ? [f.bool('no-pause', '', 'Disable pausing container during commit')] : []),
      f.string('message', 'm', 'Commit message'),
      f.string('author', 'a', 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")'),
      f.list('change', 'c', 'Apply Dockerfile instruction to the created image'),
    ],
  });
}

function copyCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH',
    short: 'Copy files/folders between a container and the local filesystem',
    long:
      'Copy files/folders between a container and the local filesystem\n' +
      "\nUse '-' as the source to read a tar archive from stdin\n" +
      'and extract it to a directory destination in a container.\n' +
      "Use '-' as the destination to stream a tar archive of a\n" +
      'container source to stdout.',
    args: A.exact(2),
    ...al(v, 'docker container cp, docker cp'),
    flags: [
      f.bool('follow-link', 'L', v29 ? 'Always follow symlinks in SRC_PATH' : 'Always follow symbol link in SRC_PATH'),
      f.bool('archive', 'a', 'Archive mode (copy all uid/gid information)'),
      ...(v29
        ? [
            f.bool(
              'quiet',
              'q',
              'Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached',
            ),
          ]
        : []),
    ],
  });
}

function diffCommand(v: Version): CommandSpec {
  return cmd({
    use: 'diff CONTAINER',
    short: "Inspect changes to files or directories on a container's filesystem",
    args: A.exact(1),
    ...al(v, 'docker container diff, docker diff'),
  });
}

export function execCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'exec [OPTIONS] CONTAINER COMMAND [ARG...]',
    short: v29 ? 'Execute a command in a running container' : 'Run a command in a running container',
    args: A.min(2),
    interspersed: false,
    ...(v29 ? { categoryTop: '2' } : {}),
    ...al(v, 'docker container exec, docker exec'),
    flags: [
      f.string('detach-keys', '', 'Override the key sequence for detaching a container'),
      f.bool('interactive', 'i', 'Keep STDIN open even if not attached'),
      f.bool('tty', 't', 'Allocate a pseudo-TTY'),
      f.bool('detach', 'd', 'Detached mode: run command in the background'),
      f.string('user', 'u', v29 ? 'Username or UID (format: "<name|uid>[:<group|gid>]")' : 'Username or UID (format: <name|uid>[:<group|gid>])'),
      f.bool('privileged', '', 'Give extended privileges to the command'),
      f.list('env', 'e', 'Set environment variables', { validate: V.validateEnv, version: '1.25' }),
      f.list('env-file', '', 'Read in a file of environment variables', { version: '1.25' }),
      f.string('workdir', 'w', 'Working directory inside the container', '', { version: '1.35' }),
    ],
  });
}

function exportCommand(v: Version): CommandSpec {
  return cmd({
    use: 'export [OPTIONS] CONTAINER',
    short: "Export a container's filesystem as a tar archive",
    args: A.exact(1),
    ...al(v, 'docker container export, docker export'),
    flags: [f.string('output', 'o', 'Write to a file, instead of STDOUT')],
  });
}

function inspectCommand(v: Version): CommandSpec {
  return cmd({
    use: 'inspect [OPTIONS] CONTAINER [CONTAINER...]',
    short: 'Display detailed information on one or more containers',
    args: A.min(1),
    flags: [
      f.string('format', 'f', v === '29' ? INSPECT_FORMAT_HELP_29 : 'Format the output using the given Go template'),
      f.bool('size', 's', 'Display total file sizes'),
    ],
  });
}

function killCommand(v: Version): CommandSpec {
  return cmd({
    use: 'kill [OPTIONS] CONTAINER [CONTAINER...]',
    short: 'Kill one or more running containers',
    args: A.min(1),
    ...al(v, 'docker container kill, docker kill'),
    flags: [f.string('signal', 's', 'Signal to send to the container', v === '29' ? '' : 'KILL')],
  });
}

export function psCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'ps [OPTIONS]',
    short: 'List containers',
    args: A.none,
    ...(v29 ? { categoryTop: '3' } : {}),
    ...al(v, 'docker container ls, docker container list, docker container ps, docker ps'),
    flags: [
      f.bool('quiet', 'q', 'Only display container IDs'),
      f.bool('size', 's', 'Display total file sizes'),
      f.bool('all', 'a', 'Show all containers (default shows just running)'),
      f.bool('no-trunc', '', "Don't truncate output"),
      f.bool('latest', 'l', 'Show the latest created container (includes all states)'),
      f.int('last', 'n', 'Show n last created containers (includes all states)', -1),
      f.string('format', '', v29 ? FORMAT_HELP_29 : 'Pretty-print containers using a Go template'),
      f.filter('filter', 'f', 'Filter output based on conditions provided'),
    ],
  });
}

function logsCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'logs [OPTIONS] CONTAINER',
    short: 'Fetch the logs of a container',
    args: A.exact(1),
    ...al(v, 'docker container logs, docker logs'),
    flags: [
      f.bool('follow', 'f', 'Follow log output'),
      f.string(
        'since',
        '',
        v29
          ? 'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)'
          : 'Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)',
      ),
      f.string(
        'until',
        '',
        v29
          ? 'Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)'
          : 'Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)',
        '',
        { version: '1.35' },
      ),
      f.bool('timestamps', 't', 'Show timestamps'),
      f.bool('details', '', 'Show extra details provided to logs'),
      f.string('tail', 'n', 'Number of lines to show from the end of the logs', 'all'),
    ],
  });
}

function pauseCommand(v: Version): CommandSpec {
  return cmd({
    use: 'pause CONTAINER [CONTAINER...]',
    short: 'Pause all processes within one or more containers',
    args: A.min(1),
    ...al(v, 'docker container pause, docker pause'),
  });
}

function portCommand(v: Version): CommandSpec {
  return cmd({
    use: 'port CONTAINER [PRIVATE_PORT[/PROTO]]',
    short: 'List port mappings or a specific mapping for the container',
    args: A.range(1, 2),
    ...al(v, 'docker container port, docker port'),
  });
}

function pruneCommand(v: Version): CommandSpec {
  return cmd({
    use: 'prune [OPTIONS]',
    short: 'Remove all stopped containers',
    args: A.none,
    version: '1.25',
    flags: [
      f.bool('force', 'f', 'Do not prompt for confirmation'),
      f.filter('filter', '', v === '29' ? 'Provide filter values (e.g. "until=<timestamp>")' : "Provide filter values (e.g. 'until=<timestamp>')"),
    ],
  });
}

function renameCommand(v: Version): CommandSpec {
  return cmd({
    use: 'rename CONTAINER NEW_NAME',
    short: 'Rename a container',
    args: A.exact(2),
    ...al(v, 'docker container rename, docker rename'),
  });
}

function stopFlags(v: Version, usage20: string): FlagSpec[] {
  if (v === '20.10') return [f.int('time', 't', usage20, 10)];
  return [
    f.string('signal', 's', 'Signal to send to the container'),
    f.int('timeout', 't', 'Seconds to wait before killing the container'),
    f.int('time', '', 'Seconds to wait before killing the container (deprecated: use --timeout)', 0, {
      deprecated: 'use --timeout instead',
      dest: 'timeout',
    }),
  ];
}

function restartCommand(v: Version): CommandSpec {
  return cmd({
    use: 'restart [OPTIONS] CONTAINER [CONTAINER...]',
    short: 'Restart one or more containers',
    args: A.min(1),
    ...al(v, 'docker container restart, docker restart'),
    flags: stopFlags(v, 'Seconds to wait for stop before killing the container'),
  });
}

function rmCommand(v: Version): CommandSpec {
  return cmd({
    use: 'rm [OPTIONS] CONTAINER [CONTAINER...]',
    short: 'Remove one or more containers',
    args: A.min(1),
    ...al(v, 'docker container rm, docker container remove, docker rm'),
    flags: [
      f.bool('volumes', 'v', 'Remove anonymous volumes associated with the container'),
      f.bool('link', 'l', 'Remove the specified link'),
      f.bool('force', 'f', 'Force the removal of a running container (uses SIGKILL)'),
    ],
  });
}

function startCommand(v: Version): CommandSpec {
  return cmd({
    use: 'start [OPTIONS] CONTAINER [CONTAINER...]',
    short: 'Start one or more stopped containers',
    args: A.min(1),
    ...al(v, 'docker container start, docker start'),
    flags: [
      f.bool('attach', 'a', 'Attach STDOUT/STDERR and forward signals'),
      f.bool('interactive', 'i', "Attach container's STDIN"),
      f.string('detach-keys', '', 'Override the key sequence for detaching a container'),
      f.string('checkpoint', '', 'Restore from this checkpoint', '', { experimental: true, ostype: 'linux' }),
      f.string('checkpoint-dir', '', 'Use a custom checkpoint storage directory', '', { experimental: true, ostype: 'linux' }),
    ],
  });
}

export function statsCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'stats [OPTIONS] [CONTAINER...]',
    short: 'Display a live stream of container(s) resource usage statistics',
    args: A.min(0),
    ...al(v, 'docker container stats, docker stats'),
    flags: [
      f.bool('all', 'a', 'Show all containers (default shows just running)'),
      f.bool('no-stream', '', 'Disable streaming stats and only pull the first result'),
      f.bool('no-trunc', '', 'Do not truncate output'),
      f.string('format', '', v29 ? FORMAT_HELP_29 : 'Pretty-print images using a Go template'),
    ],
  });
}

function stopCommand(v: Version): CommandSpec {
  return cmd({
    use: 'stop [OPTIONS] CONTAINER [CONTAINER...]',
    short: 'Stop one or more running containers',
    args: A.min(1),
    ...al(v, 'docker container stop, docker stop'),
    flags: stopFlags(v, 'Seconds to wait for stop before killing it'),
  });
}

function topCommand(v: Version): CommandSpec {
  return cmd({
    use: 'top CONTAINER [ps OPTIONS]',
    short: 'Display the running processes of a container',
    args: A.min(1),
    interspersed: false,
    ...al(v, 'docker container top, docker top'),
  });
}

function unpauseCommand(v: Version): CommandSpec {
  return cmd({
    use: 'unpause CONTAINER [CONTAINER...]',
    short: 'Unpause all processes within one or more containers',
    args: A.min(1),
    ...al(v, 'docker container unpause, docker unpause'),
  });
}

function updateCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  const flags: FlagSpec[] = [
    f.uint16('blkio-weight', '', 'Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)'),
    f.int64('cpu-period', '', 'Limit CPU CFS (Completely Fair Scheduler) period'),
    f.int64('cpu-quota', '', 'Limit CPU CFS (Completely Fair Scheduler) quota'),
    f.int64('cpu-rt-period', '', 'Limit the CPU real-time period in microseconds', 0, { version: '1.25' }),
    f.int64('cpu-rt-runtime', '', 'Limit the CPU real-time runtime in microseconds', 0, { version: '1.25' }),
    f.string('cpuset-cpus', '', 'CPUs in which to allow execution (0-3, 0,1)'),
    f.string('cpuset-mems', '', 'MEMs in which to allow execution (0-3, 0,1)'),
    f.int64('cpu-shares', 'c', 'CPU shares (relative weight)'),
    f.bytes('memory', 'm', 'Memory limit', { validate: V.memBytes(v) }),
    f.bytes('memory-reservation', '', 'Memory soft limit', { validate: V.memBytes(v) }),
    f.bytes(
      'memory-swap',
      '',
      v29 ? 'Swap limit equal to memory plus swap: -1 to enable unlimited swap' : "Swap limit equal to memory plus swap: '-1' to enable unlimited swap",
      { validate: V.memSwapBytes(v) },
    ),
    ...(v29 ? [] : [f.bytes('kernel-memory', '', 'Kernel memory limit', { validate: V.memBytes(v) })]),
    f.string('restart', '', 'Restart policy to apply when a container exits'),
    f.int64('pids-limit', '', 'Tune container pids limit (set -1 for unlimited)', 0, { version: '1.40' }),
    f.decimal('cpus', '', 'Number of CPUs', { version: '1.29' }),
  ];
  if (v29) {
    flags.push(
      f.bytes('kernel-memory', '', 'Kernel memory limit (deprecated)', {
        deprecated: 'and no longer supported by the kernel',
        validate: V.memBytes(v),
      }),
    );
  }
  return cmd({
    use: 'update [OPTIONS] CONTAINER [CONTAINER...]',
    short: 'Update configuration of one or more containers',
    args: A.min(1),
    ...al(v, 'docker container update, docker update'),
    flags,
  });
}

function waitCommand(v: Version): CommandSpec {
  return cmd({
    use: 'wait CONTAINER [CONTAINER...]',
    short: 'Block until one or more containers stop, then print their exit codes',
    args: A.min(1),
    ...al(v, 'docker container wait, docker wait'),
  });
}

/** `docker container` and its subcommands. */
export function containerGroup(v: Version): CommandSpec {
  const ps = psCommand(v);
  const rm = rmCommand(v);
  return group({ use: 'container', short: 'Manage containers' }, [
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
    inspectCommand(v),
    pruneCommand(v),
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
