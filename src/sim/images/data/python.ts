/** python:3-alpine (3.12.1 on alpine 3.19): the base of fhsinchy/rmbyext. CMD ["python3"]. */
import type { ImageSpec, LayerSpec } from '../catalog.ts';
import { ALPINE_3_19 } from './alpine.ts';

const BK = 'buildkit.dockerfile.v0';
const T = '2023-12-09T02:11:44Z';

export const PYTHON_ENV = [
  'PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  'LANG=C.UTF-8',
  'GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305',
  'PYTHON_VERSION=3.12.1',
  'PYTHON_PIP_VERSION=23.2.1',
  'PYTHON_GET_PIP_URL=https://github.com/pypa/get-pip/raw/4cfa4081d27285bda1220a62a5ebf5b4bd749cdb/public/get-pip.py',
  'PYTHON_GET_PIP_SHA256=9cc01665956d22b3bf057ae8287b035827bfd895da235bcea200ab3b811790b6',
];

export const PYTHON_LAYERS: LayerSpec[] = [
  ALPINE_3_19,
  { key: 'python:3.12.1-alpine3.19/deps', size: 1_418_730, compressed: 624_211, listing: '~ /usr/share/zoneinfo/zone1970.tab\n~ /etc/ssl/certs/ca-certificates.crt' },
  {
    key: 'python:3.12.1-alpine3.19/python',
    size: 42_682_114,
    compressed: 12_916_348,
    listing: 'x /usr/local/bin/python3.12 17184 exe=python3\nl /usr/local/bin/python3 python3.12\nx /usr/local/bin/pip3 228 exe=pip\n~ /usr/local/lib/libpython3.12.so.1.0 755\n~ /usr/local/lib/python3.12/site-packages/pip/_vendor/rich/_emoji_codes.py\n~ /usr/local/lib/python3.12/lib-dynload/_ssl.cpython-312-x86_64-linux-musl.so 755',
  },
  { key: 'python:3.12.1-alpine3.19/links', size: 32, compressed: 230, listing: 'l /usr/local/bin/idle idle3\nl /usr/local/bin/pydoc pydoc3\nl /usr/local/bin/python python3\nl /usr/local/bin/python-config python3-config' },
];

export const PYTHON_HISTORY: ImageSpec['history'] = [
  ['2023-12-08T01:20:49.689318232Z', '/bin/sh -c #(nop) ADD file:1f4eb46669b5b6275af19eb7471a6899a61c276aa7d925b8ae99310b14b75b92 in / '],
  ['2023-12-08T01:20:49.933084011Z', '/bin/sh -c #(nop)  CMD ["/bin/sh"]', 1],
  [T, 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 1, BK],
  [T, 'ENV LANG=C.UTF-8', 1, BK],
  [T, 'RUN /bin/sh -c set -eux; \tapk add --no-cache \t\tca-certificates \t\ttzdata \t; # buildkit', 0, BK],
  [T, 'ENV GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305', 1, BK],
  [T, 'ENV PYTHON_VERSION=3.12.1', 1, BK],
  [T, 'RUN /bin/sh -c set -eux; \t\tapk add --no-cache --virtual .build-deps \t\tgnupg \t\ttar \t\txz \t\t\t\tbluez-dev \t\tbzip2-dev \t\tdpkg-dev dpkg \t\texpat-dev \t\tfindutils \t\tgcc # buildkit', 0, BK],
  [T, 'RUN /bin/sh -c set -eux; \tfor src in idle3 pydoc3 python3 python3-config; do \t\tdst="$(echo "$src" | tr -d 3)"; \t\t[ -s "/usr/local/bin/$src" ]; \t\t[ ! -e "/usr/local/bin/$dst" ]; \t\tln -svT "$src" "/usr/local/bin/$dst"; \tdone # buildkit', 0, BK],
  [T, 'ENV PYTHON_PIP_VERSION=23.2.1', 1, BK],
  [T, 'ENV PYTHON_GET_PIP_URL=https://github.com/pypa/get-pip/raw/4cfa4081d27285bda1220a62a5ebf5b4bd749cdb/public/get-pip.py', 1, BK],
  [T, 'ENV PYTHON_GET_PIP_SHA256=9cc01665956d22b3bf057ae8287b035827bfd895da235bcea200ab3b811790b6', 1, BK],
  [T, 'CMD ["python3"]', 1, BK],
];

export const images: readonly ImageSpec[] = [
  {
    repo: 'library/python',
    tags: ['3-alpine', '3.12-alpine', 'alpine'],
    created: T,
    config: { Env: PYTHON_ENV, Cmd: ['python3'] },
    history: PYTHON_HISTORY,
    layers: PYTHON_LAYERS,
  },
];
