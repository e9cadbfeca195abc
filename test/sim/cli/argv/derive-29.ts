// Writes golden/29/<cmd>.txt: `docker <cmd> --help` of the 29 CLI as the
// simulator renders it. There is no 29 client on this machine: these files are
// DERIVED from the docker/cli v29.7.2 source (cli/cobra.go templates, each
// command's flags) and reviewed by hand; they guard against regressions.
//
//   node_modules/.bin/node test/sim/cli/argv/derive-29.ts
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadHelpTexts, commandTree, renderHelp } from '../../../../src/sim/cli/argv/index.ts';

// The help texts are loaded on first use (lazy-texts.test.ts); these tests call the synchronous API.
await loadHelpTexts();
import type { CommandSpec } from '../../../../src/sim/cli/argv/index.ts';

const dir = join(import.meta.dirname, 'golden', '29');
mkdirSync(dir, { recursive: true });
for (const f of readdirSync(dir)) if (f.endsWith('.txt')) rmSync(join(dir, f));

let n = 0;
const walk = (c: CommandSpec) => {
  if (!c.helpCommand && !(c.stub && c.subcommands.length === 0)) {
    const name = c.path.length === 1 ? 'docker' : c.path.slice(1).join('_');
    writeFileSync(join(dir, `${name}.txt`), renderHelp(c, '29'));
    n++;
  }
  for (const s of c.subcommands) walk(s);
};
walk(commandTree('29'));
console.log(`${n} help texts in ${dir}`);
