// docker/cli cli/command/volume, system and registry (20.10.24 and 29.7.2).

import type { CommandSpec, Version } from '../types.ts';
import * as V from '../values.ts';
import { helpText } from './container.ts';
import { A, cmd, f, group } from './dsl.ts';

const { FORMAT_HELP_29, INSPECT_FORMAT_HELP_29 } = helpText;

// ---------------------------------------------------------------- volume

export function volumeGroup(v: Version): CommandSpec {
  const v29 = v === '29';
  const swarm = { version: '1.42', swarm: 'manager' };
  const create = cmd({
    use: 'create [OPTIONS] [VOLUME]',
    short: 'Create a volume',
    args: A.max(1),
    flags: [
      f.string('driver', 'd', 'Specify volume driver name', 'local'),
      f.string('name', '', 'Specify volume name', '', { hidden: true }),
      f.map('opt', 'o', 'Set driver specific options'),
      f.list('label', '', 'Set metadata for a volume', { validate: V.validateLabel }),
      ...(v29
        ? [
            f.string('group', '', 'Cluster Volume group (cluster volumes)', '', swarm),
            f.string('scope', '', 'Cluster Volume access scope ("single", "multi")', 'single', swarm),
            f.string('sharing', '', 'Cluster Volume access sharing ("none", "readonly", "onewriter", "all")', 'none', swarm),
            f.string('availability', '', 'Cluster Volume availability ("active", "pause", "drain")', 'active', swarm),
            f.string('type', '', 'Cluster Volume access type ("mount", "block")', 'block', swarm),
            f.map('secret', '', 'Cluster Volume secrets', swarm),
            f.bytes('limit-bytes', '', 'Minimum size of the Cluster Volume in bytes', { ...swarm, validate: V.memBytes(v) }),
            f.bytes('required-bytes', '', 'Maximum size of the Cluster Volume in bytes', { ...swarm, validate: V.memBytes(v) }),
            f.list('topology-required', '', 'A topology that the Cluster Volume must be accessible from', swarm),
            f.list('topology-preferred', '', 'A topology that the Cluster Volume would be preferred in', swarm),
          ]
        : []),
    ],
  });
  const inspect = cmd({
    use: 'inspect [OPTIONS] VOLUME [VOLUME...]',
    short: 'Display detailed information on one or more volumes',
    args: A.min(1),
    flags: [f.string('format', 'f', v29 ? INSPECT_FORMAT_HELP_29 : 'Format the output using the given Go template')],
  });
  const ls = cmd({
    use: 'ls [OPTIONS]',
    aliases: ['list'],
    short: 'List volumes',
    args: A.none,
    flags: [
      f.bool('quiet', 'q', 'Only display volume names'),
      f.string('format', '', v29 ? FORMAT_HELP_29 : 'Pretty-print volumes using a Go template'),
      f.filter('filter', 'f', v29 ? 'Provide filter values (e.g. "dangling=true")' : "Provide filter values (e.g. 'dangling=true')"),
      ...(v29 ? [f.bool('cluster', '', 'Display only cluster volumes, and use cluster volume list formatting', false, swarm)] : []),
    ],
  });
  const rm = cmd({
    use: 'rm [OPTIONS] VOLUME [VOLUME...]',
    aliases: ['remove'],
    short: 'Remove one or more volumes',
    long: v29
      ? 'Remove one or more volumes. You cannot remove a volume that is in use by a container.'
      : '\nRemove one or more volumes. You cannot remove a volume that is in use by a container.\n',
    ...(v29 ? {} : { example: '\n$ docker volume rm hello\nhello\n' }),
    args: A.min(1),
    flags: [f.bool('force', 'f', 'Force the removal of one or more volumes', false, { version: '1.25' })],
  });
  const prune = cmd({
    use: 'prune [OPTIONS]',
    short: v29 ? 'Remove unused local volumes' : 'Remove all unused local volumes',
    args: A.none,
    version: '1.25',
    flags: v29
      ? [
          f.bool('all', 'a', 'Remove all unused volumes, not just anonymous ones', false, { version: '1.42' }),
          f.bool('force', 'f', 'Do not prompt for confirmation'),
          f.filter('filter', '', 'Provide filter values (e.g. "label=<label>")'),
        ]
      : [f.bool('force', 'f', 'Do not prompt for confirmation'), f.filter('filter', '', "Provide filter values (e.g. 'label=<label>')")],
  });
  const subs = [create, inspect, ls, rm, prune];
  if (v29) {
    subs.push(
      cmd({
        use: 'update [OPTIONS] [VOLUME]',
        short: 'Update a volume (cluster volumes only)',
        args: A.exact(1),
        version: '1.42',
        swarm: 'manager',
        stub: true,
      }),
    );
  }
  return group({ use: 'volume COMMAND', short: 'Manage volumes', version: '1.21' }, subs);
}

// ---------------------------------------------------------------- system

