import { parseAll } from '../../../src/sim/programs/sh/parser.ts';
const cases = process.argv.slice(2);
for (const c of cases) { const r = parseAll(c, 0); console.log(JSON.stringify(c), r.error ? 'ERR ' + r.error.message + ' eof=' + r.error.eof : JSON.stringify(r.nodes).slice(0, 300)); }
