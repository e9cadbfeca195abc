/**
 * The help texts of the docker commands: a command's short/long/example and its
 * flags' usages, by command path below `docker` ('' is docker itself). The specs
 * leave them out so that a lesson page does not carry them: this module is loaded
 * when help is first printed (loadHelpTexts in cobra.ts), and fillTexts puts them
 * into the command trees. A text that differs between the versions is a pair
 * [20.10, 29] (null: none in that version); a path given as a string has the same
 * texts as that path. Only what a spec leaves empty is filled: a spec may still
 * write a text inline (`f.*`, `short:`).
 */
import type { CommandSpec, FlagSpec, Version } from '../types.ts';

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

type Text = string | readonly [v20: string | null, v29: string | null];

interface CommandTexts {
  short?: Text;
  long?: Text;
  example?: Text;
  flags?: Record<string, Text>;
  persistentFlags?: Record<string, Text>;
}

/** The flags run and create share (containerFlags in container.ts). */
const CONTAINER_FLAGS: Record<string, Text> = {
  platform: 'Set platform if server is multi-platform capable',
  'disable-content-trust': ['Skip image verification', 'Skip image verification (deprecated)'],
  attach: 'Attach to STDIN, STDOUT or STDERR',
  'device-cgroup-rule': 'Add a rule to the cgroup allowed devices list',
  device: 'Add a host device to the container',
  gpus: "GPU devices to add to the container ('all' to pass all GPUs)",
  env: 'Set environment variables',
  'env-file': 'Read in a file of environment variables',
  entrypoint: 'Overwrite the default ENTRYPOINT of the image',
  'group-add': 'Add additional groups to join',
  hostname: 'Container host name',
  domainname: 'Container NIS domain name',
  interactive: 'Keep STDIN open even if not attached',
  label: 'Set meta data on a container',
  'label-file': 'Read in a line delimited file of labels',
  'read-only': "Mount the container's root filesystem as read only",
  restart: 'Restart policy to apply when a container exits',
  'stop-signal': ['Signal to stop a container', 'Signal to stop the container'],
  'stop-timeout': 'Timeout (in seconds) to stop a container',
  sysctl: 'Sysctl options',
  tty: 'Allocate a pseudo-TTY',
  ulimit: 'Ulimit options',
  user: 'Username or UID (format: <name|uid>[:<group|gid>])',
  workdir: 'Working directory inside the container',
  rm: ['Automatically remove the container when it exits', 'Automatically remove the container and its associated anonymous volumes when it exits'],
  'cap-add': 'Add Linux capabilities',
  'cap-drop': 'Drop Linux capabilities',
  privileged: 'Give extended privileges to this container',
  'security-opt': 'Security Options',
  userns: 'User namespace to use',
  cgroupns: `Cgroup namespace to use (host|private)
'host':    Run the container in the Docker host's cgroup namespace
'private': Run the container in its own private cgroup namespace
'':        Use the cgroup namespace as configured by the
           default-cgroupns-mode option on the daemon (default)`,
  'add-host': 'Add a custom host-to-IP mapping (host:ip)',
  dns: 'Set custom DNS servers',
  'dns-opt': 'Set DNS options',
  'dns-option': 'Set DNS options',
  'dns-search': 'Set custom DNS search domains',
  expose: 'Expose a port or a range of ports',
  ip: 'IPv4 address (e.g., 172.30.100.104)',
  'ip6': 'IPv6 address (e.g., 2001:db8::33)',
  link: 'Add link to another container',
  'link-local-ip': 'Container IPv4/IPv6 link-local addresses',
  'mac-address': 'Container MAC address (e.g., 92:d0:c6:0a:29:33)',
  publish: "Publish a container's port(s) to the host",
  'publish-all': 'Publish all exposed ports to random ports',
  net: 'Connect a container to a network',
  network: 'Connect a container to a network',
  'net-alias': 'Add network-scoped alias for the container',
  'network-alias': 'Add network-scoped alias for the container',
  'log-driver': 'Logging driver for the container',
  'volume-driver': 'Optional volume driver for the container',
  'log-opt': 'Log driver options',
  'storage-opt': 'Storage driver options for the container',
  tmpfs: 'Mount a tmpfs directory',
  'volumes-from': 'Mount volumes from the specified container(s)',
  volume: 'Bind mount a volume',
  mount: 'Attach a filesystem mount to the container',
  'health-cmd': 'Command to run to check health',
  'health-interval': 'Time between running the check (ms|s|m|h) (default 0s)',
  'health-retries': 'Consecutive failures needed to report unhealthy',
  'health-timeout': 'Maximum time to allow one check to run (ms|s|m|h) (default 0s)',
  'health-start-period': 'Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)',
  'no-healthcheck': 'Disable any container-specified HEALTHCHECK',
  'blkio-weight': 'Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)',
  'blkio-weight-device': 'Block IO weight (relative device weight)',
  cidfile: 'Write the container ID to the file',
  'cpuset-cpus': 'CPUs in which to allow execution (0-3, 0,1)',
  'cpuset-mems': 'MEMs in which to allow execution (0-3, 0,1)',
  'cpu-count': 'CPU count (Windows only)',
  'cpu-percent': 'CPU percent (Windows only)',
  'cpu-period': 'Limit CPU CFS (Completely Fair Scheduler) period',
  'cpu-quota': 'Limit CPU CFS (Completely Fair Scheduler) quota',
  'cpu-rt-period': 'Limit CPU real-time period in microseconds',
  'cpu-rt-runtime': 'Limit CPU real-time runtime in microseconds',
  'cpu-shares': 'CPU shares (relative weight)',
  cpus: 'Number of CPUs',
  'device-read-bps': 'Limit read rate (bytes per second) from a device',
  'device-read-iops': 'Limit read rate (IO per second) from a device',
  'device-write-bps': 'Limit write rate (bytes per second) to a device',
  'device-write-iops': 'Limit write rate (IO per second) to a device',
  'io-maxbandwidth': 'Maximum IO bandwidth limit for the system drive (Windows only)',
  'io-maxiops': 'Maximum IOps limit for the system drive (Windows only)',
  'kernel-memory': ['Kernel memory limit', 'Kernel memory limit (deprecated)'],
  memory: 'Memory limit',
  'memory-reservation': 'Memory soft limit',
  'memory-swap': "Swap limit equal to memory plus swap: '-1' to enable unlimited swap",
  'memory-swappiness': 'Tune container memory swappiness (0 to 100)',
  'oom-kill-disable': 'Disable OOM Killer',
  'oom-score-adj': "Tune host's OOM preferences (-1000 to 1000)",
  'pids-limit': 'Tune container pids limit (set -1 for unlimited)',
  'cgroup-parent': 'Optional parent cgroup for the container',
  ipc: 'IPC mode to use',
  isolation: 'Container isolation technology',
  pid: 'PID namespace to use',
  'shm-size': 'Size of /dev/shm',
  uts: 'UTS namespace to use',
  runtime: 'Runtime to use for this container',
  init: 'Run an init inside the container that forwards signals and reaps processes',
  quiet: [null, 'Suppress the pull output'],
  'use-api-socket': [null, 'Bind mount Docker API socket and required auth'],
  'health-start-interval': [null, 'Time between running the check during the start period (ms|s|m|h) (default 0s)'],
  annotation: [null, 'Add an annotation to the container (passed through to the OCI runtime)'],
};

