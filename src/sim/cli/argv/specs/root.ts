// The `docker` root command, its global flags, and the command tree of each version.
// Commands the simulator does not model are listed as stubs (name, short text,
// subcommands) so that help listings and lookups match the real CLI.

import type { CommandSpec, FlagSpec, Version } from '../types.ts';
import { containerGroup, containerTopLevel, execCommand, psCommand, runCommand, statsCommand } from './container.ts';
import { A, cmd, f, group, link, stub, stubGroup } from './dsl.ts';
import { buildCommand, imageGroup, imagesCommand, imageTopLevel, pullCommand, pushCommand } from './image.ts';
import { eventsCommand, infoCommand, inspectCommand, registryCommands, systemGroup, versionCommand, volumeGroup } from './misc.ts';

/** What `docker --version` prints after "Docker version ". */
export const CLIENT_VERSION: Record<Version, string> = {
  // Debian's docker.io 20.10.24+dfsg1 (the real client on the reference machine)
  '20.10': '20.10.24+dfsg1, build 297e128',
  // docker/cli v29.7.2 (a7dcaa6fdb6ed04aacbfdc76357fdae01605609e)
  '29': '29.7.2, build a7dcaa6',
};

const LOG_LEVELS = new Set(['panic', 'fatal', 'error', 'warn', 'warning', 'info', 'debug', 'trace']);

/** logrus.ParseLevel as used by cli/flags SetLogLevel. */
export function isValidLogLevel(level: string): boolean {
  return level === '' || LOG_LEVELS.has(level.toLowerCase());
}

/** The persistent `-h/--help` flag of the root command (hidden; `-h` deprecated). */
export function helpFlag(v: Version): FlagSpec {
  return f.bool('help', 'h', 'Print usage', false, {
    hidden: true,
    shorthandDeprecated: v === '29' ? 'use --help' : 'please use --help',
  });
}

function globalFlags(v: Version, configDir: string): FlagSpec[] {
  const v29 = v === '29';
  const tls = (name: string, usage: string, file: string): FlagSpec =>
    f.string(name, '', usage, `${configDir}/${file}`, v29 ? {} : { custom: true });
  return [
    f.string('config', '', 'Location of client config files', configDir),
    f.bool('debug', 'D', 'Enable debug mode'),
    f.string(
      'log-level',
      'l',
      v29 ? 'Set the logging level ("debug", "info", "warn", "error", "fatal")' : 'Set the logging level ("debug"|"info"|"warn"|"error"|"fatal")',
      'info',
    ),
    f.bool('tls', '', 'Use TLS; implied by --tlsverify'),
    f.bool('tlsverify', '', 'Use TLS and verify the remote'),
    tls('tlscacert', 'Trust certs signed only by this CA', 'ca.pem'),
    tls('tlscert', 'Path to TLS certificate file', 'cert.pem'),
    tls('tlskey', 'Path to TLS key file', 'key.pem'),
    v29
      ? f.string('host', 'H', 'Daemon socket to connect to', '', { custom: true, once: 'specify only one -H' })
      : f.list('host', 'H', 'Daemon socket(s) to connect to'),
    f.string(
      'context',
      'c',
      'Name of the context to use to connect to the daemon (overrides DOCKER_HOST env var and default context set with "docker context use")',
    ),
    f.bool('version', 'v', 'Print version information and quit'),
  ];
}

const MANIFEST_LONG = `
The **docker manifest** command has subcommands for managing image manifests and
manifest lists. A manifest list allows you to use one name to refer to the same image
built for multiple architectures.

To see help for a subcommand, use:

    docker manifest CMD --help

For full details on using docker manifest lists, see the registry v2 specification.

`;

type StubRow = [use: string, short: string, aliases?: string[]];
function rows(list: StubRow[]): CommandSpec[] {
  return list.map(([use, short, aliases]) => stub(use, short, aliases ? { aliases } : {}));
}

