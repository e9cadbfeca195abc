/** node: 20.10.0 (20, lts, iron) and 21.5.0 (latest, 21) on buildpack-deps:bookworm. CMD ["node"]. */
import type { ImageSpec, LayerSpec } from '../catalog.ts';
import { BOOKWORM } from './debian.ts';
import { DEBIAN_GROUP, DEBIAN_PASSWD } from './linux.ts';

const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const BK = 'buildkit.dockerfile.v0';

const CURL: LayerSpec = {
  key: 'buildpack-deps:bookworm-curl-20231219',
  size: 24_047_915,
  compressed: Math.round(24_047_915 * 0.8),
  listing: 'x /usr/bin/curl 284800 exe=curl\nx /usr/bin/wget 514472 exe=wget\n~ /usr/lib/x86_64-linux-gnu/libcurl.so.4.8.0\n~ /usr/lib/x86_64-linux-gnu/libgnutls.so.30.34.3\n~ /etc/ssl/certs/ca-certificates.crt',
};
const SCM: LayerSpec = {
  key: 'buildpack-deps:bookworm-scm-20231219',
  size: 64_142_331,
  compressed: Math.round(64_142_331 * 0.38),
  listing: 'x /usr/bin/git 3862184 exe=git\nx /usr/bin/ssh 872792 exe=ssh\n~ /usr/lib/git-core/git-daemon 755\n~ /usr/lib/python3/dist-packages/mercurial/__init__.py\n~ /usr/lib/x86_64-linux-gnu/libsvn_subr-1.so.1.0.0',
};
const FULL: LayerSpec = {
  key: 'buildpack-deps:bookworm-20231219',
  size: 699_054_873,
  compressed: Math.round(699_054_873 * 0.36),
  listing: 'x /usr/bin/gcc-12 1005368 exe=gcc\nl /usr/bin/gcc gcc-12\nx /usr/bin/make 256256 exe=make\nx /usr/bin/python3.11 6831736 exe=python3\n~ /usr/lib/gcc/x86_64-linux-gnu/12/cc1 755\n~ /usr/lib/gcc/x86_64-linux-gnu/12/cc1plus 755\n~ /usr/lib/x86_64-linux-gnu/libLLVM-14.so.1\n~ /usr/include/x86_64-linux-gnu/bits/types.h\n~ /usr/lib/x86_64-linux-gnu/libmagickcore-6.q16-6.so.6.0.0\n~ /usr/lib/x86_64-linux-gnu/perl/5.36.0/auto/POSIX/POSIX.so',
};

function nodeLayers(version: string, nodeSize: number): LayerSpec[] {
  return [
    BOOKWORM,
    CURL,
    SCM,
    FULL,
    {
      key: `node:${version}/user`,
      size: 3_331,
      compressed: 1_254,
      listing: 't /etc/passwd\nt /etc/group\n~ /etc/shadow 640\nd /home/node 755 1000:1000',
      contents: { '/etc/passwd': DEBIAN_PASSWD + 'node:x:1000:1000::/home/node:/bin/bash\n', '/etc/group': DEBIAN_GROUP + 'node:x:1000:\n' },
    },
    {
      key: `node:${version}/node`,
      size: nodeSize,
      compressed: Math.round(nodeSize * 0.33),
      listing: `x /usr/local/bin/node 96173688 exe=node\nl /usr/local/bin/npm ../lib/node_modules/npm/bin/npm-cli.js\nl /usr/local/bin/npx ../lib/node_modules/npm/bin/npx-cli.js\nl /usr/local/bin/nodejs node\n~ /usr/local/lib/node_modules/npm/node_modules/node-gyp/gyp/pylib/gyp/generator/make.py\n~ /usr/local/include/node/v8-internal.h\n~ /usr/local/share/doc/node/gdbinit`,
    },
    { key: `node:${version}/yarn`, size: 5_336_201, compressed: 1_260_019, listing: 'l /usr/local/bin/yarn /opt/yarn-v1.22.19/bin/yarn\nl /usr/local/bin/yarnpkg /opt/yarn-v1.22.19/bin/yarnpkg\n~ /opt/yarn-v1.22.19/lib/cli.js' },
    { key: `node:${version}/entrypoint`, size: 388, compressed: 450, listing: 'x /usr/local/bin/docker-entrypoint.sh 388 exe=node-entrypoint' },
  ];
}

function nodeImage(tags: string[], version: string, created: string, nodeSize: number): ImageSpec {
  return {
    repo: 'library/node',
    tags,
    created,
    config: { Env: [PATH, `NODE_VERSION=${version}`, 'YARN_VERSION=1.22.19'], Entrypoint: ['docker-entrypoint.sh'], Cmd: ['node'] },
    history: [
      ['2023-12-19T01:20:36.116787946Z', '/bin/sh -c #(nop) ADD file:ac3ba7f1a9bd8bbbe6e8de23fa89cf5f80b4d1d4b4fbc7d6bd00b5e1c2f6a46f in / '],
      ['2023-12-19T01:20:36.548513614Z', '/bin/sh -c #(nop)  CMD ["bash"]', 1],
      ['2023-12-19T04:49:37Z', 'RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tca-certificates \t\tcurl \t\tgnupg \t\tnetbase \t\tsq \t\twget \t; \trm -rf /var/lib/apt/lists/* # buildkit', 0, BK],
      ['2023-12-19T04:50:04Z', 'RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tgit \t\tmercurial \t\topenssh-client \t\tsubversion \t\t\t\tprocps \t; \trm -rf /var/lib/apt/lists/* # buildkit', 0, BK],
      ['2023-12-19T04:51:31Z', 'RUN /bin/sh -c set -ex; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tautoconf \t\tautomake \t\tbzip2 \t\tdpkg-dev \t\tfile \t\tg++ \t\tgcc \t\timagemagick \t\tlibbz2-dev \t\tlibc6-dev \t\tlibcurl4-openssl-dev # buildkit', 0, BK],
      [created, 'RUN /bin/sh -c groupadd --gid 1000 node   && useradd --uid 1000 --gid node --shell /bin/bash --create-home node # buildkit', 0, BK],
      [created, `ENV NODE_VERSION=${version}`, 1, BK],
      [created, 'RUN /bin/sh -c ARCH= && dpkgArch="$(dpkg --print-architecture)"   && case "${dpkgArch##*-}" in     amd64) ARCH=\'x64\';;     ppc64el) ARCH=\'ppc64le\';;     s390x) ARCH=\'s390x\';;     arm64) ARCH=\'arm64\';;     armhf) ARCH=\'armv7l\';;     i386) ARCH=\'x86\';;     *) echo "unsupported architecture"; exit 1 ;;   esac # buildkit', 0, BK],
      [created, 'ENV YARN_VERSION=1.22.19', 1, BK],
      [created, 'RUN /bin/sh -c set -ex   && for key in     6A010C5166006599AA17F08146C2130DFD2497F5   ; do gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys "$key"; done # buildkit', 0, BK],
      [created, 'COPY docker-entrypoint.sh /usr/local/bin/ # buildkit', 0, BK],
      [created, 'ENTRYPOINT ["docker-entrypoint.sh"]', 1, BK],
      [created, 'CMD ["node"]', 1, BK],
    ],
    layers: nodeLayers(version, nodeSize),
  };
}

export const images: readonly ImageSpec[] = [
  nodeImage(['20', 'lts', '20.10.0', 'iron'], '20.10.0', '2023-12-19T06:25:14Z', 188_143_920),
  nodeImage(['latest', '21'], '21.5.0', '2023-12-20T03:02:41Z', 194_661_102),
];
