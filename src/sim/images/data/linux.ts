/**
 * Pieces shared by the distribution images' listings: account files, the GNU
 * userland the lessons run (each binary tagged with its command name as `exe`,
 * for the programs layer), and busybox applet links for Alpine-based images.
 */

/** Debian/Ubuntu base-passwd. */
export const DEBIAN_PASSWD = `root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
games:x:5:60:games:/usr/games:/usr/sbin/nologin
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
_apt:x:100:65534::/nonexistent:/usr/sbin/nologin
`;

export const DEBIAN_GROUP = `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
news:x:9:
uucp:x:10:
man:x:12:
proxy:x:13:
kmem:x:15:
dialout:x:20:
fax:x:21:
voice:x:22:
cdrom:x:24:
floppy:x:25:
tape:x:26:
sudo:x:27:
audio:x:29:
dip:x:30:
www-data:x:33:
backup:x:34:
operator:x:37:
list:x:38:
irc:x:39:
src:x:40:
shadow:x:42:
utmp:x:43:
video:x:44:
sasl:x:45:
plugdev:x:46:
staff:x:50:
games:x:60:
users:x:100:
nogroup:x:65534:
`;

export const CENTOS_PASSWD = `root:x:0:0:root:/root:/bin/bash
bin:x:1:1:bin:/bin:/sbin/nologin
daemon:x:2:2:daemon:/sbin:/sbin/nologin
adm:x:3:4:adm:/var/adm:/sbin/nologin
lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin
sync:x:5:0:sync:/sbin:/bin/sync
shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown
halt:x:7:0:halt:/sbin:/sbin/halt
mail:x:8:12:mail:/var/spool/mail:/sbin/nologin
operator:x:11:0:operator:/root:/sbin/nologin
games:x:12:100:games:/usr/games:/sbin/nologin
ftp:x:14:50:FTP User:/var/ftp:/sbin/nologin
nobody:x:99:99:Nobody:/:/sbin/nologin
`;

export const ALPINE_PASSWD = `root:x:0:0:root:/root:/bin/ash
bin:x:1:1:bin:/bin:/sbin/nologin
daemon:x:2:2:daemon:/sbin:/sbin/nologin
adm:x:3:4:adm:/var/adm:/sbin/nologin
lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin
sync:x:5:0:sync:/sbin:/bin/sync
shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown
halt:x:7:0:halt:/sbin:/sbin/halt
mail:x:8:12:mail:/var/mail:/sbin/nologin
news:x:9:13:news:/usr/lib/news:/sbin/nologin
uucp:x:10:14:uucp:/var/spool/uucppublic:/sbin/nologin
operator:x:11:0:operator:/root:/sbin/nologin
man:x:13:15:man:/usr/man:/sbin/nologin
postmaster:x:14:12:postmaster:/var/mail:/sbin/nologin
cron:x:16:16:cron:/var/spool/cron:/sbin/nologin
ftp:x:21:21::/var/lib/ftp:/sbin/nologin
sshd:x:22:22:sshd:/dev/null:/sbin/nologin
at:x:25:25:at:/var/spool/cron/atjobs:/sbin/nologin
squid:x:31:31:Squid:/var/cache/squid:/sbin/nologin
xfs:x:33:33:X Font Server:/etc/X11/fs:/sbin/nologin
games:x:35:35:games:/usr/games:/sbin/nologin
cyrus:x:85:12::/usr/cyrus:/sbin/nologin
vpopmail:x:89:89::/var/vpopmail:/sbin/nologin
ntp:x:123:123:NTP:/var/empty:/sbin/nologin
smmsp:x:209:209:smmsp:/var/spool/mqueue:/sbin/nologin
guest:x:405:100:guest:/dev/null:/sbin/nologin
nobody:x:65534:65534:nobody:/:/sbin/nologin
`;

/** GNU coreutils + the other commands the lessons run, with plausible amd64 sizes. */
const GNU_BIN = [
  'bash:1396520',
  'cat:35280',
  'chmod:64448',
  'chown:72672',
  'cp:141824',
  'date:104960',
  'dd:76920',
  'df:84992',
  'echo:35120',
  'false:27168',
  'grep:186984',
  'hostname:22760',
  'kill:30952',
  'ln:68360',
  'ls:138208',
  'mkdir:72960',
  'mktemp:43392',
  'more:47480',
  'mount:55528',
  'mv:137728',
  'ps:137592',
  'pwd:35336',
  'readlink:43424',
  'rm:72704',
  'rmdir:47320',
  'sed:112880',
  'sleep:35336',
  'stty:80360',
  'su:55672',
  'sync:35336',
  'tar:526160',
  'touch:92352',
  'true:27168',
  'umount:35128',
  'uname:35208',
  'gzip:93424',
  'which:947',
];

