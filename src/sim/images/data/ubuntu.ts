/** ubuntu: 22.04 (latest), 20.04, 16.04, 14.10, 12.04 — bash as /bin/bash (exe `bash`), GNU userland. */
import type { ImageSpec, LayerSpec } from '../catalog.ts';
import { DEBIAN_GROUP, DEBIAN_PASSWD, gnuUserland } from './linux.ts';

const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function osRelease(version: string, codename: string, pretty: string): string {
  const [major] = version.split('.');
  const lts = ['12.04', '14.04', '16.04', '18.04', '20.04', '22.04'].includes(version);
  return `NAME="Ubuntu"
VERSION="${pretty.replace('Ubuntu ', '')}"
ID=ubuntu
ID_LIKE=debian
PRETTY_NAME="${pretty}"
VERSION_ID="${version}"
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
${Number(major) >= 18 ? 'PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"\n' : ''}VERSION_CODENAME=${codename}
${Number(major) >= 16 ? `UBUNTU_CODENAME=${codename}\n` : ''}${lts && Number(major) >= 20 ? '' : ''}`;
}

function rootfs(key: string, size: number, compressed: number, merged: boolean, bash: number, os: string): LayerSpec {
  return {
    key,
    size,
    compressed,
    listing: `${gnuUserland({ merged, bashSize: bash })}
t /etc/os-release
t /etc/passwd
t /etc/group
t /etc/hostname
t /etc/debian_version
d /etc/apt/sources.list.d
~ /usr/lib/x86_64-linux-gnu/libc.so.6 755
~ /usr/lib/x86_64-linux-gnu/libcrypto.so.3
~ /usr/lib/locale/C.utf8/LC_COLLATE
~ /usr/share/perl/5.34/unicore/Name.pl
~ /var/lib/dpkg/status
~ /var/cache/debconf/templates.dat`,
    contents: {
      '/etc/os-release': os,
      '/etc/passwd': DEBIAN_PASSWD,
      '/etc/group': DEBIAN_GROUP,
      '/etc/hostname': 'buildkitsandbox\n',
      '/etc/debian_version': 'bookworm/sid\n',
    },
  };
}

const POLICY_RC = `#!/bin/sh
exit 101
`;

/** The small "docker tweaks" layer of the old Ubuntu images (policy-rc.d, apt config). */
function tweaks(key: string): LayerSpec {
  return {
    key,
    size: 811,
    compressed: 745,
    listing: 't /usr/sbin/policy-rc.d 755\nt /sbin/initctl 755\nt /etc/dpkg/dpkg.cfg.d/docker-apt-speedup\n~ /etc/apt/apt.conf.d/docker-clean',
    contents: {
      '/usr/sbin/policy-rc.d': POLICY_RC,
      '/sbin/initctl': '#!/bin/sh\nexit 0\n',
      '/etc/dpkg/dpkg.cfg.d/docker-apt-speedup': 'force-unsafe-io\n',
    },
  };
}

const TWEAKS =
  "/bin/sh -c set -xe \t\t&& echo '#!/bin/sh' > /usr/sbin/policy-rc.d \t&& echo 'exit 101' >> /usr/sbin/policy-rc.d \t&& chmod +x /usr/sbin/policy-rc.d \t\t&& dpkg-divert --local --rename --add /sbin/initctl \t&& cp -a /usr/sbin/policy-rc.d /sbin/initctl \t&& sed -i 's/^exit.*/exit 0/' /sbin/initctl \t\t&& echo 'force-unsafe-io' > /etc/dpkg/dpkg.cfg.d/docker-apt-speedup \t\t&& echo 'DPkg::Post-Invoke { \"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true\"; };' > /etc/apt/apt.conf.d/docker-clean";

const SYSTEMD = {
  key: '',
  size: 7,
  compressed: 162,
  listing: 't /run/systemd/container',
  contents: { '/run/systemd/container': 'docker\n' },
};

function labels(version: string) {
  return { 'org.opencontainers.image.ref.name': 'ubuntu', 'org.opencontainers.image.version': version };
}

