// The `docker` root command, its global flags, and the command tree of each version.
// Commands the simulator does not model are listed as stubs (name, subcommands; their
// short texts are in texts.ts with the others) so that help listings and lookups
// match the real CLI.

import type { CommandSpec, FlagSpec, Version } from '../types.ts';
import { containerGroup, containerTopLevel, execCommand, psCommand, runCommand, statsCommand } from './container.ts';
import { A, cmd, flag, group, link, stub, stubGroup } from './dsl.ts';
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
  return flag.bool('help', 'h', false, { hidden: true, shorthandDeprecated: v === '29' ? 'use --help' : 'please use --help' });
}

function globalFlags(v: Version, configDir: string): FlagSpec[] {
  const v29 = v === '29';
  const tls = (name: string, file: string): FlagSpec =>
    flag.string(name, '', `${configDir}/${file}`, v29 ? {} : { custom: true });
  return [
    flag.string('config', '', configDir),
    flag.bool('debug', 'D'),
    flag.string('log-level', 'l', 'info'),
    flag.bool('tls', ''),
    flag.bool('tlsverify', ''),
    tls('tlscacert', 'ca.pem'),
    tls('tlscert', 'cert.pem'),
    tls('tlskey', 'key.pem'),
    v29
      ? flag.string('host', 'H', '', { custom: true, once: 'specify only one -H' })
      : flag.list('host', 'H'),
    flag.string('context', 'c'),
    flag.bool('version', 'v'),
  ];
}

type StubRow = [use: string, aliases?: string[]];
function rows(list: StubRow[]): CommandSpec[] {
  return list.map(([use, aliases]) => stub(use, aliases ? { aliases } : {}));
}