function stubs(v: Version): CommandSpec[] {
  const v29 = v === '29';
  const swarmMgr = v29 ? { version: '1.24', swarm: 'manager' } : {};
  const out: CommandSpec[] = [
    stubGroup(
      'checkpoint',
      'Manage checkpoints',
      rows([
        ['create [OPTIONS] CONTAINER CHECKPOINT', 'Create a checkpoint from a running container'],
        ['ls [OPTIONS] CONTAINER', 'List checkpoints for a container', ['list']],
        ['rm [OPTIONS] CONTAINER CHECKPOINT', 'Remove a checkpoint', ['remove']],
      ]),
      { experimental: true, ostype: 'linux', version: '1.25' },
    ),
    stubGroup(
      'config',
      v29 ? 'Manage Swarm configs' : 'Manage Docker configs',
      rows([
        ['create [OPTIONS] CONFIG file|-', 'Create a config from a file or STDIN'],
        ['inspect [OPTIONS] CONFIG [CONFIG...]', 'Display detailed information on one or more configs'],
        ['ls [OPTIONS]', 'List configs', ['list']],
        ['rm CONFIG [CONFIG...]', 'Remove one or more configs', ['remove']],
      ]),
      v29 ? { version: '1.30', swarm: 'manager' } : { version: '1.30' },
    ),
    stubGroup(
      'context',
      'Manage contexts',
      rows([
        ['create [OPTIONS] CONTEXT', 'Create a context'],
        [
          'export [OPTIONS] CONTEXT [FILE|-]',
          v29 ? 'Export a context to a tar archive FILE or a tar stream on STDOUT.' : 'Export a context to a tar or kubeconfig file',
        ],
        ['import CONTEXT FILE|-', 'Import a context from a tar or zip file'],
        ['inspect [OPTIONS] [CONTEXT] [CONTEXT...]', 'Display detailed information on one or more contexts'],
        ['ls [OPTIONS]', 'List contexts', ['list']],
        ['rm CONTEXT [CONTEXT...]', 'Remove one or more contexts', ['remove']],
        ...(v29 ? ([['show', 'Print the name of the current context']] as StubRow[]) : []),
        ['update [OPTIONS] CONTEXT', 'Update a context'],
        ['use CONTEXT', v29 ? 'Set the default docker context' : 'Set the current docker context'],
      ]),
    ),
    stubGroup(
      'manifest COMMAND',
      'Manage Docker image manifests and manifest lists',
      rows([
        ['annotate [OPTIONS] MANIFEST_LIST MANIFEST', 'Add additional information to a local image manifest'],
        ['create MANIFEST_LIST MANIFEST [MANIFEST...]', 'Create a local manifest list for annotating and pushing to a registry'],
        ['inspect [OPTIONS] [MANIFEST_LIST] MANIFEST', 'Display an image manifest, or manifest list'],
        ['push [OPTIONS] MANIFEST_LIST', 'Push a manifest list to a repository'],
        ['rm MANIFEST_LIST [MANIFEST_LIST...]', 'Delete one or more manifest lists from local storage'],
      ]),
      { long: MANIFEST_LONG, experimentalCLI: true },
    ),
    stubGroup(
      'network',
      'Manage networks',
      rows([
        ['connect [OPTIONS] NETWORK CONTAINER', 'Connect a container to a network'],
        ['create [OPTIONS] NETWORK', 'Create a network'],
        ['disconnect [OPTIONS] NETWORK CONTAINER', 'Disconnect a container from a network'],
        ['inspect [OPTIONS] NETWORK [NETWORK...]', 'Display detailed information on one or more networks'],
        ['ls [OPTIONS]', 'List networks', ['list']],
        ['prune [OPTIONS]', 'Remove all unused networks'],
        ['rm NETWORK [NETWORK...]', 'Remove one or more networks', ['remove']],
      ]),
      { version: '1.21' },
    ),
    stubGroup(
      'node',
      'Manage Swarm nodes',
      rows([
        ['demote NODE [NODE...]', 'Demote one or more nodes from manager in the swarm'],
        ['inspect [OPTIONS] self|NODE [NODE...]', 'Display detailed information on one or more nodes'],
        ['ls [OPTIONS]', 'List nodes in the swarm', ['list']],
        ['promote NODE [NODE...]', 'Promote one or more nodes to manager in the swarm'],
        ['ps [OPTIONS] [NODE...]', 'List tasks running on one or more nodes, defaults to current node'],
        ['rm [OPTIONS] NODE [NODE...]', 'Remove one or more nodes from the swarm', ['remove']],
        ['update [OPTIONS] NODE', 'Update a node'],
      ]),
      swarmMgr,
    ),
    stubGroup(
      'plugin',
      'Manage plugins',
      rows([
        [
          'create [OPTIONS] PLUGIN PLUGIN-DATA-DIR',
          'Create a plugin from a rootfs and configuration. Plugin data directory must contain config.json and rootfs directory.',
        ],
        ['disable [OPTIONS] PLUGIN', 'Disable a plugin'],
        ['enable [OPTIONS] PLUGIN', 'Enable a plugin'],
        ['inspect [OPTIONS] PLUGIN [PLUGIN...]', 'Display detailed information on one or more plugins'],
        ['install [OPTIONS] PLUGIN [KEY=VALUE...]', 'Install a plugin'],
        ['ls [OPTIONS]', 'List plugins', ['list']],
        ['push [OPTIONS] PLUGIN[:TAG]', 'Push a plugin to a registry'],
        ['rm [OPTIONS] PLUGIN [PLUGIN...]', 'Remove one or more plugins', ['remove']],
        ['set PLUGIN KEY=VALUE [KEY=VALUE...]', 'Change settings for a plugin'],
        ['upgrade [OPTIONS] PLUGIN [REMOTE]', 'Upgrade an existing plugin'],
      ]),
      { version: '1.25' },
    ),
    stubGroup(
      'secret',
      v29 ? 'Manage Swarm secrets' : 'Manage Docker secrets',
      rows([
        ['create [OPTIONS] SECRET [file|-]', 'Create a secret from a file or STDIN as content'],
        ['inspect [OPTIONS] SECRET [SECRET...]', 'Display detailed information on one or more secrets'],
        ['ls [OPTIONS]', 'List secrets', ['list']],
        ['rm SECRET [SECRET...]', 'Remove one or more secrets', ['remove']],
      ]),
      v29 ? { version: '1.25', swarm: 'manager' } : { version: '1.25' },
    ),
    stubGroup(
      'service',
      v29 ? 'Manage Swarm services' : 'Manage services',
      rows([
        ['create [OPTIONS] IMAGE [COMMAND] [ARG...]', 'Create a new service'],
        ['inspect [OPTIONS] SERVICE [SERVICE...]', 'Display detailed information on one or more services'],
        ['logs [OPTIONS] SERVICE|TASK', 'Fetch the logs of a service or task'],
        ['ls [OPTIONS]', 'List services', ['list']],
        ['ps [OPTIONS] SERVICE [SERVICE...]', 'List the tasks of one or more services'],
        ['rm SERVICE [SERVICE...]', 'Remove one or more services', ['remove']],
        ['rollback [OPTIONS] SERVICE', "Revert changes to a service's configuration"],
        ['scale SERVICE=REPLICAS [SERVICE=REPLICAS...]', 'Scale one or multiple replicated services'],
        ['update [OPTIONS] SERVICE', 'Update a service'],
      ]),
      swarmMgr,
    ),
    stubGroup(
      'stack [OPTIONS]',
      v29 ? 'Manage Swarm stacks' : 'Manage Docker stacks',
      rows([
        ...(v29 ? ([['config [OPTIONS]', 'Outputs the final config file, after doing merges and interpolations']] as StubRow[]) : []),
        ['deploy [OPTIONS] STACK', 'Deploy a new stack or update an existing stack', ['up']],
        ['ls [OPTIONS]', 'List stacks', ['list']],
        ['ps [OPTIONS] STACK', 'List the tasks in the stack'],
        ['rm [OPTIONS] STACK [STACK...]', 'Remove one or more stacks', ['remove', 'down']],
        ['services [OPTIONS] STACK', 'List the services in the stack'],
      ]),
      v29
        ? { version: '1.25', swarm: 'manager' }
        : { version: '1.25', persistentFlags: [f.string('orchestrator', '', 'Orchestrator to use (swarm|kubernetes|all)')] },
    ),
    stubGroup(
      'swarm',
      'Manage Swarm',
      rows([
        ['ca [OPTIONS]', 'Display and rotate the root CA'],
        ['init [OPTIONS]', 'Initialize a swarm'],
        ['join [OPTIONS] HOST:PORT', 'Join a swarm as a node and/or manager'],
        ['join-token [OPTIONS] (worker|manager)', 'Manage join tokens'],
        ['leave [OPTIONS]', 'Leave the swarm'],
        ['unlock', 'Unlock swarm'],
        ['unlock-key [OPTIONS]', 'Manage the unlock key'],
        ['update [OPTIONS]', 'Update the swarm'],
      ]),
      v29 ? { version: '1.24', swarm: '' } : { version: '1.24' },
    ),
  ];
  if (v29) {
    // swarm subcommands are gated by the node's swarm role
    const swarm = out.find((c) => c.name === 'swarm')!;
    for (const s of swarm.subcommands) {
      s.version = s.name === 'ca' ? '1.30' : '1.24';
      s.swarm = s.name === 'init' || s.name === 'join' ? '' : s.name === 'leave' ? 'active' : 'manager';
    }
  } else {
    out.push(
      stubGroup(
        'trust',
        'Manage trust on Docker images',
        [
          stubGroup(
            'key',
            'Manage keys for signing Docker images',
            rows([
              ['generate NAME', 'Generate and load a signing key-pair'],
              ['load [OPTIONS] KEYFILE', 'Load a private key file for signing'],
            ]),
          ),
          stubGroup(
            'signer',
            'Manage entities who can sign Docker images',
            rows([
              ['add OPTIONS NAME REPOSITORY [REPOSITORY...] ', 'Add a signer'],
              ['remove [OPTIONS] NAME REPOSITORY [REPOSITORY...]', 'Remove a signer'],
            ]),
          ),
          ...rows([
            ['inspect IMAGE[:TAG] [IMAGE[:TAG]...]', 'Return low-level information about keys and signatures'],
            ['revoke [OPTIONS] IMAGE[:TAG]', 'Remove trust for an image'],
            ['sign IMAGE:TAG', 'Sign an image'],
          ]),
        ],
      ),
    );
  }
  return out;
}

