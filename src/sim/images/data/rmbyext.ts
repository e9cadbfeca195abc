/**
 * fhsinchy/rmbyext (freeCodeCamp Docker handbook): python:3-alpine + the rmbyext
 * script, WORKDIR /zone, ENTRYPOINT ["rmbyext"]. /usr/local/bin/rmbyext has exe tag
 * `rmbyext` (it deletes files by extension in the working directory, printing
 * "Removing: PDF" etc.).
 */
import type { ImageSpec } from '../catalog.ts';
import { PYTHON_ENV, PYTHON_HISTORY, PYTHON_LAYERS } from './python.ts';

export const images: readonly ImageSpec[] = [
  {
    repo: 'fhsinchy/rmbyext',
    tags: ['latest'],
    created: '2023-12-20T10:14:26.839251733Z',
    config: { Env: PYTHON_ENV, Entrypoint: ['rmbyext'], WorkingDir: '/zone' },
    history: [
      ...PYTHON_HISTORY,
      ['2023-12-20T10:14:20.110382954Z', '/bin/sh -c #(nop) WORKDIR /zone'],
      ['2023-12-20T10:14:26.612377285Z', '/bin/sh -c apk add --no-cache git &&     pip install git+https://github.com/fhsinchy/rmbyext.git#egg=rmbyext &&     apk del git'],
      ['2023-12-20T10:14:26.839251733Z', '/bin/sh -c #(nop)  ENTRYPOINT ["rmbyext"]', 1],
    ],
    docker_version: '24.0.7',
    layers: [
      ...PYTHON_LAYERS,
      { key: 'fhsinchy/rmbyext/workdir', size: 0, compressed: 93, listing: 'd /zone' },
      {
        key: 'fhsinchy/rmbyext/install',
        size: 2_768_337,
        compressed: 1_143_221,
        listing: 'x /usr/local/bin/rmbyext 220 exe=rmbyext\n~ /usr/local/lib/python3.12/site-packages/rmbyext/__init__.py\n~ /root/.cache/pip/http/2/0/a/5/3/cache.body',
      },
    ],
  },
];
