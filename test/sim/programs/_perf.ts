import { sim, start, runClock } from './helpers.ts';
let s = sim();
let r = start(s, ['sh', '-c', 'while true; do :; done']);
let t = performance.now();
runClock(s.clock, 10_000);
console.log('busy 10s sim:', (performance.now() - t).toFixed(0), 'ms');
s = sim();
r = start(s, ['sh', '-c', 'while true; do echo hello world; sleep 1; done']);
t = performance.now();
runClock(s.clock, 3600_000);
console.log('loop 1h sim:', (performance.now() - t).toFixed(0), 'ms', r.out.length);
// 1000 containers idle
const s2 = sim();
const before = process.memoryUsage().heapUsed;
const runs = [];
for (let i = 0; i < 1000; i++) runs.push(start(s2, ['sh', '-c', 'while true; do echo hello world; sleep 1; done']));
runClock(s2.clock, 1500);
globalThis.gc?.();
const after = process.memoryUsage().heapUsed;
console.log('1000 containers:', ((after - before) / 1000 / 1024).toFixed(1), 'KB each');
t = performance.now();
for (let i = 0; i < 1000; i++) { const x = start(s2, ['echo', 'hi']); }
runClock(s2.clock, 1);
console.log('1000 echo starts:', (performance.now() - t).toFixed(0), 'ms');
