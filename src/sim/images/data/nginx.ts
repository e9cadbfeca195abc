/**
 * nginx: 1.25.3 on debian bookworm-slim (latest/mainline) and 1.24.0 on alpine 3.18
 * (stable-alpine/alpine). ENTRYPOINT ["/docker-entrypoint.sh"], CMD ["nginx","-g","daemon off;"],
 * EXPOSE 80/tcp, STOPSIGNAL SIGQUIT. /docker-entrypoint.sh and /usr/sbin/nginx carry the
 * exe tag `nginx` (one simulated program prints the entrypoint's log lines and runs nginx).
 */
import type { ImageSpec, LayerSpec } from '../catalog.ts';
import { ALPINE_3_18 } from './alpine.ts';
import { BOOKWORM_SLIM } from './debian.ts';

const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const BK = 'buildkit.dockerfile.v0';
const LABEL = { maintainer: 'NGINX Docker Maintainers <docker-maint@nginx.com>' };

const DEFAULT_CONF = `server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
`;

const INDEX_HTML = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

function install(key: string, size: number, compressed: number, alpine: boolean): LayerSpec {
  return {
    key,
    size,
    compressed,
    listing: `x /usr/sbin/nginx ${alpine ? 1_264_520 : 1_478_352} exe=nginx
x /usr/sbin/nginx-debug ${alpine ? 1_368_184 : 1_594_792} exe=nginx
t /etc/nginx/conf.d/default.conf
f /etc/nginx/nginx.conf 648
f /etc/nginx/mime.types 5349
f /etc/nginx/fastcgi_params 1007
l /etc/nginx/modules ${alpine ? '/usr/lib/nginx/modules' : '../../usr/lib/nginx/modules'}
d /usr/lib/nginx/modules
t /usr/share/nginx/html/index.html
f /usr/share/nginx/html/50x.html 497
d /var/cache/nginx
l /var/log/nginx/access.log /dev/stdout
l /var/log/nginx/error.log /dev/stderr
d /docker-entrypoint.d
${alpine ? '~ /usr/lib/libcrypto.so.3 755\n~ /usr/lib/libpcre2-8.so.0.11.2 755\n~ /usr/lib/nginx/modules/ngx_http_js_module.so 755' : '~ /usr/lib/x86_64-linux-gnu/libxml2.so.2.9.14\n~ /usr/lib/x86_64-linux-gnu/libperl.so.5.36.0\n~ /usr/lib/nginx/modules/ngx_http_js_module.so 755\n~ /usr/lib/x86_64-linux-gnu/libgdk_pixbuf-2.0.so.0.4200.10\n~ /var/lib/dpkg/status'}`,
    contents: { '/etc/nginx/conf.d/default.conf': DEFAULT_CONF, '/usr/share/nginx/html/index.html': INDEX_HTML },
  };
}

/** The entrypoint and its helper scripts (one layer each, as COPY makes them). */
function scripts(prefix: string): LayerSpec[] {
  return [
    { key: `${prefix}/entrypoint`, size: 1_620, compressed: 628, listing: 'x /docker-entrypoint.sh 1620 exe=nginx' },
    { key: `${prefix}/10-listen`, size: 2_125, compressed: 955, listing: 'x /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh 2125' },
    { key: `${prefix}/15-resolvers`, size: 336, compressed: 405, listing: 'x /docker-entrypoint.d/15-local-resolvers.envsh 336' },
    { key: `${prefix}/20-envsubst`, size: 3_018, compressed: 1_208, listing: 'x /docker-entrypoint.d/20-envsubst-on-templates.sh 3018' },
    { key: `${prefix}/30-tune`, size: 4_619, compressed: 1_398, listing: 'x /docker-entrypoint.d/30-tune-worker-processes.sh 4619' },
  ];
}