export function eventsCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'events [OPTIONS]',
    short: 'Get real time events from the server',
    args: A.none,
    ...(v29 ? { aliasesAnnotation: 'docker system events, docker events' } : {}),
    flags: [
      f.string('since', '', 'Show all events created since timestamp'),
      f.string('until', '', 'Stream events until this timestamp'),
      f.filter('filter', 'f', 'Filter output based on conditions provided'),
      f.string('format', '', v29 ? INSPECT_FORMAT_HELP_29 : 'Format the output using the given Go template'),
    ],
  });
}

export function infoCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'info [OPTIONS]',
    short: 'Display system-wide information',
    args: A.none,
    ...(v29 ? { categoryTop: '12', aliasesAnnotation: 'docker system info, docker info' } : {}),
    flags: [f.string('format', 'f', v29 ? INSPECT_FORMAT_HELP_29 : 'Format the output using the given Go template')],
  });
}

export function inspectCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'inspect [OPTIONS] NAME|ID [NAME|ID...]',
    short: 'Return low-level information on Docker objects',
    args: A.min(1),
    flags: [
      f.string('format', 'f', v29 ? INSPECT_FORMAT_HELP_29 : 'Format the output using the given Go template'),
      f.string('type', '', v29 ? 'Only inspect objects of the given type' : 'Return JSON for specified type'),
      f.bool('size', 's', 'Display total file sizes if the type is container'),
    ],
  });
}

export function versionCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'version [OPTIONS]',
    short: 'Show the Docker version information',
    args: A.none,
    ...(v29 ? { categoryTop: '10' } : {}),
    flags: v29
      ? [f.string('format', 'f', INSPECT_FORMAT_HELP_29)]
      : [f.string('format', 'f', 'Format the output using the given Go template'), f.string('kubeconfig', '', 'Kubernetes config file')],
  });
}

export function systemGroup(v: Version): CommandSpec {
  const v29 = v === '29';
  return group({ use: 'system', short: 'Manage Docker' }, [
    eventsCommand(v),
    infoCommand(v),
    cmd({
      use: 'df [OPTIONS]',
      short: 'Show docker disk usage',
      args: A.none,
      version: '1.25',
      flags: [
        f.bool('verbose', 'v', 'Show detailed information on space usage'),
        f.string('format', '', v29 ? FORMAT_HELP_29 : 'Pretty-print images using a Go template'),
      ],
    }),
    cmd({
      use: 'prune [OPTIONS]',
      short: 'Remove unused data',
      args: A.none,
      version: '1.25',
      flags: [
        f.bool('force', 'f', 'Do not prompt for confirmation'),
        f.bool('all', 'a', 'Remove all unused images not just dangling ones'),
        f.bool('volumes', '', v29 ? 'Prune anonymous volumes' : 'Prune volumes'),
        f.filter(
          'filter',
          '',
          v29 ? 'Provide filter values (e.g. "label=<key>=<value>")' : "Provide filter values (e.g. 'label=<key>=<value>')",
          { version: '1.28' },
        ),
      ],
    }),
    cmd({
      use: 'dial-stdio',
      short: 'Proxy the stdio stream to the daemon connection. Should not be invoked manually.',
      args: A.none,
      hidden: true,
      stub: true,
    }),
  ]);
}

// ---------------------------------------------------------------- registry

export function registryCommands(v: Version): CommandSpec[] {
  const v29 = v === '29';
  return [
    cmd({
      use: 'login [OPTIONS] [SERVER]',
      short: v29 ? 'Authenticate to a registry' : 'Log in to a Docker registry',
      long: v29
        ? 'Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.'
        : 'Log in to a Docker registry.\nIf no server is specified, the default is defined by the daemon.',
      args: A.max(1),
      ...(v29 ? { categoryTop: '8' } : {}),
      flags: [
        f.string('username', 'u', 'Username'),
        f.string('password', 'p', v29 ? 'Password or Personal Access Token (PAT), or "-" to read from stdin' : 'Password'),
        f.bool('password-stdin', '', v29 ? 'Take the Password or Personal Access Token (PAT) from stdin' : 'Take the password from stdin'),
      ],
    }),
    cmd({
      use: 'logout [SERVER]',
      short: v29 ? 'Log out from a registry' : 'Log out from a Docker registry',
      long: v29
        ? 'Log out from a registry.\nIf no server is specified, the default is defined by the daemon.'
        : 'Log out from a Docker registry.\nIf no server is specified, the default is defined by the daemon.',
      args: A.max(1),
      ...(v29 ? { categoryTop: '9' } : {}),
    }),
    cmd({
      use: 'search [OPTIONS] TERM',
      short: v29 ? 'Search Docker Hub for images' : 'Search the Docker Hub for images',
      args: A.exact(1),
      ...(v29 ? { categoryTop: '10' } : {}),
      flags: [
        f.bool('no-trunc', '', "Don't truncate output"),
        f.filter('filter', 'f', 'Filter output based on conditions provided'),
        f.int('limit', '', 'Max number of search results', v29 ? 0 : 25),
        f.string('format', '', 'Pretty-print search using a Go template'),
      ],
    }),
  ];
}
