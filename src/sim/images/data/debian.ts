/** debian: bookworm (latest, 12), bookworm-slim (nginx's base), bullseye (11), buster (10). */
import type { ImageSpec, LayerSpec } from '../catalog.ts';
import { DEBIAN_GROUP, DEBIAN_PASSWD, gnuUserland } from './linux.ts';

const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function osRelease(v: string, codename: string): string {
  return `PRETTY_NAME="Debian GNU/Linux ${v} (${codename})"
NAME="Debian GNU/Linux"
VERSION_ID="${v}"
VERSION="${v} (${codename})"
VERSION_CODENAME=${codename}
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;
}

/** A Debian rootfs layer (also used as the base of nginx and node). */
export function debianRootfs(key: string, size: number, compressed: number, v: string, codename: string, point: string, merged: boolean): LayerSpec {
  return {
    key,
    size,
    compressed,
    listing: `${gnuUserland({ merged, bashSize: 1_265_648, omit: ['perl'] })}
t /etc/os-release
t /etc/passwd
t /etc/group
t /etc/debian_version
t /etc/hostname
d /etc/apt/sources.list.d
~ /usr/lib/x86_64-linux-gnu/libc.so.6 755
~ /usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30
~ /usr/lib/locale/C.utf8/LC_COLLATE
~ /var/lib/dpkg/status
~ /var/cache/debconf/templates.dat`,
    contents: {
      '/etc/os-release': osRelease(v, codename),
      '/etc/passwd': DEBIAN_PASSWD,
      '/etc/group': DEBIAN_GROUP,
      '/etc/debian_version': `${point}\n`,
      '/etc/hostname': 'buildkitsandbox\n',
    },
  };
}

export const BOOKWORM = debianRootfs('debian:bookworm-20231218', 116_536_873, 49_552_614, '12', 'bookworm', '12.4', true);
export const BOOKWORM_SLIM = debianRootfs('debian:bookworm-20231218-slim', 74_762_142, 29_152_427, '12', 'bookworm', '12.4', true);
const BULLSEYE = debianRootfs('debian:bullseye-20231218', 124_053_811, 55_052_346, '11', 'bullseye', '11.8', false);
const BUSTER = debianRootfs('debian:buster-20231218', 114_076_251, 50_557_183, '10', 'buster', '10.13', false);

function debian(tags: string[], created: string, addCreated: string, file: string, layer: LayerSpec): ImageSpec {
  return {
    repo: 'library/debian',
    tags,
    created,
    config: { Env: [PATH], Cmd: ['bash'] },
    history: [
      [addCreated, `/bin/sh -c #(nop) ADD file:${file} in / `],
      [created, '/bin/sh -c #(nop)  CMD ["bash"]', 1],
    ],
    docker_version: '20.10.23',
    layers: [layer],
  };
}

export const images: readonly ImageSpec[] = [
  debian(['latest', 'bookworm', '12', '12.4'], '2023-12-19T01:20:36.548513614Z', '2023-12-19T01:20:36.116787946Z', 'ac3ba7f1a9bd8bbbe6e8de23fa89cf5f80b4d1d4b4fbc7d6bd00b5e1c2f6a46f', BOOKWORM),
  debian(['bookworm-slim'], '2023-12-19T01:20:59.806427497Z', '2023-12-19T01:20:59.413016223Z', 'e2feda9e61c7a9a4b8e4e7a3c6e5ef58e7a7d3ea72d9c0f5c7df1c0d0b0c5b3e', BOOKWORM_SLIM),
  debian(['bullseye', '11'], '2023-12-19T01:21:16.204011537Z', '2023-12-19T01:21:15.799446364Z', '5a3b8b9d1ce7e5cfe1d0f8a3e2e3d8c4b1a1f3bc7df8e5f0a3a4a1f5b9e0e6d2', BULLSEYE),
  debian(['buster', '10'], '2023-12-19T01:21:33.027167245Z', '2023-12-19T01:21:32.648522146Z', '0d9a6c17a1ce96b7dbc2f3f0c6b9b8e8f5d4f2d3b5e7c6a9a2c8f1e3b4d5a6f7', BUSTER),
];
