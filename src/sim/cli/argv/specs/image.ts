// docker/cli cli/command/image (20.10.24 and 29.7.2).

import type { CommandSpec, FlagSpec, Version } from '../types.ts';
import * as V from '../values.ts';
import { helpText } from './container.ts';
import { A, cmd, f, group, variant } from './dsl.ts';

const { FORMAT_HELP_29, INSPECT_FORMAT_HELP_29 } = helpText;

function al(v: Version, aliases: string): Partial<CommandSpec> {
  return v === '29' ? { aliasesAnnotation: aliases } : {};
}

function deprecatedTrust29(): FlagSpec {
  return f.bool('disable-content-trust', '', 'Skip image verification (deprecated)', true, {
    deprecated: 'support for docker content trust was removed',
  });
}

export function buildCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  const noBk = v29 ? {} : { noBuildkit: true };
  const flags: FlagSpec[] = [
    f.list('tag', 't', v29 ? 'Name and optionally a tag in the "name:tag" format' : "Name and optionally a tag in the 'name:tag' format", {
      validate: V.validateTag(v),
    }),
    f.list('build-arg', '', 'Set build-time variables', { validate: V.validateEnv }),
    f.ulimit('ulimit', '', 'Ulimit options', { validate: V.validateUlimit, ...noBk }),
    f.string('file', 'f', v29 ? 'Name of the Dockerfile (Default is "PATH/Dockerfile")' : "Name of the Dockerfile (Default is 'PATH/Dockerfile')"),
    f.bytes('memory', 'm', 'Memory limit', { validate: V.memBytes(v), ...noBk }),
    f.bytes(
      'memory-swap',
      '',
      v29 ? 'Swap limit equal to memory plus swap: -1 to enable unlimited swap' : "Swap limit equal to memory plus swap: '-1' to enable unlimited swap",
      { validate: V.memSwapBytes(v), ...noBk },
    ),
    f.bytes('shm-size', '', v29 ? 'Size of "/dev/shm"' : 'Size of /dev/shm', { validate: V.memBytes(v), ...noBk }),
    f.int64('cpu-shares', 'c', 'CPU shares (relative weight)', 0, noBk),
    f.int64('cpu-period', '', 'Limit the CPU CFS (Completely Fair Scheduler) period', 0, noBk),
    f.int64('cpu-quota', '', 'Limit the CPU CFS (Completely Fair Scheduler) quota', 0, noBk),
    f.string('cpuset-cpus', '', 'CPUs in which to allow execution (0-3, 0,1)', '', noBk),
    f.string('cpuset-mems', '', 'MEMs in which to allow execution (0-3, 0,1)', '', noBk),
    f.string(
      'cgroup-parent',
      '',
      v29 ? 'Set the parent cgroup for the "RUN" instructions during build' : 'Optional parent cgroup for the container',
      '',
      noBk,
    ),
    f.string('isolation', '', 'Container isolation technology'),
    f.list('label', '', 'Set metadata for an image', { validate: V.validateLabel }),
    f.bool('no-cache', '', 'Do not use cache when building the image'),
    f.bool('rm', '', 'Remove intermediate containers after a successful build', true, noBk),
    f.bool('force-rm', '', 'Always remove intermediate containers', false, noBk),
    f.bool('quiet', 'q', 'Suppress the build output and print image ID on success'),
    f.bool('pull', '', 'Always attempt to pull a newer version of the image'),
    f.stringSlice('cache-from', '', 'Images to consider as cache sources'),
    f.bool('compress', '', 'Compress the build context using gzip', false, noBk),
    f.stringSlice('security-opt', '', 'Security options', [], noBk),
    f.string('network', '', 'Set the networking mode for the RUN instructions during build', 'default', { version: '1.25' }),
    f.list('add-host', '', v29 ? 'Add a custom host-to-IP mapping ("host:ip")' : 'Add a custom host-to-IP mapping (host:ip)', {
      validate: V.validateExtraHost(v),
    }),
    f.string('target', '', 'Set the target build stage to build.'),
    f.string('iidfile', '', 'Write the image ID to the file'),
    v29 ? deprecatedTrust29() : f.bool('disable-content-trust', '', 'Skip image verification', true),
    f.string('platform', '', 'Set platform if server is multi-platform capable', '', v29 ? { version: '1.38' } : { version: '1.38', buildkit: true }),
    f.bool('squash', '', 'Squash newly built layers into a single new layer', false, { experimental: true, version: '1.25' }),
  ];
  if (!v29) {
    flags.push(
      f.bool('stream', '', 'Stream attaches to server to negotiate build context', false, { hidden: true }),
      f.string('progress', '', 'Set type of progress output (auto, plain, tty). Use plain to show container output', 'auto', {
        buildkit: true,
      }),
      f.stringArray('secret', '', 'Secret file to expose to the build (only if BuildKit enabled): id=mysecret,src=/local/secret', [], {
        version: '1.39',
        buildkit: true,
      }),
      f.stringArray(
        'ssh',
        '',
        'SSH agent socket or keys to expose to the build (only if BuildKit enabled) (format: default|<id>[=<socket>|<key>[,<key>]])',
        [],
        { version: '1.39', buildkit: true },
      ),
      f.stringArray('output', 'o', 'Output destination (format: type=local,dest=path)', [], { version: '1.40', buildkit: true }),
    );
  }
  return cmd({
    use: 'build [OPTIONS] PATH | URL | -',
    short: 'Build an image from a Dockerfile',
    args: A.exact(1),
    ...(v29 ? { categoryTop: '4', aliasesAnnotation: 'docker image build, docker build, docker builder build' } : {}),
    flags,
  });
}

function historyCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'history [OPTIONS] IMAGE',
    short: 'Show the history of an image',
    args: A.exact(1),
    ...al(v, 'docker image history, docker history'),
    flags: [
      f.bool('human', 'H', 'Print sizes and dates in human readable format', true),
      f.bool('quiet', 'q', 'Only show image IDs'),
      f.bool('no-trunc', '', "Don't truncate output"),
      f.string('format', '', v29 ? FORMAT_HELP_29 : 'Pretty-print images using a Go template'),
      ...(v29
        ? [
            f.string('platform', '', 'Show history for the given platform. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")', '', {
              version: '1.48',
            }),
          ]
        : []),
    ],
  });
}

function importCommand(v: Version): CommandSpec {
  return cmd({
    use: 'import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]',
    short: 'Import the contents from a tarball to create a filesystem image',
    args: A.min(1),
    ...al(v, 'docker image import, docker import'),
    flags: [
      f.list('change', 'c', 'Apply Dockerfile instruction to the created image'),
      f.string('message', 'm', 'Set commit message for imported image'),
      f.string('platform', '', 'Set platform if server is multi-platform capable', '', { version: '1.32' }),
    ],
  });
}

function inspectCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'inspect [OPTIONS] IMAGE [IMAGE...]',
    short: 'Display detailed information on one or more images',
    args: A.min(1),
    flags: [
      f.string('format', 'f', v29 ? INSPECT_FORMAT_HELP_29 : 'Format the output using the given Go template'),
      ...(v29
        ? [
            f.string(
              'platform',
              '',
              `Inspect a specific platform of the multi-platform image.
If the image or the server is not multi-platform capable, the command will error out if the platform does not match.
'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)`,
              '',
              { version: '1.49' },
            ),
          ]
        : []),
    ],
  });
}

export function imagesCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'images [OPTIONS] [REPOSITORY[:TAG]]',
    short: 'List images',
    args: A.max(1),
    ...(v29 ? { categoryTop: '7', aliasesAnnotation: 'docker image ls, docker image list, docker images' } : {}),
    flags: [
      f.bool('quiet', 'q', 'Only show image IDs'),
      f.bool('all', 'a', v29 ? 'Show all images (default hides intermediate and dangling images)' : 'Show all images (default hides intermediate images)'),
      f.bool('no-trunc', '', "Don't truncate output"),
      f.bool('digests', '', 'Show digests'),
      f.string('format', '', v29 ? FORMAT_HELP_29 : 'Pretty-print images using a Go template'),
      f.filter('filter', 'f', 'Filter output based on conditions provided'),
      ...(v29 ? [f.bool('tree', '', 'List multi-platform images as a tree (EXPERIMENTAL)', false, { version: '1.47' })] : []),
    ],
  });
}

function loadCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'load [OPTIONS]',
    short: 'Load an image from a tar archive or STDIN',
    args: A.none,
    ...al(v, 'docker image load, docker load'),
    flags: [
      f.string('input', 'i', 'Read from tar archive file, instead of STDIN'),
      f.bool('quiet', 'q', 'Suppress the load output'),
      ...(v29
        ? [
            f.stringSlice(
              'platform',
              '',
              'Load only the given platform(s). Formatted as a comma-separated list of "os[/arch[/variant]]" (e.g., "linux/amd64,linux/arm64/v8").',
              [],
              { version: '1.48' },
            ),
          ]
        : []),
    ],
  });
}

