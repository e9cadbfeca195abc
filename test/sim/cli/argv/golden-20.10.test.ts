// The 20.10 CLI is on this machine: its help texts and its answers to the argv
// cases in cases.txt were captured by capture-help.sh into golden/20.10/. The
// simulator must reproduce them byte for byte. The captures were made without
// a daemon, so the comparison uses the "unreachable daemon" the 20.10 client
// assumes then (see daemon-gating.test.ts for the standard daemon).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHelpTexts, getSpec, parseCommandLine, renderHelp, UNREACHABLE_DAEMON_20 } from '../../../../src/sim/cli/argv/index.ts';

// The help texts are loaded on first use (lazy-texts.test.ts); these tests call the synchronous API.
await loadHelpTexts();

const dir = join(import.meta.dirname, 'golden', '20.10');
const opts = { daemon: UNREACHABLE_DAEMON_20 };

const helpFiles = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort();

describe('20.10 help texts (docker <cmd> --help)', () => {
  const modelled = helpFiles.filter((file) => {
    const spec = getSpec(file === 'docker.txt' ? [] : file.slice(0, -4).split('_'), '20.10');
    // stub leaves only exist for listings; their own flags are not modelled
    return spec && !(spec.stub && spec.subcommands.length === 0);
  });

  it('covers every modelled command', () => {
    expect(modelled.length).toBeGreaterThan(100);
    for (const name of ['docker', 'run', 'create', 'ps', 'container_ls', 'image_rm', 'volume_rm', 'system_prune', 'build', 'login']) {
      expect(modelled).toContain(`${name}.txt`);
    }
  });

  it.each(modelled)('%s', (file) => {
    const path = file === 'docker.txt' ? [] : file.slice(0, -4).split('_');
    const spec = getSpec(path, '20.10')!;
    expect(renderHelp(spec, '20.10', opts)).toBe(readFileSync(join(dir, file), 'utf8'));
  });

  it.each(modelled)('%s via --help on the command line', (file) => {
    const path = file === 'docker.txt' ? [] : file.slice(0, -4).split('_');
    const r = parseCommandLine([...path, '--help'], '20.10', opts);
    expect(r).toEqual({ stdout: readFileSync(join(dir, file), 'utf8'), stderr: '', exitCode: 0 });
  });
});

interface Case {
  argv: string[];
  stdout: string;
  stderr: string;
  exitCode: number;
}

// Outcomes decided after argument parsing (by the daemon or the command itself):
// the real CLI parsed these lines successfully.
const afterParsing =
  /Cannot connect to the Docker daemon|the input device is not a TTY|invalid reference format|no such file or directory|errors pretty printing info|Removing login credentials/;

describe('20.10 argv cases (cases.txt)', () => {
  const cases = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as Case[];
  const label = (c: Case) => c.argv.join(' ');
  const parsedOk = cases.filter((c) => afterParsing.test(c.stderr + c.stdout));
  const failing = cases.filter((c) => !afterParsing.test(c.stderr + c.stdout));

  it('has both kinds', () => {
    expect(parsedOk.length).toBeGreaterThan(50);
    expect(failing.length).toBeGreaterThan(100);
  });

  it.each(parsedOk.map((c) => [label(c), c] as const))('%s → parsed', (_l, c) => {
    const r = parseCommandLine(c.argv.slice(1), '20.10', opts);
    expect('exitCode' in r ? r : undefined).toBeUndefined();
  });

  it.each(failing.map((c) => [label(c), c] as const))('%s → exact output', (_l, c) => {
    const r = parseCommandLine(c.argv.slice(1), '20.10', opts);
    expect('exitCode' in r).toBe(true);
    if (!('exitCode' in r)) return;
    expect({ stdout: r.stdout ?? '', stderr: r.stderr, exitCode: r.exitCode }).toEqual({
      stdout: c.stdout,
      stderr: c.stderr,
      exitCode: c.exitCode,
    });
  });
});
