// docker/cli cli/command/image (20.10.24 and 29.7.2). The commands' help texts are
// in texts.ts (loaded when help is printed).

import type { CommandSpec, FlagSpec, Version } from '../types.ts';
import * as V from '../values.ts';
import { A, cmd, flag, group, variant } from './dsl.ts';

function al(v: Version, aliases: string): Partial<CommandSpec> {
  return v === '29' ? { aliasesAnnotation: aliases } : {};
}

function deprecatedTrust29(): FlagSpec {
  return flag.bool('disable-content-trust', '', true, { deprecated: 'support for docker content trust was removed' });
}

export function buildCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  const noBk = v29 ? {} : { noBuildkit: true };
  const flags: FlagSpec[] = [
    flag.list('tag', 't', { validate: V.validateTag(v) }),
    flag.list('build-arg', '', { validate: V.validateEnv }),
    flag.ulimit('ulimit', '', { validate: V.validateUlimit, ...noBk }),
    flag.string('file', 'f'),
    flag.bytes('memory', 'm', { validate: V.memBytes(v), ...noBk }),
    flag.bytes('memory-swap', '', { validate: V.memSwapBytes(v), ...noBk }),
    flag.bytes('shm-size', '', { validate: V.memBytes(v), ...noBk }),
    flag.int64('cpu-shares', 'c', 0, noBk),
    flag.int64('cpu-period', '', 0, noBk),
    flag.int64('cpu-quota', '', 0, noBk),
    flag.string('cpuset-cpus', '', '', noBk),
    flag.string('cpuset-mems', '', '', noBk),
    flag.string('cgroup-parent', '', '', noBk),
    flag.string('isolation', ''),
    flag.list('label', '', { validate: V.validateLabel }),
    flag.bool('no-cache', ''),
    flag.bool('rm', '', true, noBk),
    flag.bool('force-rm', '', false, noBk),
    flag.bool('quiet', 'q'),
    flag.bool('pull', ''),
    flag.stringSlice('cache-from', ''),
    flag.bool('compress', '', false, noBk),
    flag.stringSlice('security-opt', '', [], noBk),
    flag.string('network', '', 'default', { version: '1.25' }),
    flag.list('add-host', '', { validate: V.validateExtraHost(v) }),
    flag.string('target', ''),
    flag.string('iidfile', ''),
    v29 ? deprecatedTrust29() : flag.bool('disable-content-trust', '', true),
    flag.string('platform', '', '', v29 ? { version: '1.38' } : { version: '1.38', buildkit: true }),
    flag.bool('squash', '', false, { experimental: true, version: '1.25' }),
  ];
  if (!v29) {
    flags.push(
      flag.bool('stream', '', false, { hidden: true }),
      flag.string('progress', '', 'auto', { buildkit: true }),
      flag.stringArray('secret', '', [], { version: '1.39', buildkit: true }),
      flag.stringArray('ssh', '', [], { version: '1.39', buildkit: true }),
      flag.stringArray('output', 'o', [], { version: '1.40', buildkit: true }),
    );
  }
  return cmd({
    use: 'build [OPTIONS] PATH | URL | -',
    args: A.exact(1),
    ...(v29 ? { categoryTop: '4', aliasesAnnotation: 'docker image build, docker build, docker builder build' } : {}),
    flags,
  });
}

function historyCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'history [OPTIONS] IMAGE',
    args: A.exact(1),
    ...al(v, 'docker image history, docker history'),
    flags: [
      flag.bool('human', 'H', true),
      flag.bool('quiet', 'q'),
      flag.bool('no-trunc', ''),
      flag.string('format', ''),
      ...(v29
        ? [
            flag.string('platform', '', '', { version: '1.48' }),
          ]
        : []),
    ],
  });
}

function importCommand(v: Version): CommandSpec {
  return cmd({
    use: 'import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]',
    args: A.min(1),
    ...al(v, 'docker image import, docker import'),
    flags: [
      flag.list('change', 'c'),
      flag.string('message', 'm'),
      flag.string('platform', '', '', { version: '1.32' }),
    ],
  });
}

function inspectCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'inspect [OPTIONS] IMAGE [IMAGE...]',
    args: A.min(1),
    flags: [
      flag.string('format', 'f'),
      ...(v29
        ? [
            flag.string('platform', '', '', { version: '1.49' }),
          ]
        : []),
    ],
  });
}

