import { sim, start, runClock } from './helpers.ts';
const s = sim();
const r = start(s, ['sh', '-c', 'while true; do echo hello world; sleep 1; done']);
const t0 = s.clock.now();
runClock(s.clock, 3500);
console.log(JSON.stringify(r.out), r.status, (s.clock.now() - t0));
console.log(r.task.processes());
r.init.signal(15);
runClock(s.clock, 2000);
console.log('after TERM', JSON.stringify(r.out), r.status);
r.task.killAll();
console.log('after KILL', r.status);
// trap
const s2 = sim();
const r2 = start(s2, ['sh', '-c', "trap 'echo got; exit 5' TERM; while true; do sleep 1; done"]);
runClock(s2.clock, 1500);
r2.init.signal(15);
runClock(s2.clock, 100);
console.log('trap before sleep end', r2.status, JSON.stringify(r2.out));
runClock(s2.clock, 1000);
console.log('trap after', r2.status, JSON.stringify(r2.out), s2.clock.now() - Date.UTC(2024,0,1));
// busy loop
const s3 = sim();
const r3 = start(s3, ['sh', '-c', 'i=0; while true; do i=$((i+1)); done']);
runClock(s3.clock, 1000);
console.log('busy', r3.status, r3.task.processes().map(p=>p.command));
r3.init.signal(9);
console.log('busy killed', r3.status);
// freeze
const s4 = sim();
const r4 = start(s4, ['sh', '-c', 'while true; do echo tick; sleep 1; done']);
runClock(s4.clock, 500);
r4.task.freeze();
runClock(s4.clock, 3000);
console.log('frozen out', JSON.stringify(r4.out), r4.task.processes().map(p=>p.stat));
r4.task.thaw();
runClock(s4.clock, 10);
console.log('thawed', JSON.stringify(r4.out));
