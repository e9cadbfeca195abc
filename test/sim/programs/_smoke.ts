import { sh, run } from './helpers.ts';
for (const s of process.argv.slice(2)) {
  const r = sh(s);
  console.log(JSON.stringify(s), '=>', JSON.stringify(r.stdout), JSON.stringify(r.stderr), r.status);
}