function stubs(v: Version): CommandSpec[] {
  const v29 = v === '29';
  const swarmMgr = v29 ? { version: '1.24', swarm: 'manager' } : {};
  const out: CommandSpec[] = [
    stubGroup(
      'checkpoint',
      rows([
        ['create [OPTIONS] CONTAINER CHECKPOINT'],
        ['ls [OPTIONS] CONTAINER', ['list']],
        ['rm [OPTIONS] CONTAINER CHECKPOINT', ['remove']],
      ]),
      { experimental: true, ostype: 'linux', version: '1.25' },
    ),
    stubGroup(
      'config',
      rows([
        ['create [OPTIONS] CONFIG file|-'],
        ['inspect [OPTIONS] CONFIG [CONFIG...]'],
        ['ls [OPTIONS]', ['list']],
        ['rm CONFIG [CONFIG...]', ['remove']],
      ]),
      v29 ? { version: '1.30', swarm: 'manager' } : { version: '1.30' },
    ),
    stubGroup(
      'context',
      rows([
        ['create [OPTIONS] CONTEXT'],
        [
          'export [OPTIONS] CONTEXT [FILE|-]',
        ],
        ['import CONTEXT FILE|-'],
        ['inspect [OPTIONS] [CONTEXT] [CONTEXT...]'],
        ['ls [OPTIONS]', ['list']],
        ['rm CONTEXT [CONTEXT...]', ['remove']],
        ...(v29 ? ([['show']] as StubRow[]) : []),
        ['update [OPTIONS] CONTEXT'],
        ['use CONTEXT'],
      ]),
    ),
    stubGroup(
      'manifest COMMAND',
      rows([
        ['annotate [OPTIONS] MANIFEST_LIST MANIFEST'],
        ['create MANIFEST_LIST MANIFEST [MANIFEST...]'],
        ['inspect [OPTIONS] [MANIFEST_LIST] MANIFEST'],
        ['push [OPTIONS] MANIFEST_LIST'],
        ['rm MANIFEST_LIST [MANIFEST_LIST...]'],
      ]),
      { experimentalCLI: true },
    ),
    stubGroup(
      'network',
      rows([
        ['connect [OPTIONS] NETWORK CONTAINER'],
        ['create [OPTIONS] NETWORK'],
        ['disconnect [OPTIONS] NETWORK CONTAINER'],
        ['inspect [OPTIONS] NETWORK [NETWORK...]'],
        ['ls [OPTIONS]', ['list']],
        ['prune [OPTIONS]'],
        ['rm NETWORK [NETWORK...]', ['remove']],
      ]),
      { version: '1.21' },
    ),
    stubGroup(
      'node',
      rows([
        ['demote NODE [NODE...]'],
        ['inspect [OPTIONS] self|NODE [NODE...]'],
        ['ls [OPTIONS]', ['list']],
        ['promote NODE [NODE...]'],
        ['ps [OPTIONS] [NODE...]'],
        ['rm [OPTIONS] NODE [NODE...]', ['remove']],
        ['update [OPTIONS] NODE'],
      ]),
      swarmMgr,
    ),
    stubGroup(
      'plugin',
      rows([
        [
          'create [OPTIONS] PLUGIN PLUGIN-DATA-DIR',
        ],
        ['disable [OPTIONS] PLUGIN'],
        ['enable [OPTIONS] PLUGIN'],
        ['inspect [OPTIONS] PLUGIN [PLUGIN...]'],
        ['install [OPTIONS] PLUGIN [KEY=VALUE...]'],
        ['ls [OPTIONS]', ['list']],
        ['push [OPTIONS] PLUGIN[:TAG]'],
        ['rm [OPTIONS] PLUGIN [PLUGIN...]', ['remove']],
        ['set PLUGIN KEY=VALUE [KEY=VALUE...]'],
        ['upgrade [OPTIONS] PLUGIN [REMOTE]'],
      ]),
      { version: '1.25' },
    ),
    stubGroup(
      'secret',
      rows([
        ['create [OPTIONS] SECRET [file|-]'],
        ['inspect [OPTIONS] SECRET [SECRET...]'],
        ['ls [OPTIONS]', ['list']],
        ['rm SECRET [SECRET...]', ['remove']],
      ]),
      v29 ? { version: '1.25', swarm: 'manager' } : { version: '1.25' },
    ),
    stubGroup(
      'service',
      rows([
        ['create [OPTIONS] IMAGE [COMMAND] [ARG...]'],
        ['inspect [OPTIONS] SERVICE [SERVICE...]'],
        ['logs [OPTIONS] SERVICE|TASK'],
        ['ls [OPTIONS]', ['list']],
        ['ps [OPTIONS] SERVICE [SERVICE...]'],
        ['rm SERVICE [SERVICE...]', ['remove']],
        ['rollback [OPTIONS] SERVICE'],
        ['scale SERVICE=REPLICAS [SERVICE=REPLICAS...]'],
        ['update [OPTIONS] SERVICE'],
      ]),
      swarmMgr,
    ),
    stubGroup(
      'stack [OPTIONS]',
      rows([
        ...(v29 ? ([['config [OPTIONS]']] as StubRow[]) : []),
        ['deploy [OPTIONS] STACK', ['up']],
        ['ls [OPTIONS]', ['list']],
        ['ps [OPTIONS] STACK'],
        ['rm [OPTIONS] STACK [STACK...]', ['remove']],
        ['services [OPTIONS] STACK'],
      ]),
      v29
        ? { version: '1.25', swarm: 'manager' }
        : { version: '1.25', persistentFlags: [flag.string('orchestrator', '')] },
    ),
    stubGroup(
      'swarm',
      rows([
        ['ca [OPTIONS]'],
        ['init [OPTIONS]'],
        ['join [OPTIONS] HOST:PORT'],
        ['join-token [OPTIONS] (worker|manager)'],
        ['leave [OPTIONS]'],
        ['unlock'],
        ['unlock-key [OPTIONS]'],
        ['update [OPTIONS]'],
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
        [
          stubGroup(
            'key',
            rows([
              ['generate NAME'],
              ['load [OPTIONS] KEYFILE'],
            ]),
          ),
          stubGroup(
            'signer',
            rows([
              ['add OPTIONS NAME REPOSITORY [REPOSITORY...] '],
              ['remove [OPTIONS] NAME REPOSITORY [REPOSITORY...]'],
            ]),
          ),
          ...rows([
            ['inspect IMAGE[:TAG] [IMAGE[:TAG]...]'],
            ['revoke [OPTIONS] IMAGE[:TAG]'],
            ['sign IMAGE:TAG'],
          ]),
        ],
      ),
    );
  }
  return out;
}

/** cobra's default `completion` command (visible in Debian's 20.10 build, hidden in 29). */
function completionCommand(v: Version): CommandSpec {
  return stubGroup('completion', rows([['bash'], ['fish'], ['powershell'], ['zsh']]), {
    args: { kind: 'cobraNone' },
    runnable: false,
    hidden: v === '29',
  });
}

/** Builds the whole command tree of a version. */
export function buildTree(v: Version, configDir: string): CommandSpec {
  const v29 = v === '29';
  const builder = group({ use: 'builder', version: '1.31' }, [
    stub('prune', { version: '1.39' }),
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
    inspectCommand(),
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
    cmd({ use: 'help [command]', helpCommand: true }),
  ];
  if (v29) {
    subs.push(
      cmd({
        use: 'bake [OPTIONS] [TARGET...]',
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
    args: A.any,
    flags: globalFlags(v, configDir),
    persistentFlags: [helpFlag(v)],
    subcommands: subs,
  });
  return link(root);
}
