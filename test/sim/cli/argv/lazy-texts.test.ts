// Most help texts (specs/texts.ts) are loaded when help is first printed: parsing
// works without them, an outcome that prints them asks for them, and once loaded
// every tree has them (the goldens check the bytes).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  commandTree,
  getSpec,
  HelpTextsNotLoaded,
  loadHelpTexts,
  parseCommandLine,
  renderHelp,
  UNREACHABLE_DAEMON_20,
  withHelpTexts,
  type CommandSpec,
} from '../../../../src/sim/cli/argv/index.ts';

const golden = (f: string) => readFileSync(join(import.meta.dirname, 'golden', '20.10', f), 'utf8');
const args = (s: string) => s.split(' ');

// The tests run in order: the first ones before anything loaded the texts.
describe('before the help texts are loaded', () => {
  it('command lines parse', () => {
    expect(parseCommandLine(args('run -d --name web busybox sleep 9'), '20.10')).toMatchObject({ path: ['run'], parsed: { args: ['busybox', 'sleep', '9'] } });
    expect(parseCommandLine(args('container ls -a'), '29')).toMatchObject({ path: ['container', 'ls'] });
  });

  it('errors without help texts are answered', () => {
    expect(parseCommandLine(args('run --bogus busybox'), '20.10')).toEqual({ stderr: "unknown flag: --bogus\nSee 'docker run --help'.\n", exitCode: 125 });
    expect(parseCommandLine(['run'], '29')).toMatchObject({ exitCode: 1 });
    expect(parseCommandLine(['nosuch'], '20.10')).toMatchObject({ exitCode: 1 });
  });

  it('outcomes that print help texts ask for them', () => {
    for (const [argv, v] of [
      ['run --help', '20.10'],
      ['run', '20.10'], // 20.10 prints the short text under "requires at least 1 argument"
      ['container --bogus', '20.10'], // a management command's usage
      ['--help', '29'],
      ['volume', '29'],
    ] as const) {
      expect(() => parseCommandLine(argv === '--help' ? ['--help'] : args(argv), v), `${argv} (${v})`).toThrow(HelpTextsNotLoaded);
    }
  });

  it('withHelpTexts loads them and answers the same as a synchronous call afterwards', async () => {
    const help = withHelpTexts(() => renderHelp(getSpec(['run'], '20.10')!, '20.10', { daemon: UNREACHABLE_DAEMON_20 }));
    expect(help).toBeInstanceOf(Promise);
    expect(await help).toBe(golden('run.txt'));
    const again = withHelpTexts(() => renderHelp(getSpec(['run'], '20.10')!, '20.10', { daemon: UNREACHABLE_DAEMON_20 }));
    expect(again).toBe(golden('run.txt'));
  });
});

describe('after loading', () => {
  it('every command and visible flag of both versions has its text, trees built later too', async () => {
    await loadHelpTexts();
    for (const v of ['20.10', '29'] as const) {
      for (const configDir of ['/root/.docker', '/home/u/.docker']) {
        const missing: string[] = [];
        const walk = (c: CommandSpec) => {
          if (c.short === '') missing.push(c.path.join(' '));
          for (const f of [...c.flags, ...(c.persistentFlags ?? [])]) if (!f.hidden && f.usage === '') missing.push(`${c.path.join(' ')} --${f.name}`);
          c.subcommands.forEach(walk);
        };
        walk(commandTree(v, configDir));
        expect(missing, `${v} ${configDir}`).toEqual([]);
      }
    }
    expect(renderHelp(getSpec([], '20.10', { configDir: '/home/u/.docker' })!, '20.10', { configDir: '/home/u/.docker' })).toContain(
      'Location of client config files (default\n                           "/home/u/.docker")',
    );
  });

  it('usage errors print the short text', () => {
    expect(parseCommandLine(['run'], '20.10')).toEqual({
      stderr: '"docker run" requires at least 1 argument.\nSee \'docker run --help\'.\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun a command in a new container\n',
      exitCode: 1,
    });
  });
});