/** cobra's default `completion` command (visible in Debian's 20.10 build, hidden in 29). */
function completionCommand(v: Version): CommandSpec {
  const shells: StubRow[] = [
    ['bash', 'Generate the autocompletion script for bash'],
    ['fish', 'Generate the autocompletion script for fish'],
    ['powershell', 'Generate the autocompletion script for powershell'],
    ['zsh', 'Generate the autocompletion script for zsh'],
  ];
  return stubGroup('completion', 'Generate the autocompletion script for the specified shell', rows(shells), {
    long:
      'Generate the autocompletion script for docker for the specified shell.\n' +
      "See each sub-command's help for details on how to use the generated script.\n",
    args: { kind: 'cobraNone' },
    runnable: false,
    hidden: v === '29',
  });
}

/** Builds the whole command tree of a version. */
export function buildTree(v: Version, configDir: string): CommandSpec {
  const v29 = v === '29';
  const builder = group({ use: 'builder', short: 'Manage builds', version: '1.31' }, [
    stub('prune', 'Remove build cache', { version: '1.39' }),
    buildCommand(v),
  ]);
  const subs: CommandSpec[] = [
    containerGroup(v),
    imageGroup(v),
    builder,
    volumeGroup(v),
    systemGroup(v),
    versionCommand(v),
    infoCommand(v),
    eventsCommand(v),
    inspectCommand(v),
    runCommand(v),
    execCommand(v),
    psCommand(v),
    statsCommand(v),
    buildCommand(v),
    pullCommand(v),
    pushCommand(v),
    imagesCommand(v),
    ...containerTopLevel(v).filter((c) => !['run', 'exec', 'ps', 'stats'].includes(c.name)),
    ...imageTopLevel(v),
    ...registryCommands(v),
    ...stubs(v),
    completionCommand(v),
    cmd({ use: 'help [command]', short: 'Help about the command', helpCommand: true }),
  ];
  if (v29) {
    subs.push(
      cmd({
        use: 'bake [OPTIONS] [TARGET...]',
        short: 'Build from a file',
        categoryTop: '5',
        aliasesAnnotation: 'docker buildx bake',
        version: '1.31',
        // shown only when the buildx plugin is installed; the simulator has no plugins
        hidden: true,
        stub: true,
      }),
    );
  }
  const root = cmd({
    use: 'docker [OPTIONS] COMMAND [ARG...]',
    short: 'A self-sufficient runtime for containers',
    args: A.any,
    flags: globalFlags(v, configDir),
    persistentFlags: [helpFlag(v)],
    subcommands: subs,
  });
  return link(root);
}
