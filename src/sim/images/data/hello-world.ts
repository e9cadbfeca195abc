/**
 * hello-world: one 13.3kB layer holding the static program /hello (exe tag
 * `hello`; its output is HELLO_WORLD_MESSAGE, for the programs layer), CMD ["/hello"].
 */
import type { ImageSpec } from '../catalog.ts';

/** What /hello prints (stdout), byte for byte (amd64 build). */
export const HELLO_WORLD_MESSAGE = `
Hello from Docker!
This message shows that your installation appears to be working correctly.

To generate this message, Docker took the following steps:
 1. The Docker client contacted the Docker daemon.
 2. The Docker daemon pulled the "hello-world" image from the Docker Hub.
    (amd64)
 3. The Docker daemon created a new container from that image which runs the
    executable that produces the output you are currently reading.
 4. The Docker daemon streamed that output to the Docker client, which sent it
    to your terminal.

To try something more ambitious, you can run an Ubuntu container with:
 $ docker run -it ubuntu bash

Share images, automate workflows, and more with a free Docker ID:
 https://hub.docker.com/

For more examples and ideas, visit:
 https://docs.docker.com/get-started/

`;

export const images: readonly ImageSpec[] = [
  {
    repo: 'library/hello-world',
    tags: ['latest', 'linux'],
    created: '2023-05-02T16:49:27.171246857Z',
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['/hello'], WorkingDir: '/' },
    history: [
      ['2023-05-02T16:49:27Z', 'COPY hello / # buildkit', 0, 'buildkit.dockerfile.v0'],
      ['2023-05-02T16:49:27.171246857Z', 'CMD ["/hello"]', 1, 'buildkit.dockerfile.v0'],
    ],
    layers: [{ key: 'hello-world:2023-05', size: 13256, compressed: 2479, listing: 'x /hello 13256 exe=hello' }],
    platforms: [
      { os: 'linux', architecture: 'arm', variant: 'v7' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
      { os: 'windows', architecture: 'amd64' },
    ],
  },
];
