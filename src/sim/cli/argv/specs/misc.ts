// docker/cli cli/command/volume, system and registry (20.10.24 and 29.7.2). The
// commands' help texts are in texts.ts (loaded when help is printed).

import type { CommandSpec, Version } from '../types.ts';
import * as V from '../values.ts';
import { A, cmd, flag, group } from './dsl.ts';

// ---------------------------------------------------------------- volume

export function volumeGroup(v: Version): CommandSpec {
  const v29 = v === '29';
  const swarm = { version: '1.42', swarm: 'manager' };
  const create = cmd({
    use: 'create [OPTIONS] [VOLUME]',
    args: A.max(1),
    flags: [
      flag.string('driver', 'd', 'local'),
      flag.string('name', '', '', { hidden: true }),
      flag.map('opt', 'o'),
      flag.list('label', '', { validate: V.validateLabel }),
      ...(v29
        ? [
            flag.string('group', '', '', swarm),
            flag.string('scope', '', 'single', swarm),
            flag.string('sharing', '', 'none', swarm),
            flag.string('availability', '', 'active', swarm),
            flag.string('type', '', 'block', swarm),
            flag.map('secret', '', swarm),
            flag.bytes('limit-bytes', '', { ...swarm, validate: V.memBytes(v) }),
            flag.bytes('required-bytes', '', { ...swarm, validate: V.memBytes(v) }),
            flag.list('topology-required', '', swarm),
            flag.list('topology-preferred', '', swarm),
          ]
        : []),
    ],
  });
  const inspect = cmd({
    use: 'inspect [OPTIONS] VOLUME [VOLUME...]',
    args: A.min(1),
    flags: [flag.string('format', 'f')],
  });
  const ls = cmd({
    use: 'ls [OPTIONS]',
    aliases: ['list'],
    args: A.none,
    flags: [
      flag.bool('quiet', 'q'),
      flag.string('format', ''),
      flag.filter('filter', 'f'),
      ...(v29 ? [flag.bool('cluster', '', false, swarm)] : []),
    ],
  });
  const rm = cmd({
    use: 'rm [OPTIONS] VOLUME [VOLUME...]',
    aliases: ['remove'],
    args: A.min(1),
    flags: [flag.bool('force', 'f', false, { version: '1.25' })],
  });
  const prune = cmd({
    use: 'prune [OPTIONS]',
    args: A.none,
    version: '1.25',
    flags: v29
      ? [
          flag.bool('all', 'a', false, { version: '1.42' }),
          flag.bool('force', 'f'),
          flag.filter('filter', ''),
        ]
      : [flag.bool('force', 'f'), flag.filter('filter', '')],
  });
  const subs = [create, inspect, ls, rm, prune];
  if (v29) {
    subs.push(
      cmd({
        use: 'update [OPTIONS] [VOLUME]',
        args: A.exact(1),
        version: '1.42',
        swarm: 'manager',
        stub: true,
      }),
    );
  }
  return group({ use: 'volume COMMAND', version: '1.21' }, subs);
}

// ---------------------------------------------------------------- system

export function eventsCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'events [OPTIONS]',
    args: A.none,
    ...(v29 ? { aliasesAnnotation: 'docker system events, docker events' } : {}),
    flags: [
      flag.string('since', ''),
      flag.string('until', ''),
      flag.filter('filter', 'f'),
      flag.string('format', ''),
    ],
  });
}

export function infoCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'info [OPTIONS]',
    args: A.none,
    ...(v29 ? { categoryTop: '12', aliasesAnnotation: 'docker system info, docker info' } : {}),
    flags: [flag.string('format', 'f')],
  });
}

export function inspectCommand(): CommandSpec {
  return cmd({
    use: 'inspect [OPTIONS] NAME|ID [NAME|ID...]',
    args: A.min(1),
    flags: [
      flag.string('format', 'f'),
      flag.string('type', ''),
      flag.bool('size', 's'),
    ],
  });
}

export function versionCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'version [OPTIONS]',
    args: A.none,
    ...(v29 ? { categoryTop: '10' } : {}),
    flags: v29
      ? [flag.string('format', 'f')]
      : [flag.string('format', 'f'), flag.string('kubeconfig', '')],
  });
}

export function systemGroup(v: Version): CommandSpec {
  return group({ use: 'system' }, [
    eventsCommand(v),
    infoCommand(v),
    cmd({
      use: 'df [OPTIONS]',
      args: A.none,
      version: '1.25',
      flags: [
        flag.bool('verbose', 'v'),
        flag.string('format', ''),
      ],
    }),
    cmd({
      use: 'prune [OPTIONS]',
      args: A.none,
      version: '1.25',
      flags: [
        flag.bool('force', 'f'),
        flag.bool('all', 'a'),
        flag.bool('volumes', ''),
        flag.filter('filter', '', { version: '1.28' }),
      ],
    }),
    cmd({
      use: 'dial-stdio',
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
      args: A.max(1),
      ...(v29 ? { categoryTop: '8' } : {}),
      flags: [
        flag.string('username', 'u'),
        flag.string('password', 'p'),
        flag.bool('password-stdin', ''),
      ],
    }),
    cmd({
      use: 'logout [SERVER]',
      args: A.max(1),
      ...(v29 ? { categoryTop: '9' } : {}),
    }),
    cmd({
      use: 'search [OPTIONS] TERM',
      args: A.exact(1),
      ...(v29 ? { categoryTop: '10' } : {}),
      flags: [
        flag.bool('no-trunc', ''),
        flag.filter('filter', 'f'),
        flag.int('limit', '', v29 ? 0 : 25),
        flag.string('format', ''),
      ],
    }),
  ];
}
