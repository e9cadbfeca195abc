/**
 * The simulated programs: busybox 1.35 (Debian's busybox-static) and its applets.
 * `BUSYBOX_PROGRAMS` maps exe tags to programs for the kernel; `createKernel`
 * builds a kernel that knows them.
 */
import type { Proc, Program, ProgramGen } from '../kernel/process.ts';
import { SimKernel, type KernelOptions } from '../kernel/kernel.ts';
import { APPLET_NAMES, findApplet, registerApplet } from './registry.ts';
import { HELLO_WORLD_MESSAGE } from '../images/data/hello-world.ts';
import { busyboxMain } from './busybox.ts';
import { dockerInitMain } from './dockerInit.ts';
import { shMain } from './sh/main.ts';
import { echoMain } from './applets/echo.ts';
import { printfMain } from './applets/printf.ts';
import { testMain } from './applets/test.ts';
import { killMain } from './applets/kill.ts';
import { psMain } from './applets/ps.ts';
import { lsMain } from './applets/ls.ts';
import { topMain } from './applets/top.ts';
import { pingMain, wgetMain } from './applets/net.ts';
import { httpdMain } from './applets/httpd.ts';
import { dateMain } from './applets/date.ts';
import * as b from './applets/basic.ts';
import * as f from './applets/files.ts';
import * as t from './applets/text.ts';
import { findMain } from './applets/find.ts';
import { grepMain } from './applets/grep.ts';
import { xargsMain, dfMain, freeMain, timeoutMain, exprMain, hexdumpMain, mountMain, watchMain } from './applets/more.ts';

// [name, main, NOEXEC?] — NOEXEC as busybox marks them (ps shows "{name} <shell command line>").
const TABLE: [string, Program, boolean][] = [
  ['sh', shMain, false],
  ['ash', shMain, false],
  ['echo', echoMain, true],
  ['printf', printfMain, true],
  ['test', testMain, true],
  ['[', testMain, true],
  ['[[', testMain, true],
  ['kill', killMain, true],
  ['ps', psMain, true],
  ['ls', lsMain, true],
  ['date', dateMain, true],
  ['true', b.trueMain, true],
  ['false', b.falseMain, true],
  ['sleep', b.sleepMain, false],
  ['usleep', b.usleepMain, true],
  ['yes', b.yesMain, true],
  ['seq', b.seqMain, true],
  ['hostname', b.hostnameMain, true],
  ['uname', b.unameMain, true],
  ['id', b.idMain, true],
  ['whoami', b.whoamiMain, true],
  ['groups', b.groupsMain, true],
  ['env', b.envMain, true],
  ['printenv', b.printenvMain, true],
  ['pwd', b.pwdMain, true],
  ['basename', b.basenameMain, true],
  ['dirname', b.dirnameMain, true],
  ['tty', b.ttyMain, true],
  ['nproc', b.nprocMain, true],
  ['clear', b.clearMain, true],
  ['reset', b.clearMain, true],
  ['sync', b.syncMain, true],
  ['arch', b.archMain, true],
  ['uptime', b.uptimeMain, true],
  ['touch', f.touchMain, true],
  ['mkdir', f.mkdirMain, true],
  ['rmdir', f.rmdirMain, true],
  ['rm', f.rmMain, true],
  ['cp', f.cpMain, true],
  ['mv', f.mvMain, true],
  ['ln', f.lnMain, true],
  ['chmod', f.chmodMain, true],
  ['chown', f.chownMain, true],
  ['chgrp', f.chownMain, true],
  ['readlink', f.readlinkMain, true],
  ['realpath', f.realpathMain, true],
  ['which', f.whichMain, true],
  ['stat', f.statMain, true],
  ['du', f.duMain, false],
  ['find', findMain, true],
  ['cat', t.catMain, false],
  ['head', t.headMain, true],
  ['tail', t.tailMain, false],
  ['wc', t.wcMain, false],
  ['base64', t.base64Main, false],
  ['cut', t.cutMain, true],
  ['grep', grepMain, false],
  ['egrep', grepMain, false],
  ['fgrep', grepMain, false],
  ['tee', t.teeMain, false],
  ['sort', t.sortMain, true],
  ['uniq', t.uniqMain, false],
  ['tr', t.trMain, false],
  ['rev', t.revMain, false],
  ['xargs', xargsMain, true],
  ['df', dfMain, true],
  ['free', freeMain, true],
  ['timeout', timeoutMain, false],
  ['expr', exprMain, true],
  ['hexdump', hexdumpMain, true],
  ['mount', mountMain, false],
  ['watch', watchMain, false],
  ['top', topMain, false],
  ['ping', pingMain, false],
  ['wget', wgetMain, false],
  ['httpd', httpdMain, false],
];

for (const [name, main, noexec] of TABLE) registerApplet(name, main, noexec);
registerApplet('busybox', busyboxMain, false);

/** Programs by exe tag, for KernelOptions.programs. */
export const BUSYBOX_PROGRAMS: Record<string, Program> = { busybox: busyboxMain, 'docker-init': dockerInitMain };

/** hello-world's /hello: its message, then exit 0. */
function* helloMain(p: Proc): ProgramGen {
  p.out(HELLO_WORLD_MESSAGE);
  return 0;
}

/**
 * The other executables of the catalog images (src/sim/images/data): hello-world's
 * /hello; bash and dash, played by the busybox shell; and the GNU userland of
 * ubuntu/debian/centos, each played by the busybox applet of the same name.
 * Daemons without a program here (nginx, registry, node…) run the kernel's
 * fallback: a process that idles until it is stopped.
 */
export const CATALOG_PROGRAMS: Record<string, Program> = {
  ...Object.fromEntries(APPLET_NAMES.filter((n) => findApplet(n)).map((n) => [n, busyboxMain])),
  hello: helloMain,
  bash: shMain,
  dash: shMain,
};

/** A kernel that runs busybox (plus any extra programs given). */
export function createKernel(opts: KernelOptions): SimKernel {
  return new SimKernel({ ...opts, programs: { ...CATALOG_PROGRAMS, ...BUSYBOX_PROGRAMS, ...opts.programs } });
}