function pruneCommand(v: Version): CommandSpec {
  return cmd({
    use: 'prune [OPTIONS]',
    short: 'Remove unused images',
    args: A.none,
    version: '1.25',
    flags: [
      f.bool('force', 'f', 'Do not prompt for confirmation'),
      f.bool('all', 'a', 'Remove all unused images, not just dangling ones'),
      f.filter('filter', '', v === '29' ? 'Provide filter values (e.g. "until=<timestamp>")' : "Provide filter values (e.g. 'until=<timestamp>')"),
    ],
  });
}

export function pullCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'pull [OPTIONS] NAME[:TAG|@DIGEST]',
    short: v29 ? 'Download an image from a registry' : 'Pull an image or a repository from a registry',
    args: A.exact(1),
    ...(v29 ? { categoryTop: '5', aliasesAnnotation: 'docker image pull, docker pull' } : {}),
    flags: [
      f.bool('all-tags', 'a', 'Download all tagged images in the repository'),
      f.bool('quiet', 'q', 'Suppress verbose output'),
      ...(v29
        ? [deprecatedTrust29(), f.string('platform', '', 'Set platform if server is multi-platform capable', '', { version: '1.32' })]
        : [
            f.string('platform', '', 'Set platform if server is multi-platform capable', '', { version: '1.32' }),
            f.bool('disable-content-trust', '', 'Skip image verification', true),
          ]),
    ],
  });
}

export function pushCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'push [OPTIONS] NAME[:TAG]',
    short: v29 ? 'Upload an image to a registry' : 'Push an image or a repository to a registry',
    args: A.exact(1),
    ...(v29 ? { categoryTop: '6', aliasesAnnotation: 'docker image push, docker push' } : {}),
    flags: [
      f.bool('all-tags', 'a', v29 ? 'Push all tags of an image to the repository' : 'Push all tagged images in the repository'),
      f.bool('quiet', 'q', 'Suppress verbose output'),
      ...(v29
        ? [
            deprecatedTrust29(),
            f.string(
              'platform',
              '',
              `Push a platform-specific manifest as a single-platform image to the registry.
Image index won't be pushed, meaning that other manifests, including attestations won't be preserved.
'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)`,
              '',
              { version: '1.46' },
            ),
          ]
        : [f.bool('disable-content-trust', '', 'Skip image signing', true)]),
    ],
  });
}

export function rmiCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'rmi [OPTIONS] IMAGE [IMAGE...]',
    short: 'Remove one or more images',
    args: A.min(1),
    ...al(v, 'docker image rm, docker image remove, docker rmi'),
    flags: [
      f.bool('force', 'f', 'Force removal of the image'),
      f.bool('no-prune', '', 'Do not delete untagged parents'),
      ...(v29
        ? [
            f.stringSlice('platform', '', 'Remove only the given platform variant. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")', [], {
              version: '1.50',
            }),
          ]
        : []),
    ],
  });
}

function saveCommand(v: Version): CommandSpec {
  const v29 = v === '29';
  return cmd({
    use: 'save [OPTIONS] IMAGE [IMAGE...]',
    short: 'Save one or more images to a tar archive (streamed to STDOUT by default)',
    args: A.min(1),
    ...al(v, 'docker image save, docker save'),
    flags: [
      f.string('output', 'o', 'Write to a file, instead of STDOUT'),
      ...(v29
        ? [
            f.stringSlice(
              'platform',
              '',
              'Save only the given platform(s). Formatted as a comma-separated list of "os[/arch[/variant]]" (e.g., "linux/amd64,linux/arm64/v8")',
              [],
              { version: '1.48' },
            ),
          ]
        : []),
    ],
  });
}

function tagCommand(v: Version): CommandSpec {
  return cmd({
    use: 'tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
    short: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE',
    args: A.exact(2),
    interspersed: false,
    ...al(v, 'docker image tag, docker tag'),
  });
}

export function imageGroup(v: Version): CommandSpec {
  return group({ use: 'image', short: 'Manage images' }, [
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
    pruneCommand(v),
  ]);
}

/** Top-level image commands other than build/pull/push/images (registered separately). */
export function imageTopLevel(v: Version): CommandSpec[] {
  return [historyCommand(v), importCommand(v), loadCommand(v), rmiCommand(v), saveCommand(v), tagCommand(v)];
}
