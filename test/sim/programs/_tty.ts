import { sim, start, runClock } from './helpers.ts';
const s = sim();
const r = start(s, ['sh'], { tty: true, openStdin: true });
const steps: [number, string][] = [[300, 'sleep 5\n'], [300, '\x03'], [300, 'echo hi\n'], [300, 'ab\x03'], [300, 'x\x7f\x7fecho y\n'], [300, '\x04']];
for (const [ms, data] of steps) { runClock(s.clock, ms); r.init.writeStdin(data); }
runClock(s.clock, 800);
console.log(JSON.stringify(r.out), r.status);
const want = "\r\n\r\nBusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) built-in shell (ash)\r\nEnter 'help' for a list of built-in commands.\r\n\r\n/ # \x1b[6nsleep 5\r\n^C\r\n/ # \x1b[6necho hi\r\nhi\r\n/ # \x1b[6nab^C\r\n/ # \x1b[6nx\x08\x1b[Jecho y\r\ny\r\n/ # \x1b[6n\r\n";
console.log(r.out === want ? 'MATCH' : 'DIFF\n' + JSON.stringify(want));