const GNU_USR_BIN = [
  'base64:39616',
  'basename:35336',
  'cut:47496',
  'dirname:35312',
  'du:104256',
  'env:44016',
  'expr:47488',
  'find:224848',
  'head:43432',
  'id:39424',
  'nohup:35280',
  'printf:55624',
  'seq:47784',
  'sort:117336',
  'stat:80904',
  'tail:68080',
  'tee:39376',
  'test:43464',
  'timeout:39720',
  'tr:47496',
  'uniq:43424',
  'wc:43432',
  'whoami:35280',
  'xargs:68432',
  'yes:35280',
  'apt:18792',
  'apt-get:51656',
  'dpkg:301624',
  'perl:3478464',
];

function items(list: readonly string[], omit: readonly string[] = []): string[] {
  return list.filter((i) => !omit.includes(i.split(':')[0]!));
}

function exeLines(dir: string, list: readonly string[]): string {
  return list.map((i) => `x ${dir}/{${i}} exe=${i.split(':')[0]}`).join('\n');
}

export interface GnuOptions {
  /** /bin, /sbin, /lib are symlinks into /usr (Debian ≥ 12, Ubuntu ≥ 20.04, CentOS 7). */
  merged: boolean;
  /** bash's size on this distribution. */
  bashSize?: number;
  /** Commands the distribution does not ship (e.g. apt on CentOS). */
  omit?: readonly string[];
  /** /bin/sh target. */
  sh?: string;
  /** Extra /usr/bin commands. */
  extra?: readonly string[];
}

/** The listing of a GNU userland: /bin (or /usr/bin when merged), /usr/bin, /bin/sh link, the usual dirs. */
export function gnuUserland(o: GnuOptions): string {
  const bin = o.merged ? '/usr/bin' : '/bin';
  const binItems = items(GNU_BIN, o.omit).map((i) => (i.startsWith('bash:') && o.bashSize ? `bash:${o.bashSize}` : i));
  const lines = [
    'd /boot',
    'd /dev',
    'd /home',
    'd /media',
    'd /mnt',
    'd /opt',
    'd /proc 555',
    'd /root 700',
    'd /run',
    'd /srv',
    'd /sys 555',
    'd /tmp 1777',
    'd /usr/local/bin',
    'd /usr/share',
    'd /var/cache',
    'd /var/lib',
    'd /var/log',
    'd /var/tmp 1777',
  ];
  if (o.merged) {
    lines.push('l /bin usr/bin', 'l /sbin usr/sbin', 'l /lib usr/lib', 'l /lib64 usr/lib64', 'd /usr/sbin', 'd /usr/lib64');
  } else {
    lines.push('d /sbin', 'd /lib', 'd /lib64', 'd /usr/sbin');
  }
  lines.push(exeLines(bin, binItems), exeLines('/usr/bin', items([...GNU_USR_BIN, ...(o.extra ?? [])], o.omit)));
  lines.push(`l ${bin}/sh ${o.sh ?? 'dash'}`);
  if ((o.sh ?? 'dash') === 'dash') lines.push(`x ${bin}/dash 125560 exe=dash`);
  return lines.join('\n');
}

/** The busybox applets Alpine links (absolute targets, as `busybox --install -s` makes them). */
export function alpineBusyboxLinks(): string {
  return [
    'x /bin/busybox 808712 exe=busybox',
    'l /bin/{arch,ash,base64,cat,chgrp,chmod,chown,cp,date,dd,df,dmesg,echo,egrep,false,fgrep,grep,gunzip,gzip,hostname,kill,link,ln,login,ls,mkdir,mknod,mktemp,more,mount,mv,netstat,nice,pidof,ping,printenv,ps,pwd,rev,rm,rmdir,sed,sh,sleep,stat,stty,su,sync,tar,touch,true,umount,uname,usleep,watch,zcat} /bin/busybox',
    'l /sbin/{adduser,addgroup,halt,ifconfig,init,poweroff,reboot,route,sysctl,syslogd} /bin/busybox',
    'l /usr/bin/{awk,basename,clear,cut,dirname,du,env,expr,find,free,head,id,less,nohup,nslookup,printf,seq,sort,tail,tee,test,time,timeout,top,tr,uniq,uptime,wc,wget,which,whoami,xargs,yes} /bin/busybox',
  ].join('\n');
}

/** The empty directories of an Alpine root. */
export const ALPINE_DIRS = [
  'd /dev',
  'd /home',
  'd /media/cdrom',
  'd /mnt',
  'd /opt',
  'd /proc',
  'd /root 700',
  'd /run',
  'd /srv',
  'd /sys',
  'd /tmp 1777',
  'd /usr/local/bin',
  'd /var/cache/apk',
  'd /var/log',
  'd /var/tmp 1777',
].join('\n');