function nginxHistory(t: string, version: string, njs: string, pkg: string, base: [string, string][]): ImageSpec['history'] {
  return [
    ...base.map(([c, b]) => [c, b, b.includes('#(nop)  CMD') ? 1 : 0] as const),
    [t, `LABEL maintainer=NGINX Docker Maintainers <docker-maint@nginx.com>`, 1, BK],
    [t, `ENV NGINX_VERSION=${version}`, 1, BK],
    [t, `ENV NJS_VERSION=${njs}`, 1, BK],
    [t, `ENV PKG_RELEASE=${pkg}`, 1, BK],
    [t, 'RUN /bin/sh -c set -x     && groupadd --system --gid 101 nginx     && useradd --system --gid nginx --no-create-home --home /nonexistent --comment "nginx user" --shell /bin/false --uid 101 nginx     && apt-get update # buildkit', 0, BK],
    [t, 'COPY docker-entrypoint.sh / # buildkit', 0, BK],
    [t, 'COPY 10-listen-on-ipv6-by-default.sh /docker-entrypoint.d # buildkit', 0, BK],
    [t, 'COPY 15-local-resolvers.envsh /docker-entrypoint.d # buildkit', 0, BK],
    [t, 'COPY 20-envsubst-on-templates.sh /docker-entrypoint.d # buildkit', 0, BK],
    [t, 'COPY 30-tune-worker-processes.sh /docker-entrypoint.d # buildkit', 0, BK],
    [t, 'ENTRYPOINT ["/docker-entrypoint.sh"]', 1, BK],
    [t, 'EXPOSE map[80/tcp:{}]', 1, BK],
    [t, 'STOPSIGNAL SIGQUIT', 1, BK],
    [t, 'CMD ["nginx" "-g" "daemon off;"]', 1, BK],
  ];
}

function nginxConfig(version: string, njs: string, pkg: string) {
  return {
    Env: [PATH, `NGINX_VERSION=${version}`, `NJS_VERSION=${njs}`, `PKG_RELEASE=${pkg}`],
    Entrypoint: ['/docker-entrypoint.sh'],
    Cmd: ['nginx', '-g', 'daemon off;'],
    ExposedPorts: { '80/tcp': {} },
    Labels: LABEL,
    StopSignal: 'SIGQUIT',
  };
}

export const images: readonly ImageSpec[] = [
  {
    repo: 'library/nginx',
    tags: ['latest', '1.25', '1.25.3', 'mainline'],
    created: '2023-12-19T14:35:59Z',
    config: nginxConfig('1.25.3', '0.8.2', '1~bookworm'),
    history: nginxHistory('2023-12-19T14:35:59Z', '1.25.3', '0.8.2', '1~bookworm', [
      ['2023-12-19T01:20:59.413016223Z', '/bin/sh -c #(nop) ADD file:e2feda9e61c7a9a4b8e4e7a3c6e5ef58e7a7d3ea72d9c0f5c7df1c0d0b0c5b3e in / '],
      ['2023-12-19T01:20:59.806427497Z', '/bin/sh -c #(nop)  CMD ["bash"]'],
    ]),
    layers: [BOOKWORM_SLIM, install('nginx:1.25.3-bookworm', 112_226_140, 41_362_088, false), ...scripts('nginx:1.25.3-bookworm')],
  },
  {
    repo: 'library/nginx',
    tags: ['stable-alpine', '1.24-alpine', 'alpine'],
    created: '2023-12-01T18:30:31Z',
    config: nginxConfig('1.24.0', '0.7.12', '1'),
    history: nginxHistory('2023-12-01T18:30:31Z', '1.24.0', '0.7.12', '1', [
      ['2023-11-30T23:23:08.095563471Z', '/bin/sh -c #(nop) ADD file:9a4f77dfaba7fd2aa78186e4ef0e7486ad55101cefc1fabbc1b385601bb38920 in / '],
      ['2023-11-30T23:23:08.290449883Z', '/bin/sh -c #(nop)  CMD ["/bin/sh"]'],
    ]),
    layers: [ALPINE_3_18, install('nginx:1.24.0-alpine', 33_826_447, 11_985_334, true), ...scripts('nginx:1.24.0-alpine')],
  },
];
