/** registry:2 (2.8.3): alpine 3.18 + the registry binary. VOLUME /var/lib/registry, EXPOSE 5000. */
import type { ImageSpec } from '../catalog.ts';
import { ALPINE_3_18 } from './alpine.ts';

const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const CONFIG_YML = `version: 0.1
log:
  fields:
    service: registry
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: /var/lib/registry
http:
  addr: :5000
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: true
    interval: 10s
    threshold: 3
`;

const ENTRYPOINT = `#!/bin/sh

set -e

case "$1" in
    *.yaml|*.yml) set -- registry serve "$@" ;;
    serve|garbage-collect|help|-*) set -- registry "$@" ;;
esac

exec "$@"
`;

export const images: readonly ImageSpec[] = [
  {
    repo: 'library/registry',
    tags: ['latest', '2', '2.8', '2.8.3'],
    created: '2023-12-01T20:31:44.203744366Z',
    config: {
      Env: [PATH],
      Entrypoint: ['/entrypoint.sh'],
      Cmd: ['/etc/docker/registry/config.yml'],
      ExposedPorts: { '5000/tcp': {} },
      Volumes: { '/var/lib/registry': {} },
    },
    history: [
      ['2023-11-30T23:23:08.095563471Z', '/bin/sh -c #(nop) ADD file:9a4f77dfaba7fd2aa78186e4ef0e7486ad55101cefc1fabbc1b385601bb38920 in / '],
      ['2023-11-30T23:23:08.290449883Z', '/bin/sh -c #(nop)  CMD ["/bin/sh"]', 1],
      ['2023-12-01T20:31:42.402517337Z', '/bin/sh -c apk add --no-cache ca-certificates'],
      ['2023-12-01T20:31:43.173930016Z', '/bin/sh -c #(nop) COPY file:4c5c4f8e3e6bd0b1d5b8c93e7b6a8f3f6bb9e1cf0f1dcf7ff1c7b3a7f57d1d3a in /bin/registry '],
      ['2023-12-01T20:31:43.349652339Z', '/bin/sh -c #(nop) COPY file:1a2bfa8f8b7c7a0d4b8cf0cc2ef2cfd40c2df6f0e27d6b3fc2fb0e3c8eec4e57 in /etc/docker/registry/config.yml '],
      ['2023-12-01T20:31:43.436584921Z', '/bin/sh -c #(nop)  VOLUME [/var/lib/registry]', 1],
      ['2023-12-01T20:31:43.522547101Z', '/bin/sh -c #(nop)  EXPOSE 5000', 1],
      ['2023-12-01T20:31:43.611744573Z', '/bin/sh -c #(nop) COPY file:507caa54f88c1f3862e5876e09a108b2083630ba24c57ad124e356a2de861d62 in /entrypoint.sh '],
      ['2023-12-01T20:31:43.700743958Z', '/bin/sh -c #(nop)  ENTRYPOINT ["/entrypoint.sh"]', 1],
      ['2023-12-01T20:31:44.203744366Z', '/bin/sh -c #(nop)  CMD ["/etc/docker/registry/config.yml"]', 1],
    ],
    docker_version: '20.10.23',
    layers: [
      ALPINE_3_18,
      { key: 'registry:2.8.3/ca-certificates', size: 684_129, compressed: 282_519, listing: '~ /etc/ssl/certs/ca-certificates.crt\nd /usr/share/ca-certificates/mozilla' },
      { key: 'registry:2.8.3/binary', size: 17_380_281, compressed: 6_051_374, listing: 'x /bin/registry 17380281 exe=registry' },
      { key: 'registry:2.8.3/config', size: CONFIG_YML.length, compressed: 367, listing: 't /etc/docker/registry/config.yml', contents: { '/etc/docker/registry/config.yml': CONFIG_YML } },
      { key: 'registry:2.8.3/entrypoint', size: ENTRYPOINT.length, compressed: 279, listing: 't /entrypoint.sh 755', contents: { '/entrypoint.sh': ENTRYPOINT } },
    ],
  },
];