export const images: readonly ImageSpec[] = [
  {
    repo: 'library/ubuntu',
    tags: ['latest', '22.04', 'jammy'],
    created: '2023-12-12T11:38:57.515917611Z',
    config: { Env: [PATH], Cmd: ['/bin/bash'], Labels: labels('22.04') },
    history: [
      ['2023-12-12T11:38:54.837287024Z', '/bin/sh -c #(nop)  ARG RELEASE', 1],
      ['2023-12-12T11:38:54.897574402Z', '/bin/sh -c #(nop)  ARG LAUNCHPAD_BUILD_ARCH', 1],
      ['2023-12-12T11:38:54.973103425Z', '/bin/sh -c #(nop)  LABEL org.opencontainers.image.ref.name=ubuntu', 1],
      ['2023-12-12T11:38:55.048719296Z', '/bin/sh -c #(nop)  LABEL org.opencontainers.image.version=22.04', 1],
      ['2023-12-12T11:38:57.260758329Z', '/bin/sh -c #(nop) ADD file:3bd10da0673e2ee9a3b9b5a0a5b1b48e1f0c4b4e2dc2b5ef2f5d8d6b0d7a3a11 in / '],
      ['2023-12-12T11:38:57.515917611Z', '/bin/sh -c #(nop)  CMD ["/bin/bash"]', 1],
    ],
    docker_version: '24.0.5',
    layers: [rootfs('ubuntu:jammy-20231211.1', 77_812_539, 29_545_111, true, 1_396_520, osRelease('22.04', 'jammy', 'Ubuntu 22.04.3 LTS'))],
  },
  {
    repo: 'library/ubuntu',
    tags: ['20.04', 'focal'],
    created: '2023-12-12T11:39:06.102447393Z',
    config: { Env: [PATH], Cmd: ['/bin/bash'], Labels: labels('20.04') },
    history: [
      ['2023-12-12T11:39:03.526457028Z', '/bin/sh -c #(nop)  ARG RELEASE', 1],
      ['2023-12-12T11:39:03.592185613Z', '/bin/sh -c #(nop)  ARG LAUNCHPAD_BUILD_ARCH', 1],
      ['2023-12-12T11:39:03.664713402Z', '/bin/sh -c #(nop)  LABEL org.opencontainers.image.ref.name=ubuntu', 1],
      ['2023-12-12T11:39:03.735632845Z', '/bin/sh -c #(nop)  LABEL org.opencontainers.image.version=20.04', 1],
      ['2023-12-12T11:39:05.856781563Z', '/bin/sh -c #(nop) ADD file:63d5ab3ef0aab308c0e71cb67292c5467f60deafa9b0418cbb220affcd078444 in / '],
      ['2023-12-12T11:39:06.102447393Z', '/bin/sh -c #(nop)  CMD ["/bin/bash"]', 1],
    ],
    docker_version: '24.0.5',
    layers: [rootfs('ubuntu:focal-20231211', 72_788_451, 27_510_371, true, 1_183_448, osRelease('20.04', 'focal', 'Ubuntu 20.04.6 LTS'))],
  },
  {
    repo: 'library/ubuntu',
    tags: ['16.04', 'xenial'],
    created: '2021-08-31T01:21:30.672229355Z',
    config: { Env: [PATH], Cmd: ['/bin/bash'] },
    history: [
      ['2021-08-31T01:21:27.397908406Z', '/bin/sh -c #(nop) ADD file:11b425d4c08e81a3e0cb2e0345d27cd5fc844dd83f1096af4cc05f635824ff5d in / '],
      ['2021-08-31T01:21:28.361436911Z', TWEAKS],
      ['2021-08-31T01:21:29.255935648Z', '/bin/sh -c rm -rf /var/lib/apt/lists/*'],
      ['2021-08-31T01:21:30.426016003Z', "/bin/sh -c mkdir -p /run/systemd && echo 'docker' > /run/systemd/container"],
      ['2021-08-31T01:21:30.672229355Z', '/bin/sh -c #(nop)  CMD ["/bin/bash"]', 1],
    ],
    docker_version: '20.10.7',
    layers: [
      rootfs('ubuntu:xenial-20210804', 134_756_918, 46_497_548, false, 1_037_528, osRelease('16.04', 'xenial', 'Ubuntu 16.04.7 LTS')),
      tweaks('ubuntu:xenial-20210804/tweaks'),
      { key: 'ubuntu:xenial-20210804/rm-lists', size: 0, compressed: 32, listing: 'd /var/lib/apt/lists' },
      { ...SYSTEMD, key: 'ubuntu:xenial-20210804/systemd' },
    ],
  },
  {
    repo: 'library/ubuntu',
    tags: ['14.10', 'utopic'],
    created: '2015-07-07T14:52:06.582136541Z',
    config: { Env: [PATH], Cmd: ['/bin/bash'] },
    history: [
      ['2015-07-07T14:52:01.114402134Z', '/bin/sh -c #(nop) ADD file:6b1b0a2f8a2b5b4ef4f6e52bb2ad1c0e1e3a3e4a9e71e0c5f7a7d36e34d4d5f7 in / '],
      ['2015-07-07T14:52:03.817046711Z', TWEAKS],
      ['2015-07-07T14:52:05.356780912Z', "/bin/sh -c sed -i 's/^#\\s*\\(deb.*universe\\)$/\\1/g' /etc/apt/sources.list"],
      ['2015-07-07T14:52:06.582136541Z', '/bin/sh -c #(nop) CMD ["/bin/bash"]', 1],
    ],
    docker_version: '1.6.2',
    layers: [
      rootfs('ubuntu:utopic-20150625', 194_422_135, 67_285_112, false, 1_021_112, osRelease('14.10', 'utopic', 'Ubuntu 14.10')),
      tweaks('ubuntu:utopic-20150625/tweaks'),
      { key: 'ubuntu:utopic-20150625/universe', size: 1_895, compressed: 678, listing: '~ /etc/apt/sources.list' },
    ],
  },
  {
    repo: 'library/ubuntu',
    tags: ['12.04', 'precise'],
    created: '2017-04-24T20:49:24.372358519Z',
    config: { Env: [PATH], Cmd: ['/bin/bash'] },
    history: [
      ['2017-04-24T20:49:20.116431581Z', '/bin/sh -c #(nop) ADD file:5b8e3d79c5da51ff6ee6ad6a5d5e8d2d6ea0a9e2e1b7b35a7bd2a2b2d5c2c1a9 in / '],
      ['2017-04-24T20:49:21.357734016Z', TWEAKS],
      ['2017-04-24T20:49:22.297434016Z', '/bin/sh -c rm -rf /var/lib/apt/lists/*'],
      ['2017-04-24T20:49:23.219816342Z', "/bin/sh -c sed -i 's/^#\\s*\\(deb.*universe\\)$/\\1/g' /etc/apt/sources.list"],
      ['2017-04-24T20:49:24.079101581Z', "/bin/sh -c mkdir -p /run/systemd && echo 'docker' > /run/systemd/container"],
      ['2017-04-24T20:49:24.372358519Z', '/bin/sh -c #(nop)  CMD ["/bin/bash"]', 1],
    ],
    docker_version: '17.03.1-ce',
    layers: [
      rootfs('ubuntu:precise-20170331', 103_598_003, 39_088_442, false, 975_488, osRelease('12.04', 'precise', 'Ubuntu precise (12.04.5 LTS)')),
      tweaks('ubuntu:precise-20170331/tweaks'),
      { key: 'ubuntu:precise-20170331/rm-lists', size: 0, compressed: 32, listing: 'd /var/lib/apt/lists' },
      { key: 'ubuntu:precise-20170331/universe', size: 1_895, compressed: 678, listing: '~ /etc/apt/sources.list' },
      { ...SYSTEMD, key: 'ubuntu:precise-20170331/systemd' },
    ],
  },
];
