import { evalArith } from '../../../src/sim/programs/sh/arith.ts';
const vars = new Map<string,string>([['x','5']]);
const v = { get: (n: string) => vars.get(n), set: (n: string, val: string) => { vars.set(n, val); } };
for (const e of process.argv.slice(2)) { try { console.log(e, '=>', evalArith(e, v)); } catch (err) { console.log(e, 'ERR', (err as Error).message); } }
