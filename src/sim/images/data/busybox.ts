/**
 * busybox. Two images:
 *  - `importedBusybox()`: the sim's preloaded busybox:latest, equal to the real
 *    engine's on this machine: the rootfs of test/conformance/busybox-rootfs.json
 *    imported with `--change 'CMD ["sh"]'` (one layer, one history entry with
 *    comment "Imported from -", empty CREATED BY, Cmd ["sh"], size 1984779 B = 1.98MB).
 *  - Docker Hub's busybox:latest (1.36.1, glibc build, 4.26MB), for pulls.
 */
import { buildImage, emptyConfig, makeConfig } from '../config.ts';
import { goTime } from '../gojson.ts';
import { parseTree, treeSize } from '../tree.ts';
import type { Image, Layer, TreeEntry } from '../types.ts';
import type { ImageSpec } from '../catalog.ts';
import { BUSYBOX_ROOTFS_CONTENTS, BUSYBOX_ROOTFS_LISTING, BUSYBOX_ROOTFS_MTIME_MS } from './busybox-rootfs.ts';

let rootfsFiles: TreeEntry[] | undefined;

/** The files of the imported busybox rootfs. */
export function busyboxRootfs(): TreeEntry[] {
  rootfsFiles ??= parseTree({ listing: BUSYBOX_ROOTFS_LISTING, contents: BUSYBOX_ROOTFS_CONTENTS, mtimeMs: BUSYBOX_ROOTFS_MTIME_MS });
  return rootfsFiles;
}

/**
 * The diffID of the busybox layer: the sha256 of the layer tar the simulator
 * writes for it (`layerTar(busyboxRootfs())`, what `docker save` puts in the
 * archive), so that save → load gives the same config bytes, hence the same
 * image ID, as with Docker. (The real engine's diffID is the sha256 of the
 * GNU tar it imported, which the simulator does not reproduce byte for byte.)
 * A constant, so that starting a simulator does not hash 2 MB; a test checks it.
 */
export const BUSYBOX_ROOTFS_DIFF_ID = 'sha256:97e9c07acf7baa23193f932e9f1739bdab3e7438f95225c5595946a8415ad649';

/** The single layer of the imported busybox. */
export function busyboxRootfsLayer(): Layer {
  return {
    diffID: BUSYBOX_ROOTFS_DIFF_ID,
    size: treeSize(busyboxRootfs()),
    files: busyboxRootfs,
  };
}

export interface ImportOptions {
  /** When the import happened, ms since the epoch. */
  createdMs: number;
  /** docker_version written into the config (20.10: "20.10.24+dfsg1"). */
  dockerVersion: string;
  /** Sub-millisecond digits of the creation time (Go keeps nanoseconds). */
  extraNanos?: number;
  /** The layer's diffID, when known (the real one is the sha256 of the import tar). */
  diffID?: string;
  /** CMD given with --change (default ["sh"]); null imports without one (the "nocmd" image). */
  cmd?: string[] | null;
}

/** busybox:latest as `docker import --change 'CMD ["sh"]' - busybox:latest` makes it. */
export function importedBusybox(o: ImportOptions): Image {
  const created = goTime(o.createdMs, o.extraNanos ?? 0);
  const layer = o.diffID ? { ...busyboxRootfsLayer(), diffID: o.diffID } : busyboxRootfsLayer();
  return buildImage(
    {
      architecture: 'amd64',
      os: 'linux',
      created,
      comment: 'Imported from -',
      config: makeConfig(o.cmd === null ? {} : { Cmd: o.cmd ?? ['sh'] }),
      container_config: emptyConfig(),
      docker_version: o.dockerVersion,
      rootfs: { type: 'layers', diff_ids: [layer.diffID] },
      history: [{ created, comment: 'Imported from -' }],
    },
    [layer],
  );
}

const HUB_LISTING = `d /bin
x /bin/busybox 1131704 exe=busybox
h /bin/{[,[[,ash,awk,base64,basename,cat,chmod,chown,cp,cut,date,dd,df,du,echo,env,expr,false,find,grep,head,hostname,id,kill,ln,ls,mkdir,more,mount,mv,nc,ping,printf,ps,pwd,rm,rmdir,sed,seq,sh,sleep,sort,stat,tail,tar,tee,test,timeout,top,touch,tr,true,umount,uname,uniq,uptime,vi,wc,wget,which,whoami,xargs,yes} /bin/busybox
d /dev
t /etc/group
t /etc/hostname
t /etc/hosts
t /etc/localtime
t /etc/network/if-down.d/.keep
t /etc/passwd
t /etc/resolv.conf
t /etc/shadow 600
d /home
~ /lib/libc.so.6 755
~ /lib/libm.so.6 755
~ /lib/libresolv.so.2 755
l /lib64 lib
d /proc
d /root 700
d /sys
d /tmp 1777
d /usr/sbin
d /var/spool/mail
d /var/www`;

export const images: readonly ImageSpec[] = [
  {
    repo: 'library/busybox',
    tags: ['latest', '1.36', '1.36.1', 'stable'],
    created: '2023-07-18T23:19:33.655005962Z',
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['sh'] },
    history: [
      ['2023-07-18T23:19:33.538571854Z', '/bin/sh -c #(nop) ADD file:7e9002edaafd4e4579b65c8f0aaabde1aeb7fd3f8d95579f7fd3443cef785fd1 in / '],
      ['2023-07-18T23:19:33.655005962Z', '/bin/sh -c #(nop)  CMD ["sh"]', 1],
    ],
    docker_version: '20.10.23',
    layers: [
      {
        key: 'busybox:1.36.1-glibc',
        size: 4261550,
        compressed: 2220094,
        listing: HUB_LISTING,
        contents: {
          '/etc/group': 'root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\ndisk:x:6:\nlp:x:7:\nmail:x:8:\nkmem:x:9:\nwheel:x:10:root\ncdrom:x:11:\ndialout:x:18:\nfloppy:x:19:\nvideo:x:28:\naudio:x:29:\ntape:x:32:\nwww-data:x:33:\noperator:x:37:\nutmp:x:43:\nplugdev:x:46:\nstaff:x:50:\nlock:x:54:\nnetdev:x:82:\nusers:x:100:\nnogroup:x:65534:\n',
          '/etc/hostname': '',
          '/etc/hosts': '',
          '/etc/localtime': '',
          '/etc/network/if-down.d/.keep': '',
          '/etc/passwd':
            'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nbin:x:2:2:bin:/bin:/bin/false\nsys:x:3:3:sys:/dev:/bin/false\nsync:x:4:100:sync:/bin:/bin/sync\nmail:x:8:8:mail:/var/spool/mail:/bin/false\nwww-data:x:33:33:www-data:/var/www:/bin/false\noperator:x:37:37:Operator:/var:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n',
          '/etc/resolv.conf': '',
          '/etc/shadow': 'root:*:10933:0:99999:7:::\ndaemon:*:10933:0:99999:7:::\nbin:*:10933:0:99999:7:::\nsys:*:10933:0:99999:7:::\nsync:*:10933:0:99999:7:::\nmail:*:10933:0:99999:7:::\nwww-data:*:10933:0:99999:7:::\noperator:*:10933:0:99999:7:::\nnobody:*:10933:0:99999:7:::\n',
        },
      },
    ],
  },
];