export const TEXTS: Record<string, CommandTexts | string> = {
  '': {
    short: 'A self-sufficient runtime for containers',
    flags: {
      config: 'Location of client config files',
      debug: 'Enable debug mode',
      'log-level': ['Set the logging level ("debug"|"info"|"warn"|"error"|"fatal")', 'Set the logging level ("debug", "info", "warn", "error", "fatal")'],
      tls: 'Use TLS; implied by --tlsverify',
      tlsverify: 'Use TLS and verify the remote',
      tlscacert: 'Trust certs signed only by this CA',
      tlscert: 'Path to TLS certificate file',
      tlskey: 'Path to TLS key file',
      host: ['Daemon socket(s) to connect to', 'Daemon socket to connect to'],
      context: 'Name of the context to use to connect to the daemon (overrides DOCKER_HOST env var and default context set with "docker context use")',
      version: 'Print version information and quit',
    },
    persistentFlags: { help: 'Print usage' },
  },
  container: { short: 'Manage containers' },
  'container attach': {
    short: 'Attach local standard input, output, and error streams to a running container',
    flags: {
      'no-stdin': 'Do not attach STDIN',
      'sig-proxy': 'Proxy all received signals to the process',
      'detach-keys': 'Override the key sequence for detaching a container',
    },
  },
  'container commit': {
    short: "Create a new image from a container's changes",
    flags: {
      pause: ['Pause container during commit', 'Pause container during commit (deprecated: use --no-pause instead)'],
      message: 'Commit message',
      author: 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")',
      change: 'Apply Dockerfile instruction to the created image',
      'no-pause': [null, 'Disable pausing container during commit'],
    },
  },
  'container cp': {
    short: 'Copy files/folders between a container and the local filesystem',
    long: `Copy files/folders between a container and the local filesystem

Use '-' as the source to read a tar archive from stdin
and extract it to a directory destination in a container.
Use '-' as the destination to stream a tar archive of a
container source to stdout.`,
    flags: {
      'follow-link': ['Always follow symbol link in SRC_PATH', 'Always follow symlinks in SRC_PATH'],
      archive: 'Archive mode (copy all uid/gid information)',
      quiet: [null, 'Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached'],
    },
  },
  'container create': {
    short: 'Create a new container',
    flags: {
      name: 'Assign a name to the container',
      pull: ['Pull image before creating ("always"|"missing"|"never")', 'Pull image before creating ("always", "missing", "never")'],
      help: 'Print usage',
      ...CONTAINER_FLAGS,
    },
  },
  'container diff': { short: "Inspect changes to files or directories on a container's filesystem" },
  'container exec': {
    short: ['Run a command in a running container', 'Execute a command in a running container'],
    flags: {
      'detach-keys': 'Override the key sequence for detaching a container',
      interactive: 'Keep STDIN open even if not attached',
      tty: 'Allocate a pseudo-TTY',
      detach: 'Detached mode: run command in the background',
      user: ['Username or UID (format: <name|uid>[:<group|gid>])', 'Username or UID (format: "<name|uid>[:<group|gid>]")'],
      privileged: 'Give extended privileges to the command',
      env: 'Set environment variables',
      'env-file': 'Read in a file of environment variables',
      workdir: 'Working directory inside the container',
    },
  },
  'container export': {
    short: "Export a container's filesystem as a tar archive",
    flags: { output: 'Write to a file, instead of STDOUT' },
  },
  'container kill': { short: 'Kill one or more running containers', flags: { signal: 'Signal to send to the container' } },
  'container logs': {
    short: 'Fetch the logs of a container',
    flags: {
      follow: 'Follow log output',
      since: ['Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)', 'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)'],
      until: ['Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)', 'Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)'],
      timestamps: 'Show timestamps',
      details: 'Show extra details provided to logs',
      tail: 'Number of lines to show from the end of the logs',
    },
  },
  'container pause': { short: 'Pause all processes within one or more containers' },
  'container port': { short: 'List port mappings or a specific mapping for the container' },
  'container rename': { short: 'Rename a container' },
  'container restart': {
    short: 'Restart one or more containers',
    flags: {
      time: ['Seconds to wait for stop before killing the container', 'Seconds to wait before killing the container (deprecated: use --timeout)'],
      signal: [null, 'Signal to send to the container'],
      timeout: [null, 'Seconds to wait before killing the container'],
    },
  },
  'container rm': {
    short: 'Remove one or more containers',
    flags: {
      volumes: 'Remove anonymous volumes associated with the container',
      link: 'Remove the specified link',
      force: 'Force the removal of a running container (uses SIGKILL)',
    },
  },
  'container run': {
    short: ['Run a command in a new container', 'Create and run a new container from an image'],
    flags: {
      detach: 'Run container in background and print container ID',
      'sig-proxy': 'Proxy received signals to the process',
      name: 'Assign a name to the container',
      'detach-keys': 'Override the key sequence for detaching a container',
      pull: ['Pull image before running ("always"|"missing"|"never")', 'Pull image before running ("always", "missing", "never")'],
      help: 'Print usage',
      ...CONTAINER_FLAGS,
    },
  },
  'container start': {
    short: 'Start one or more stopped containers',
    flags: {
      attach: 'Attach STDOUT/STDERR and forward signals',
      interactive: "Attach container's STDIN",
      'detach-keys': 'Override the key sequence for detaching a container',
      checkpoint: 'Restore from this checkpoint',
      'checkpoint-dir': 'Use a custom checkpoint storage directory',
    },
  },
  'container stats': {
    short: 'Display a live stream of container(s) resource usage statistics',
    flags: {
      all: 'Show all containers (default shows just running)',
      'no-stream': 'Disable streaming stats and only pull the first result',
      'no-trunc': 'Do not truncate output',
      format: ['Pretty-print images using a Go template', FORMAT_HELP_29],
    },
  },
  'container stop': {
    short: 'Stop one or more running containers',
    flags: {
      time: ['Seconds to wait for stop before killing it', 'Seconds to wait before killing the container (deprecated: use --timeout)'],
      signal: [null, 'Signal to send to the container'],
      timeout: [null, 'Seconds to wait before killing the container'],
    },
  },
  'container top': { short: 'Display the running processes of a container' },
  'container unpause': { short: 'Unpause all processes within one or more containers' },
  'container update': {
    short: 'Update configuration of one or more containers',
    flags: {
      'blkio-weight': 'Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)',
      'cpu-period': 'Limit CPU CFS (Completely Fair Scheduler) period',
      'cpu-quota': 'Limit CPU CFS (Completely Fair Scheduler) quota',
      'cpu-rt-period': 'Limit the CPU real-time period in microseconds',
      'cpu-rt-runtime': 'Limit the CPU real-time runtime in microseconds',
      'cpuset-cpus': 'CPUs in which to allow execution (0-3, 0,1)',
      'cpuset-mems': 'MEMs in which to allow execution (0-3, 0,1)',
      'cpu-shares': 'CPU shares (relative weight)',
      memory: 'Memory limit',
      'memory-reservation': 'Memory soft limit',
      'memory-swap': ["Swap limit equal to memory plus swap: '-1' to enable unlimited swap", 'Swap limit equal to memory plus swap: -1 to enable unlimited swap'],
      'kernel-memory': ['Kernel memory limit', 'Kernel memory limit (deprecated)'],
      restart: 'Restart policy to apply when a container exits',
      'pids-limit': 'Tune container pids limit (set -1 for unlimited)',
      cpus: 'Number of CPUs',
    },
  },
  'container wait': { short: 'Block until one or more containers stop, then print their exit codes' },
  'container ls': {
    short: 'List containers',
    flags: {
      quiet: 'Only display container IDs',
      size: 'Display total file sizes',
      all: 'Show all containers (default shows just running)',
      'no-trunc': "Don't truncate output",
      latest: 'Show the latest created container (includes all states)',
      last: 'Show n last created containers (includes all states)',
      format: ['Pretty-print containers using a Go template', FORMAT_HELP_29],
      filter: 'Filter output based on conditions provided',
    },
  },
  'container inspect': {
    short: 'Display detailed information on one or more containers',
    flags: {
      format: ['Format the output using the given Go template', INSPECT_FORMAT_HELP_29],
      size: 'Display total file sizes',
    },
  },
  'container prune': {
    short: 'Remove all stopped containers',
    flags: {
      force: 'Do not prompt for confirmation',
      filter: ["Provide filter values (e.g. 'until=<timestamp>')", 'Provide filter values (e.g. "until=<timestamp>")'],
    },
  },
  image: { short: 'Manage images' },
  'image build': {
    short: 'Build an image from a Dockerfile',
    flags: {
      tag: ["Name and optionally a tag in the 'name:tag' format", 'Name and optionally a tag in the "name:tag" format'],
      'build-arg': 'Set build-time variables',
      ulimit: 'Ulimit options',
      file: ["Name of the Dockerfile (Default is 'PATH/Dockerfile')", 'Name of the Dockerfile (Default is "PATH/Dockerfile")'],
      memory: 'Memory limit',
      'memory-swap': ["Swap limit equal to memory plus swap: '-1' to enable unlimited swap", 'Swap limit equal to memory plus swap: -1 to enable unlimited swap'],
      'shm-size': ['Size of /dev/shm', 'Size of "/dev/shm"'],
      'cpu-shares': 'CPU shares (relative weight)',
      'cpu-period': 'Limit the CPU CFS (Completely Fair Scheduler) period',
      'cpu-quota': 'Limit the CPU CFS (Completely Fair Scheduler) quota',
      'cpuset-cpus': 'CPUs in which to allow execution (0-3, 0,1)',
      'cpuset-mems': 'MEMs in which to allow execution (0-3, 0,1)',
      'cgroup-parent': ['Optional parent cgroup for the container', 'Set the parent cgroup for the "RUN" instructions during build'],
      isolation: 'Container isolation technology',
      label: 'Set metadata for an image',
      'no-cache': 'Do not use cache when building the image',
      rm: 'Remove intermediate containers after a successful build',
      'force-rm': 'Always remove intermediate containers',
      quiet: 'Suppress the build output and print image ID on success',
      pull: 'Always attempt to pull a newer version of the image',
      'cache-from': 'Images to consider as cache sources',
      compress: 'Compress the build context using gzip',
      'security-opt': 'Security options',
      network: 'Set the networking mode for the RUN instructions during build',
      'add-host': ['Add a custom host-to-IP mapping (host:ip)', 'Add a custom host-to-IP mapping ("host:ip")'],
      target: 'Set the target build stage to build.',
      iidfile: 'Write the image ID to the file',
      'disable-content-trust': ['Skip image verification', 'Skip image verification (deprecated)'],
      platform: 'Set platform if server is multi-platform capable',
      squash: 'Squash newly built layers into a single new layer',
      stream: ['Stream attaches to server to negotiate build context', null],
      progress: ['Set type of progress output (auto, plain, tty). Use plain to show container output', null],
      secret: ['Secret file to expose to the build (only if BuildKit enabled): id=mysecret,src=/local/secret', null],
      ssh: ['SSH agent socket or keys to expose to the build (only if BuildKit enabled) (format: default|<id>[=<socket>|<key>[,<key>]])', null],
      output: ['Output destination (format: type=local,dest=path)', null],
    },
  },
  'image history': {
    short: 'Show the history of an image',
    flags: {
      human: 'Print sizes and dates in human readable format',
      quiet: 'Only show image IDs',
      'no-trunc': "Don't truncate output",
      format: ['Pretty-print images using a Go template', FORMAT_HELP_29],
      platform: [null, 'Show history for the given platform. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")'],
    },
  },
  'image import': {
    short: 'Import the contents from a tarball to create a filesystem image',
    flags: {
      change: 'Apply Dockerfile instruction to the created image',
      message: 'Set commit message for imported image',
      platform: 'Set platform if server is multi-platform capable',
    },
  },
  'image load': {
    short: 'Load an image from a tar archive or STDIN',
    flags: {
      input: 'Read from tar archive file, instead of STDIN',
      quiet: 'Suppress the load output',
      platform: [null, 'Load only the given platform(s). Formatted as a comma-separated list of "os[/arch[/variant]]" (e.g., "linux/amd64,linux/arm64/v8").'],
    },
  },
  'image pull': {
    short: ['Pull an image or a repository from a registry', 'Download an image from a registry'],
    flags: {
      'all-tags': 'Download all tagged images in the repository',
      quiet: 'Suppress verbose output',
      platform: 'Set platform if server is multi-platform capable',
      'disable-content-trust': ['Skip image verification', 'Skip image verification (deprecated)'],
    },
  },
  'image push': {
    short: ['Push an image or a repository to a registry', 'Upload an image to a registry'],
    flags: {
      'all-tags': ['Push all tagged images in the repository', 'Push all tags of an image to the repository'],
      quiet: 'Suppress verbose output',
      'disable-content-trust': ['Skip image signing', 'Skip image verification (deprecated)'],
      platform: [null, "Push a platform-specific manifest as a single-platform image to the registry.\nImage index won't be pushed, meaning that other manifests, including attestations won't be preserved.\n'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)"],
    },
  },
  'image save': {
    short: 'Save one or more images to a tar archive (streamed to STDOUT by default)',
    flags: {
      output: 'Write to a file, instead of STDOUT',
      platform: [null, 'Save only the given platform(s). Formatted as a comma-separated list of "os[/arch[/variant]]" (e.g., "linux/amd64,linux/arm64/v8")'],
    },
  },
  'image tag': { short: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE' },
  'image ls': {
    short: 'List images',
    flags: {
      quiet: 'Only show image IDs',
      all: ['Show all images (default hides intermediate images)', 'Show all images (default hides intermediate and dangling images)'],
      'no-trunc': "Don't truncate output",
      digests: 'Show digests',
      format: ['Pretty-print images using a Go template', FORMAT_HELP_29],
      filter: 'Filter output based on conditions provided',
      tree: [null, 'List multi-platform images as a tree (EXPERIMENTAL)'],
    },
  },
  'image rm': {
    short: 'Remove one or more images',
    flags: {
      force: 'Force removal of the image',
      'no-prune': 'Do not delete untagged parents',
      platform: [null, 'Remove only the given platform variant. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")'],
    },
  },
  'image inspect': {
    short: 'Display detailed information on one or more images',
    flags: {
      format: ['Format the output using the given Go template', INSPECT_FORMAT_HELP_29],
      platform: [null, "Inspect a specific platform of the multi-platform image.\nIf the image or the server is not multi-platform capable, the command will error out if the platform does not match.\n'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)"],
    },
  },
  'image prune': {
    short: 'Remove unused images',
    flags: {
      force: 'Do not prompt for confirmation',
      all: 'Remove all unused images, not just dangling ones',
      filter: ["Provide filter values (e.g. 'until=<timestamp>')", 'Provide filter values (e.g. "until=<timestamp>")'],
    },
  },
  builder: { short: 'Manage builds' },
  'builder prune': { short: 'Remove build cache' },
  'builder build': 'image build',
  volume: { short: 'Manage volumes' },
  'volume create': {
    short: 'Create a volume',
    flags: {
      driver: 'Specify volume driver name',
      name: 'Specify volume name',
      opt: 'Set driver specific options',
      label: 'Set metadata for a volume',
      group: [null, 'Cluster Volume group (cluster volumes)'],
      scope: [null, 'Cluster Volume access scope ("single", "multi")'],
      sharing: [null, 'Cluster Volume access sharing ("none", "readonly", "onewriter", "all")'],
      availability: [null, 'Cluster Volume availability ("active", "pause", "drain")'],
      type: [null, 'Cluster Volume access type ("mount", "block")'],
      secret: [null, 'Cluster Volume secrets'],
      'limit-bytes': [null, 'Minimum size of the Cluster Volume in bytes'],
      'required-bytes': [null, 'Maximum size of the Cluster Volume in bytes'],
      'topology-required': [null, 'A topology that the Cluster Volume must be accessible from'],
      'topology-preferred': [null, 'A topology that the Cluster Volume would be preferred in'],
    },
  },
  'volume inspect': {
    short: 'Display detailed information on one or more volumes',
    flags: { format: ['Format the output using the given Go template', INSPECT_FORMAT_HELP_29] },
  },
  'volume ls': {
    short: 'List volumes',
    flags: {
      quiet: 'Only display volume names',
      format: ['Pretty-print volumes using a Go template', FORMAT_HELP_29],
      filter: ["Provide filter values (e.g. 'dangling=true')", 'Provide filter values (e.g. "dangling=true")'],
      cluster: [null, 'Display only cluster volumes, and use cluster volume list formatting'],
    },
  },
  'volume rm': {
    short: 'Remove one or more volumes',
    long: ['\nRemove one or more volumes. You cannot remove a volume that is in use by a container.\n', 'Remove one or more volumes. You cannot remove a volume that is in use by a container.'],
    example: [`
$ docker volume rm hello
hello
`, null],
    flags: { force: 'Force the removal of one or more volumes' },
  },
  'volume prune': {
    short: ['Remove all unused local volumes', 'Remove unused local volumes'],
    flags: {
      force: 'Do not prompt for confirmation',
      filter: ["Provide filter values (e.g. 'label=<label>')", 'Provide filter values (e.g. "label=<label>")'],
      all: [null, 'Remove all unused volumes, not just anonymous ones'],
    },
  },
  system: { short: 'Manage Docker' },
  'system events': {
    short: 'Get real time events from the server',
    flags: {
      since: 'Show all events created since timestamp',
      until: 'Stream events until this timestamp',
      filter: 'Filter output based on conditions provided',
      format: ['Format the output using the given Go template', INSPECT_FORMAT_HELP_29],
    },
  },
  'system info': {
    short: 'Display system-wide information',
    flags: { format: ['Format the output using the given Go template', INSPECT_FORMAT_HELP_29] },
  },
  'system df': {
    short: 'Show docker disk usage',
    flags: {
      verbose: 'Show detailed information on space usage',
      format: ['Pretty-print images using a Go template', FORMAT_HELP_29],
    },
  },
  'system prune': {
    short: 'Remove unused data',
    flags: {
      force: 'Do not prompt for confirmation',
      all: 'Remove all unused images not just dangling ones',
      volumes: ['Prune volumes', 'Prune anonymous volumes'],
      filter: ["Provide filter values (e.g. 'label=<key>=<value>')", 'Provide filter values (e.g. "label=<key>=<value>")'],
    },
  },
  'system dial-stdio': { short: 'Proxy the stdio stream to the daemon connection. Should not be invoked manually.' },
  version: {
    short: 'Show the Docker version information',
    flags: {
      format: ['Format the output using the given Go template', INSPECT_FORMAT_HELP_29],
      kubeconfig: ['Kubernetes config file', null],
    },
  },
  info: 'system info',
  events: 'system events',
  inspect: {
    short: 'Return low-level information on Docker objects',
    flags: {
      format: ['Format the output using the given Go template', INSPECT_FORMAT_HELP_29],
      type: ['Return JSON for specified type', 'Only inspect objects of the given type'],
      size: 'Display total file sizes if the type is container',
    },
  },
  run: 'container run',
  exec: 'container exec',
  ps: 'container ls',
  stats: 'container stats',
  build: 'image build',
  pull: 'image pull',
  push: 'image push',
  images: 'image ls',
  attach: 'container attach',
  commit: 'container commit',
  cp: 'container cp',
  create: 'container create',
  diff: 'container diff',
  export: 'container export',
  kill: 'container kill',
  logs: 'container logs',
  pause: 'container pause',
  port: 'container port',
  rename: 'container rename',
  restart: 'container restart',
  rm: 'container rm',
  start: 'container start',
  stop: 'container stop',
  top: 'container top',
  unpause: 'container unpause',
  update: 'container update',
  wait: 'container wait',
  history: 'image history',
  import: 'image import',
  load: 'image load',
  rmi: 'image rm',
  save: 'image save',
  tag: 'image tag',
  login: {
    short: ['Log in to a Docker registry', 'Authenticate to a registry'],
    long: ['Log in to a Docker registry.\nIf no server is specified, the default is defined by the daemon.', 'Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.'],
    flags: {
      username: 'Username',
      password: ['Password', 'Password or Personal Access Token (PAT), or "-" to read from stdin'],
      'password-stdin': ['Take the password from stdin', 'Take the Password or Personal Access Token (PAT) from stdin'],
    },
  },
  logout: {
    short: ['Log out from a Docker registry', 'Log out from a registry'],
    long: ['Log out from a Docker registry.\nIf no server is specified, the default is defined by the daemon.', 'Log out from a registry.\nIf no server is specified, the default is defined by the daemon.'],
  },
  search: {
    short: ['Search the Docker Hub for images', 'Search Docker Hub for images'],
    flags: {
      'no-trunc': "Don't truncate output",
      filter: 'Filter output based on conditions provided',
      limit: 'Max number of search results',
      format: 'Pretty-print search using a Go template',
    },
  },
  checkpoint: { short: 'Manage checkpoints' },
  'checkpoint create': { short: 'Create a checkpoint from a running container' },
  'checkpoint ls': { short: 'List checkpoints for a container' },
  'checkpoint rm': { short: 'Remove a checkpoint' },
  config: { short: ['Manage Docker configs', 'Manage Swarm configs'] },
  'config create': { short: 'Create a config from a file or STDIN' },
  'config inspect': { short: 'Display detailed information on one or more configs' },
  'config ls': { short: 'List configs' },
  'config rm': { short: 'Remove one or more configs' },
  context: { short: 'Manage contexts' },
  'context create': { short: 'Create a context' },
  'context export': {
    short: ['Export a context to a tar or kubeconfig file', 'Export a context to a tar archive FILE or a tar stream on STDOUT.'],
  },
  'context import': { short: 'Import a context from a tar or zip file' },
  'context inspect': { short: 'Display detailed information on one or more contexts' },
  'context ls': { short: 'List contexts' },
  'context rm': { short: 'Remove one or more contexts' },
  'context update': { short: 'Update a context' },
  'context use': { short: ['Set the current docker context', 'Set the default docker context'] },
  manifest: {
    short: 'Manage Docker image manifests and manifest lists',
    long: `
The **docker manifest** command has subcommands for managing image manifests and
manifest lists. A manifest list allows you to use one name to refer to the same image
built for multiple architectures.

To see help for a subcommand, use:

    docker manifest CMD --help

For full details on using docker manifest lists, see the registry v2 specification.

`,
  },
  'manifest annotate': { short: 'Add additional information to a local image manifest' },
  'manifest create': { short: 'Create a local manifest list for annotating and pushing to a registry' },
  'manifest inspect': { short: 'Display an image manifest, or manifest list' },
  'manifest push': { short: 'Push a manifest list to a repository' },
  'manifest rm': { short: 'Delete one or more manifest lists from local storage' },
  network: { short: 'Manage networks' },
  'network connect': { short: 'Connect a container to a network' },
  'network create': { short: 'Create a network' },
  'network disconnect': { short: 'Disconnect a container from a network' },
  'network inspect': { short: 'Display detailed information on one or more networks' },
  'network ls': { short: 'List networks' },
  'network prune': { short: 'Remove all unused networks' },
  'network rm': { short: 'Remove one or more networks' },
  node: { short: 'Manage Swarm nodes' },
  'node demote': { short: 'Demote one or more nodes from manager in the swarm' },
  'node inspect': { short: 'Display detailed information on one or more nodes' },
  'node ls': { short: 'List nodes in the swarm' },
  'node promote': { short: 'Promote one or more nodes to manager in the swarm' },
  'node ps': { short: 'List tasks running on one or more nodes, defaults to current node' },
  'node rm': { short: 'Remove one or more nodes from the swarm' },
  'node update': { short: 'Update a node' },
  plugin: { short: 'Manage plugins' },
  'plugin create': {
    short: 'Create a plugin from a rootfs and configuration. Plugin data directory must contain config.json and rootfs directory.',
  },
  'plugin disable': { short: 'Disable a plugin' },
  'plugin enable': { short: 'Enable a plugin' },
  'plugin inspect': { short: 'Display detailed information on one or more plugins' },
  'plugin install': { short: 'Install a plugin' },
  'plugin ls': { short: 'List plugins' },
  'plugin push': { short: 'Push a plugin to a registry' },
  'plugin rm': { short: 'Remove one or more plugins' },
  'plugin set': { short: 'Change settings for a plugin' },
  'plugin upgrade': { short: 'Upgrade an existing plugin' },
  secret: { short: ['Manage Docker secrets', 'Manage Swarm secrets'] },
  'secret create': { short: 'Create a secret from a file or STDIN as content' },
  'secret inspect': { short: 'Display detailed information on one or more secrets' },
  'secret ls': { short: 'List secrets' },
  'secret rm': { short: 'Remove one or more secrets' },
  service: { short: ['Manage services', 'Manage Swarm services'] },
  'service create': { short: 'Create a new service' },
  'service inspect': { short: 'Display detailed information on one or more services' },
  'service logs': { short: 'Fetch the logs of a service or task' },
  'service ls': { short: 'List services' },
  'service ps': { short: 'List the tasks of one or more services' },
  'service rm': { short: 'Remove one or more services' },
  'service rollback': { short: "Revert changes to a service's configuration" },
  'service scale': { short: 'Scale one or multiple replicated services' },
  'service update': { short: 'Update a service' },
  stack: {
    short: ['Manage Docker stacks', 'Manage Swarm stacks'],
    persistentFlags: { orchestrator: ['Orchestrator to use (swarm|kubernetes|all)', null] },
  },
  'stack deploy': { short: 'Deploy a new stack or update an existing stack' },
  'stack ls': { short: 'List stacks' },
  'stack ps': { short: 'List the tasks in the stack' },
  'stack rm': { short: 'Remove one or more stacks' },
  'stack services': { short: 'List the services in the stack' },
  swarm: { short: 'Manage Swarm' },
  'swarm ca': { short: 'Display and rotate the root CA' },
  'swarm init': { short: 'Initialize a swarm' },
  'swarm join': { short: 'Join a swarm as a node and/or manager' },
  'swarm join-token': { short: 'Manage join tokens' },
  'swarm leave': { short: 'Leave the swarm' },
  'swarm unlock': { short: 'Unlock swarm' },
  'swarm unlock-key': { short: 'Manage the unlock key' },
  'swarm update': { short: 'Update the swarm' },
  trust: { short: ['Manage trust on Docker images', null] },
  'trust key': { short: ['Manage keys for signing Docker images', null] },
  'trust key generate': { short: ['Generate and load a signing key-pair', null] },
  'trust key load': { short: ['Load a private key file for signing', null] },
  'trust signer': { short: ['Manage entities who can sign Docker images', null] },
  'trust signer add': { short: ['Add a signer', null] },
  'trust signer remove': { short: ['Remove a signer', null] },
  'trust inspect': { short: ['Return low-level information about keys and signatures', null] },
  'trust revoke': { short: ['Remove trust for an image', null] },
  'trust sign': { short: ['Sign an image', null] },
  completion: {
    short: 'Generate the autocompletion script for the specified shell',
    long: "Generate the autocompletion script for docker for the specified shell.\nSee each sub-command's help for details on how to use the generated script.\n",
  },
  'completion bash': { short: 'Generate the autocompletion script for bash' },
  'completion fish': { short: 'Generate the autocompletion script for fish' },
  'completion powershell': { short: 'Generate the autocompletion script for powershell' },
  'completion zsh': { short: 'Generate the autocompletion script for zsh' },
  help: { short: 'Help about the command' },
  'volume update': { short: [null, 'Update a volume (cluster volumes only)'] },
  'context show': { short: [null, 'Print the name of the current context'] },
  'stack config': { short: [null, 'Outputs the final config file, after doing merges and interpolations'] },
  bake: { short: [null, 'Build from a file'] },
};

const pick = (t: Text | undefined, v: Version): string | undefined => (typeof t === 'string' || t === undefined ? t : (t[v === '29' ? 1 : 0] ?? undefined));

function textsOf(path: string): CommandTexts | undefined {
  const t = TEXTS[path];
  return typeof t === 'string' ? textsOf(t) : t;
}

/** Puts the texts into a command tree of `version` where its specs left them empty. */
export function fillTexts(root: CommandSpec, version: Version): void {
  const fill = (flags: FlagSpec[] | undefined, texts: Record<string, Text> | undefined) => {
    for (const f of flags ?? []) if (f.usage === '') f.usage = pick(texts?.[f.name], version) ?? '';
  };
  const walk = (c: CommandSpec) => {
    const t = textsOf(c.path.slice(1).join(' '));
    if (t) {
      if (c.short === '') c.short = pick(t.short, version) ?? '';
      const long = pick(t.long, version);
      if (c.long === undefined && long !== undefined) c.long = long;
      const example = pick(t.example, version);
      if (c.example === undefined && example !== undefined) c.example = example;
      fill(c.flags, t.flags);
      fill(c.persistentFlags, t.persistentFlags);
    }
    c.subcommands.forEach(walk);
  };
  walk(root);
}
