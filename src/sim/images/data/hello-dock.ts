/**
 * fhsinchy/hello-dock (freeCodeCamp Docker handbook): a Vite app built in a node
 * stage and served by nginx:stable-alpine (1.20.1 on alpine 3.14); EXPOSE 80.
 */
import type { ImageSpec, LayerSpec } from '../catalog.ts';
import { alpineRootfs } from './alpine.ts';

const ALPINE_3_14: LayerSpec = alpineRootfs('3.14.2', 5_595_292, 2_814_446);

const INDEX = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <link rel="icon" href="/favicon.ico" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>Hello Dock</title>
    <script type="module" crossorigin src="/assets/index.4d9a7a2c.js"></script>
    <link rel="modulepreload" href="/assets/vendor.6b4d2e2b.js">
    <link rel="stylesheet" href="/assets/index.7c9a6fc5.css">
  </head>
  <body>
    <div id="app"></div>
    
  </body>
</html>
`;

export const images: readonly ImageSpec[] = [
  {
    repo: 'fhsinchy/hello-dock',
    tags: ['latest'],
    created: '2021-10-26T18:37:22.316530872Z',
    config: {
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'NGINX_VERSION=1.20.1', 'NJS_VERSION=0.6.2', 'PKG_RELEASE=1'],
      Entrypoint: ['/docker-entrypoint.sh'],
      Cmd: ['nginx', '-g', 'daemon off;'],
      ExposedPorts: { '80/tcp': {} },
      Labels: { maintainer: 'NGINX Docker Maintainers <docker-maint@nginx.com>' },
      StopSignal: 'SIGQUIT',
    },
    history: [
      ['2021-08-27T17:19:45.553092363Z', '/bin/sh -c #(nop) ADD file:aad4290d27580cc1a094ffaf98c3ca2fc5d699fe695dfb8e6e9fac20f1129450 in / '],
      ['2021-08-27T17:19:45.758611523Z', '/bin/sh -c #(nop)  CMD ["/bin/sh"]', 1],
      ['2021-08-27T18:39:29.131433398Z', '/bin/sh -c #(nop)  LABEL maintainer=NGINX Docker Maintainers <docker-maint@nginx.com>', 1],
      ['2021-08-27T18:39:29.324591574Z', '/bin/sh -c #(nop)  ENV NGINX_VERSION=1.20.1', 1],
      ['2021-08-27T18:39:29.507998117Z', '/bin/sh -c #(nop)  ENV NJS_VERSION=0.6.2', 1],
      ['2021-08-27T18:39:29.690434213Z', '/bin/sh -c #(nop)  ENV PKG_RELEASE=1', 1],
      ['2021-08-27T18:39:42.160372637Z', '/bin/sh -c set -x     && addgroup -g 101 -S nginx     && adduser -S -D -H -u 101 -h /var/cache/nginx -s /sbin/nologin -G nginx -g nginx nginx     && apkArch="$(cat /etc/apk/arch)"'],
      ['2021-08-27T18:39:42.927453283Z', '/bin/sh -c #(nop) COPY file:65504f71f5855ca017fb64d502ce873a31b2e0decd75297a8fb0a287f97acf92 in / '],
      ['2021-08-27T18:39:43.180133425Z', '/bin/sh -c #(nop) COPY file:0b866ff3fc1ef5b03c4e6c8c513ae014f691fb05d530257dfffd07035c1b75da in /docker-entrypoint.d '],
      ['2021-08-27T18:39:43.431839393Z', '/bin/sh -c #(nop) COPY file:0fd5fca330dcd6a7de297435e32af634f29f7132ed0550d342cad9fd20158258 in /docker-entrypoint.d '],
      ['2021-08-27T18:39:43.660938398Z', '/bin/sh -c #(nop) COPY file:09a214a3e07c919af2fb2d7c749ccbc446b8c10eb217366e5a65640ee9edcc25 in /docker-entrypoint.d '],
      ['2021-08-27T18:39:43.878622219Z', '/bin/sh -c #(nop)  ENTRYPOINT ["/docker-entrypoint.sh"]', 1],
      ['2021-08-27T18:39:44.082011412Z', '/bin/sh -c #(nop)  EXPOSE 80', 1],
      ['2021-08-27T18:39:44.274536853Z', '/bin/sh -c #(nop)  STOPSIGNAL SIGQUIT', 1],
      ['2021-08-27T18:39:44.483082939Z', '/bin/sh -c #(nop)  CMD ["nginx" "-g" "daemon off;"]', 1],
      ['2021-10-26T18:37:22.316530872Z', '/bin/sh -c #(nop) COPY dir:1c1d8c1e2b3f35fa3cc5c9e1e0fd3fd0e5a8f1f5d8d3b4a7e3c1d4b6e9a8f7c2 in /usr/share/nginx/html '],
    ],
    docker_version: '20.10.8',
    layers: [
      ALPINE_3_14,
      {
        key: 'nginx:1.20.1-alpine/install',
        size: 17_140_311,
        compressed: 7_037_105,
        listing: 'x /usr/sbin/nginx 1264520 exe=nginx\nf /etc/nginx/nginx.conf 648\nf /etc/nginx/conf.d/default.conf 1093\nd /var/cache/nginx\nl /var/log/nginx/access.log /dev/stdout\nl /var/log/nginx/error.log /dev/stderr\n~ /usr/lib/nginx/modules/ngx_http_js_module.so 755\n~ /usr/lib/libcrypto.so.1.1 755',
      },
      { key: 'nginx:1.20.1-alpine/entrypoint', size: 1_202, compressed: 602, listing: 'x /docker-entrypoint.sh 1202 exe=nginx' },
      { key: 'nginx:1.20.1-alpine/10-listen', size: 1_959, compressed: 894, listing: 'x /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh 1959' },
      { key: 'nginx:1.20.1-alpine/20-envsubst', size: 1_037, compressed: 667, listing: 'x /docker-entrypoint.d/20-envsubst-on-templates.sh 1037' },
      { key: 'nginx:1.20.1-alpine/30-tune', size: 4_613, compressed: 1_396, listing: 'x /docker-entrypoint.d/30-tune-worker-processes.sh 4613' },
      {
        key: 'fhsinchy/hello-dock/dist',
        size: 855_586,
        compressed: 392_015,
        listing: 't /usr/share/nginx/html/index.html\nf /usr/share/nginx/html/favicon.ico 4286\n~ /usr/share/nginx/html/assets/vendor.6b4d2e2b.js\n~ /usr/share/nginx/html/assets/index.4d9a7a2c.js\n~ /usr/share/nginx/html/assets/logo.03d6d6da.png\n~ /usr/share/nginx/html/assets/index.7c9a6fc5.css',
        contents: { '/usr/share/nginx/html/index.html': INDEX },
      },
    ],
  },
];
