/** The busybox multi-call binary: dispatches on basename(argv[0]) (or argv[1] for "busybox APPLET"). */
import type { Proc, ProgramGen } from '../kernel/process.ts';
import { APPLET_NAMES, findApplet, isAppletName } from './registry.ts';
import { BANNER_VERSION } from './usage.ts';

function helpText(width: number): string {
  let out =
    `${BANNER_VERSION} multi-call binary.\n` +
    'BusyBox is copyrighted by many authors between 1998-2015.\n' +
    'Licensed under GPLv2. See source distribution for detailed\n' +
    'copyright notices.\n' +
    '\n' +
    'Usage: busybox [function [arguments]...]\n' +
    '   or: busybox --list[-full]\n' +
    '   or: busybox --install [-s] [DIR]\n' +
    '   or: function [arguments]...\n' +
    '\n' +
    '\tBusyBox is a multi-call binary that combines many common Unix\n' +
    '\tutilities into a single executable.  The shell in this build\n' +
    '\tis configured to run built-in utilities without $PATH search.\n' +
    "\tYou don't need to install a link to busybox for each utility.\n" +
    '\tTo run external program, use full path (/sbin/ip instead of ip).\n' +
    '\n' +
    'Currently defined functions:\n';
  let col = 0;
  const w = width - 1;
  for (const a of APPLET_NAMES) {
    const len2 = a.length + 2;
    if (col >= w - len2) {
      out += ',\n';
      col = 0;
    }
    if (col === 0) {
      col = 6;
      out += '\t';
    } else out += ', ';
    out += a;
    col += len2;
  }
  return out + '\n';
}

export function* busyboxMain(p: Proc): ProgramGen {
  let name = (p.argv[0] ?? '').replace(/^.*\//, '');
  if (name.startsWith('-')) name = name.slice(1);
  if (name === 'busybox') {
    const a = p.argv[1];
    if (a === undefined || a === '--help') {
      p.out(helpText(p.fds[2]?.tty?.cols ?? 80));
      return 0;
    }
    if (a === '--list' || a === '--list-full') {
      p.out(APPLET_NAMES.map((n) => (a === '--list-full' ? (n === 'busybox' ? 'bin/' : 'bin/') + n : n) + '\n').join(''));
      return 0;
    }
    if (a === '--install') {
      p.err('busybox: --install is not available in this simulator\n');
      return 1;
    }
    p.argv = p.argv.slice(1);
    name = a.replace(/^.*\//, '');
  }
  const applet = findApplet(name);
  if (applet) return yield* applet.main(p);
  if (isAppletName(name)) {
    p.err(`${name}: applet not implemented in this simulator\n`);
    return 1;
  }
  p.err(`${name}: applet not found\n`);
  return 127;
}
