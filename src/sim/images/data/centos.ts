/** centos: 7 (also `latest` here), 6.6 (Docker 1.x era, the 000 tutorial's image). */
import type { ImageSpec } from '../catalog.ts';
import { CENTOS_PASSWD, gnuUserland } from './linux.ts';

const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const C7_LABELS = {
  'org.label-schema.build-date': '20201113',
  'org.label-schema.license': 'GPLv2',
  'org.label-schema.name': 'CentOS Base Image',
  'org.label-schema.schema-version': '1.0',
  'org.label-schema.vendor': 'CentOS',
  'org.opencontainers.image.created': '2020-11-13 00:00:00+00:00',
  'org.opencontainers.image.licenses': 'GPL-2.0-only',
  'org.opencontainers.image.title': 'CentOS Base Image',
  'org.opencontainers.image.vendor': 'CentOS',
};

const C7_OS_RELEASE = `NAME="CentOS Linux"
VERSION="7 (Core)"
ID="centos"
ID_LIKE="rhel fedora"
VERSION_ID="7"
PRETTY_NAME="CentOS Linux 7 (Core)"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:centos:centos:7"
HOME_URL="https://www.centos.org/"
BUG_REPORT_URL="https://bugs.centos.org/"

CENTOS_MANTISBT_PROJECT="CentOS-7"
CENTOS_MANTISBT_PROJECT_VERSION="7"
REDHAT_SUPPORT_PRODUCT="centos"
REDHAT_SUPPORT_PRODUCT_VERSION="7"

`;

const CENTOS_GROUP = 'root:x:0:\nbin:x:1:\ndaemon:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\ndisk:x:6:\nlp:x:7:\nmem:x:8:\nkmem:x:9:\nwheel:x:10:\ncdrom:x:11:\nmail:x:12:\nman:x:15:\ndialout:x:18:\nfloppy:x:19:\ngames:x:20:\ntape:x:33:\nvideo:x:39:\nftp:x:50:\nlock:x:54:\naudio:x:63:\nnobody:x:99:\nusers:x:100:\n';

const NO_APT = ['apt', 'apt-get', 'dpkg'];

export const images: readonly ImageSpec[] = [
  {
    repo: 'library/centos',
    tags: ['latest', '7', 'centos7', '7.9.2009'],
    created: '2021-09-15T18:20:05.184694267Z',
    config: { Env: [PATH], Cmd: ['/bin/bash'], Labels: C7_LABELS },
    history: [
      ['2021-09-15T18:20:04.533426013Z', '/bin/sh -c #(nop) ADD file:b3ebbe8bd304723d43b7b44a6d990cd657b63d93d6a2a9293983a30bfc1dfa53 in / '],
      [
        '2021-09-15T18:20:04.969883497Z',
        '/bin/sh -c #(nop)  LABEL org.label-schema.schema-version=1.0 org.label-schema.name=CentOS Base Image org.label-schema.vendor=CentOS org.label-schema.license=GPLv2 org.label-schema.build-date=20201113 org.opencontainers.image.title=CentOS Base Image org.opencontainers.image.vendor=CentOS org.opencontainers.image.licenses=GPL-2.0-only org.opencontainers.image.created=2020-11-13 00:00:00+00:00',
        1,
      ],
      ['2021-09-15T18:20:05.184694267Z', '/bin/sh -c #(nop)  CMD ["/bin/bash"]', 1],
    ],
    docker_version: '20.10.7',
    layers: [
      {
        key: 'centos:7.9.2009',
        size: 203_938_528,
        compressed: 76_097_157,
        listing: `${gnuUserland({ merged: true, bashSize: 964_536, omit: NO_APT, sh: 'bash', extra: ['yum:801', 'rpm:12400'] })}
t /etc/os-release
t /etc/centos-release
l /etc/redhat-release centos-release
l /etc/system-release centos-release
t /etc/passwd
t /etc/group
~ /usr/lib64/libc-2.17.so 755
~ /usr/lib/locale/locale-archive
~ /var/lib/rpm/Packages
~ /usr/lib64/python2.7/lib-dynload/_ssl.so 755
~ /var/cache/yum/x86_64/7/base/gen/primary_db.sqlite`,
        contents: {
          '/etc/os-release': C7_OS_RELEASE,
          '/etc/centos-release': 'CentOS Linux release 7.9.2009 (Core)\n',
          '/etc/passwd': CENTOS_PASSWD,
          '/etc/group': CENTOS_GROUP,
        },
      },
    ],
  },
  {
    repo: 'library/centos',
    tags: ['6.6', 'centos6.6'],
    created: '2015-08-14T20:01:25.964843112Z',
    author: 'The CentOS Project <cloud-ops@centos.org> - ami_creator',
    config: { Env: [PATH], Cmd: ['/bin/bash'] },
    history: [
      ['2015-04-22T05:13:47.072498418Z', '/bin/sh -c #(nop) MAINTAINER The CentOS Project <cloud-ops@centos.org> - ami_creator', 1],
      ['2015-08-14T20:01:25.420916124Z', '/bin/sh -c #(nop) ADD file:5f1dbb4b0cd5c0b8c0a9c0a1a8ea5a1e30dd7b53dd5b8e1f6a6d6b2c3e0fa1b2 in /'],
      ['2015-08-14T20:01:25.964843112Z', '/bin/sh -c #(nop) CMD ["/bin/bash"]', 1],
    ],
    docker_version: '1.6.2',
    layers: [
      {
        key: 'centos:6.6-20150814',
        size: 202_567_384,
        compressed: 70_442_917,
        listing: `${gnuUserland({ merged: false, bashSize: 903_336, omit: NO_APT, sh: 'bash', extra: ['yum:801', 'rpm:12400'] })}
t /etc/centos-release
l /etc/redhat-release centos-release
l /etc/system-release centos-release
t /etc/passwd
t /etc/group
~ /lib64/libc-2.12.so 755
~ /usr/lib/locale/locale-archive
~ /var/lib/rpm/Packages
~ /usr/lib64/python2.6/lib-dynload/_ssl.so 755`,
        contents: {
          '/etc/centos-release': 'CentOS release 6.6 (Final)\n',
          '/etc/passwd': CENTOS_PASSWD,
          '/etc/group': CENTOS_GROUP,
        },
      },
    ],
  },
];
