/** alpine: busybox (musl) as /bin/busybox with applet links, apk, /etc/os-release. */
import type { ImageSpec, LayerSpec } from '../catalog.ts';
import { ALPINE_DIRS, ALPINE_PASSWD, alpineBusyboxLinks } from './linux.ts';

const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const ALPINE_GROUP = `root:x:0:root
bin:x:1:root,bin,daemon
daemon:x:2:root,bin,daemon
sys:x:3:root,bin,adm
adm:x:4:root,adm,daemon
tty:x:5:
disk:x:6:root,adm
lp:x:7:lp
kmem:x:9:
wheel:x:10:root
floppy:x:11:root
mail:x:12:mail
news:x:13:news
uucp:x:14:uucp
cron:x:16:cron
audio:x:18:
cdrom:x:19:
dialout:x:20:root
ftp:x:21:
sshd:x:22:
input:x:23:
tape:x:26:root
video:x:27:root
netdev:x:28:
kvm:x:34:kvm
games:x:35:
www-data:x:82:
users:x:100:games
nogroup:x:65533:
nobody:x:65534:
`;

/** The rootfs layer of an Alpine release. */
export function alpineRootfs(version: string, size: number, compressed: number): LayerSpec {
  return {
    key: `alpine:${version}`,
    size,
    compressed,
    listing: `${ALPINE_DIRS}
${alpineBusyboxLinks()}
t /etc/alpine-release
t /etc/group
t /etc/hostname
t /etc/hosts
t /etc/issue
t /etc/os-release
t /etc/passwd
t /etc/profile
t /etc/shells
x /lib/ld-musl-x86_64.so.1 666728
l /lib/libc.musl-x86_64.so.1 ld-musl-x86_64.so.1
~ /lib/libcrypto.so.3 755
~ /lib/libssl.so.3 755
~ /lib/libz.so.1.3 755
x /sbin/apk 68152 exe=apk
~ /usr/lib/libapk.so.2.14.0 755
~ /etc/ssl/certs/ca-certificates.crt
d /lib/apk/db`,
    contents: {
      '/etc/alpine-release': `${version}\n`,
      '/etc/group': ALPINE_GROUP,
      '/etc/hostname': 'localhost\n',
      '/etc/hosts': '127.0.0.1\tlocalhost localhost.localdomain\n::1\t\tlocalhost localhost.localdomain\n',
      '/etc/issue': `Welcome to Alpine Linux ${version.split('.').slice(0, 2).join('.')}\nKernel \\r on an \\m (\\l)\n\n`,
      '/etc/os-release': `NAME="Alpine Linux"\nID=alpine\nVERSION_ID=${version}\nPRETTY_NAME="Alpine Linux v${version.split('.').slice(0, 2).join('.')}"\nHOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n`,
      '/etc/passwd': ALPINE_PASSWD,
      '/etc/profile': 'export CHARSET=UTF-8\nexport LANG=C.UTF-8\nexport PAGER=less\nexport PS1=\'\\h:\\w\\$ \'\numask 022\n\nfor script in /etc/profile.d/*.sh ; do\n\tif [ -r "$script" ] ; then\n\t\t. "$script"\n\tfi\ndone\nunset script\n',
      '/etc/shells': '# valid login shells\n/bin/sh\n/bin/ash\n',
    },
  };
}

export const ALPINE_3_19 = alpineRootfs('3.19.0', 7_377_384, 3_408_729);
export const ALPINE_3_18 = alpineRootfs('3.18.5', 7_334_690, 3_401_613);

export const images: readonly ImageSpec[] = [
  {
    repo: 'library/alpine',
    tags: ['latest', '3', '3.19', '3.19.0'],
    created: '2023-12-08T01:20:49.933084011Z',
    config: { Env: [PATH], Cmd: ['/bin/sh'] },
    history: [
      ['2023-12-08T01:20:49.689318232Z', '/bin/sh -c #(nop) ADD file:1f4eb46669b5b6275af19eb7471a6899a61c276aa7d925b8ae99310b14b75b92 in / '],
      ['2023-12-08T01:20:49.933084011Z', '/bin/sh -c #(nop)  CMD ["/bin/sh"]', 1],
    ],
    docker_version: '20.10.23',
    layers: [ALPINE_3_19],
  },
  {
    repo: 'library/alpine',
    tags: ['3.18', '3.18.5'],
    created: '2023-11-30T23:23:08.290449883Z',
    config: { Env: [PATH], Cmd: ['/bin/sh'] },
    history: [
      ['2023-11-30T23:23:08.095563471Z', '/bin/sh -c #(nop) ADD file:9a4f77dfaba7fd2aa78186e4ef0e7486ad55101cefc1fabbc1b385601bb38920 in / '],
      ['2023-11-30T23:23:08.290449883Z', '/bin/sh -c #(nop)  CMD ["/bin/sh"]', 1],
    ],
    docker_version: '20.10.23',
    layers: [ALPINE_3_18],
  },
];