export function imagesCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'images [OPTIONS] [REPOSITORY[:TAG]]',
    args: A.max(1),
    ...(v29 ? { categoryTop: '7', aliasesAnnotation: 'docker image ls, docker image list, docker images' } : {}),
    flags: [
      flag.bool('quiet', 'q'),
      flag.bool('all', 'a'),
      flag.bool('no-trunc', ''),
      flag.bool('digests', ''),
      flag.string('format', ''),
      flag.filter('filter', 'f'),
      ...(v29 ? [flag.bool('tree', '', false, { version: '1.47' })] : []),
    ],
  });
}

function loadCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'load [OPTIONS]',
    args: A.none,
    ...al(v, 'docker image load, docker load'),
    flags: [
      flag.string('input', 'i'),
      flag.bool('quiet', 'q'),
      ...(v29
        ? [
            flag.stringSlice('platform', '', [], { version: '1.48' }),
          ]
        : []),
    ],
  });
}

function pruneCommand(): CommandSpec {
  return cmd({
    use: 'prune [OPTIONS]',
    args: A.none,
    version: '1.25',
    flags: [
      flag.bool('force', 'f'),
      flag.bool('all', 'a'),
      flag.filter('filter', ''),
    ],
  });
}

export function pullCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'pull [OPTIONS] NAME[:TAG|@DIGEST]',
    args: A.exact(1),
    ...(v29 ? { categoryTop: '5', aliasesAnnotation: 'docker image pull, docker pull' } : {}),
    flags: [
      flag.bool('all-tags', 'a'),
      flag.bool('quiet', 'q'),
      ...(v29
        ? [deprecatedTrust29(), flag.string('platform', '', '', { version: '1.32' })]
        : [
            flag.string('platform', '', '', { version: '1.32' }),
            flag.bool('disable-content-trust', '', true),
          ]),
    ],
  });
}

export function pushCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'push [OPTIONS] NAME[:TAG]',
    args: A.exact(1),
    ...(v29 ? { categoryTop: '6', aliasesAnnotation: 'docker image push, docker push' } : {}),
    flags: [
      flag.bool('all-tags', 'a'),
      flag.bool('quiet', 'q'),
      ...(v29
        ? [
            deprecatedTrust29(),
            flag.string('platform', '', '', { version: '1.46' }),
          ]
        : [flag.bool('disable-content-trust', '', true)]),
    ],
  });
}

export function rmiCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'rmi [OPTIONS] IMAGE [IMAGE...]',
    args: A.min(1),
    ...al(v, 'docker image rm, docker image remove, docker rmi'),
    flags: [
      flag.bool('force', 'f'),
      flag.bool('no-prune', ''),
      ...(v29
        ? [
            flag.stringSlice('platform', '', [], { version: '1.50' }),
          ]
        : []),
    ],
  });
}

function saveCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'save [OPTIONS] IMAGE [IMAGE...]',
    args: A.min(1),
    ...al(v, 'docker image save, docker save'),
    flags: [
      flag.string('output', 'o'),
      ...(v29
        ? [
            flag.stringSlice('platform', '', [], { version: '1.48' }),
          ]
        : []),
    ],
  });
}

function tagCommand(v: Version): CommandSpec {
  return cmd({
    use: 'tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
    args: A.exact(2),
    interspersed: false,
    ...al(v, 'docker image tag, docker tag'),
  });
}

export function imageGroup(v: Version): CommandSpec {
  return group({ use: 'image' }, [
    buildCommand(v),
    historyCommand(v),
    importCommand(v),
    loadCommand(v),
    pullCommand(v),
    pushCommand(v),
    saveCommand(v),
    tagCommand(v),
    variant(imagesCommand(v), { use: 'ls [OPTIONS] [REPOSITORY[:TAG]]', aliases: ['list'] }),
    variant(rmiCommand(v), { use: 'rm [OPTIONS] IMAGE [IMAGE...]', aliases: ['rmi', 'remove'] }),
    inspectCommand(v),
    pruneCommand(),
  ]);
}

/** Top-level image commands other than build/pull/push/images (registered separately). */
export function imageTopLevel(v: Version): CommandSpec[] {
  return [historyCommand(v), importCommand(v), loadCommand(v), rmiCommand(v), saveCommand(v), tagCommand(v)];
}
