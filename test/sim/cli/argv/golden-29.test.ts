// Docker CLI 29: help texts derived from the v29.7.2 source (golden/29/README.md)
// and usage errors whose exact texts were read from cli/required.go,
// cli/cobra.go and cmd/docker/docker.go.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHelpTexts, getSpec, parseCommandLine, renderHelp } from '../../../../src/sim/cli/argv/index.ts';

// The help texts are loaded on first use (lazy-texts.test.ts); these tests call the synchronous API.
await loadHelpTexts();

const dir = join(import.meta.dirname, 'golden', '29');

describe('29 help texts (derived from source)', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.txt'));
  it('covers the modelled commands', () => expect(files.length).toBeGreaterThan(100));
  it.each(files)('%s', (file) => {
    const path = file === 'docker.txt' ? [] : file.slice(0, -4).split('_');
    const spec = getSpec(path, '29')!;
    expect(spec).toBeDefined();
    expect(renderHelp(spec, '29')).toBe(readFileSync(join(dir, file), 'utf8'));
  });
});

const usage = (path: string, use: string, how = 'Run') => `\n\nUsage:  ${use}\n\n${how} '${path} --help' for more information\n`;

describe('29 usage errors', () => {
  const table: [argv: string, stderr: string, exitCode: number, stdout?: string][] = [
    ['ps --bogus', 'unknown flag: --bogus' + usage('docker ps', 'docker ps [OPTIONS]'), 125],
    ['ps -z', "unknown shorthand flag: 'z' in -z" + usage('docker ps', 'docker ps [OPTIONS]'), 125],
    ['run --name', 'flag needs an argument: --name' + usage('docker run', 'docker run [OPTIONS] IMAGE [COMMAND] [ARG...]'), 125],
    ["run -e", "flag needs an argument: 'e' in -e" + usage('docker run', 'docker run [OPTIONS] IMAGE [COMMAND] [ARG...]'), 125],
    [
      'stop -t x c',
      'invalid argument "x" for "-t, --timeout" flag: strconv.ParseInt: parsing "x": invalid syntax' +
        usage('docker stop', 'docker stop [OPTIONS] CONTAINER [CONTAINER...]'),
      125,
    ],
    [
      'stop --time x c',
      'invalid argument "x" for "--time" flag: strconv.ParseInt: parsing "x": invalid syntax' +
        usage('docker stop', 'docker stop [OPTIONS] CONTAINER [CONTAINER...]'),
      125,
    ],
    ['--bogus', 'unknown flag: --bogus' + usage('docker', 'docker [OPTIONS] COMMAND [ARG...]'), 125],
    ['container --bogus', 'unknown flag: --bogus' + usage('docker container', 'docker container'), 125],
    ['-H a -H b ps', 'invalid argument "b" for "-H, --host" flag: specify only one -H' + usage('docker', 'docker [OPTIONS] COMMAND [ARG...]'), 125],
    [
      'exec -it c',
      "docker: 'docker exec' requires at least 2 arguments" + usage('docker exec', 'docker exec [OPTIONS] CONTAINER COMMAND [ARG...]', 'See'),
      1,
    ],
    ['start', "docker: 'docker start' requires at least 1 argument" + usage('docker start', 'docker start [OPTIONS] CONTAINER [CONTAINER...]', 'See'), 1],
    ['rename a', "docker: 'docker rename' requires 2 arguments" + usage('docker rename', 'docker rename CONTAINER NEW_NAME'), 1],
    ['logs', "docker: 'docker logs' requires 1 argument" + usage('docker logs', 'docker logs [OPTIONS] CONTAINER'), 1],
    ['ps a', "docker: 'docker ps' accepts no arguments" + usage('docker ps', 'docker ps [OPTIONS]'), 1],
    ['images a b', "docker: 'docker images' requires at most 1 argument" + usage('docker images', 'docker images [OPTIONS] [REPOSITORY[:TAG]]'), 1],
    [
      'port',
      "docker: 'docker port' requires at least 1 and at most 2 arguments" + usage('docker port', 'docker port CONTAINER [PRIVATE_PORT[/PROTO]]'),
      1,
    ],
    ['container bogus', 'docker: unknown command: docker container bogus' + usage('docker container', 'docker container'), 1],
    ['image ls a b', "docker: 'docker image ls' requires at most 1 argument" + usage('docker image ls', 'docker image ls [OPTIONS] [REPOSITORY[:TAG]]'), 1],
    ['iamges', "docker: unknown command: docker iamges\n\nRun 'docker --help' for more information\n", 1],
    ['help bogus', 'unknown help topic: bogus\n', 1],
    ['-l bogus ps', 'Unable to parse logging level: bogus\n', 1],
    ['--version', '', 0, 'Docker version 29.7.2, build a7dcaa6\n'],
    ['checkpoint ls', 'docker checkpoint ls is only supported on a Docker daemon with experimental features enabled\n', 1],
    ['start --checkpoint x c', '"--checkpoint" is only supported on a Docker daemon with experimental features enabled\n', 1],
    ['run --cpu-count 2 busybox', '"--cpu-count" is only supported on a Docker daemon running on windows, but the Docker daemon is running on linux\n', 1],
  ];
  it.each(table)('docker %s', (argv, stderr, exitCode, stdout) => {
    const r = parseCommandLine(argv.split(' '), '29');
    expect(r).toEqual(stdout ? { stdout, stderr, exitCode } : { stderr, exitCode });
  });

  it('no arguments: the root help on stderr, exit 0', () => {
    const r = parseCommandLine([], '29');
    expect(r).toEqual({ stderr: readFileSync(join(dir, 'docker.txt'), 'utf8'), exitCode: 0 });
  });

  it('management command without a subcommand: its help on stderr, exit 0', () => {
    const r = parseCommandLine(['container'], '29');
    expect(r).toEqual({ stderr: readFileSync(join(dir, 'container.txt'), 'utf8'), exitCode: 0 });
  });

  it('-h: the deprecation notice then the help on stdout (no blank line in 29)', () => {
    const r = parseCommandLine(['ps', '-h'], '29');
    expect(r).toEqual({
      stdout: 'Flag shorthand -h has been deprecated, use --help\n' + readFileSync(join(dir, 'ps.txt'), 'utf8'),
      stderr: '',
      exitCode: 0,
    });
    const g = parseCommandLine(['-h'], '29');
    expect(g).toEqual({
      stdout: readFileSync(join(dir, 'docker.txt'), 'utf8'),
      stderr: 'Flag shorthand -h has been deprecated, use --help\n',
      exitCode: 0,
    });
  });

  it('deprecated flags still work and print a notice on stdout', () => {
    const r = parseCommandLine(['stop', '--time', '5', 'web'], '29');
    if ('exitCode' in r) throw new Error(r.stderr);
    expect(r.parsed.flags.timeout).toBe(5);
    expect(r.parsed.changed.has('time')).toBe(true);
    expect(r.parsed.changed.has('timeout')).toBe(false);
    expect(r.parsed.stdout).toBe('Flag --time has been deprecated, use --timeout instead\n');
    const c = parseCommandLine(['commit', '--pause=false', 'web'], '29');
    if ('exitCode' in c) throw new Error(c.stderr);
    expect(c.parsed.flags.pause).toBe(false);
    expect(c.parsed.stdout).toBe('Flag --pause has been deprecated, and enabled by default. Use --no-pause to disable pausing during commit.\n');
  });
});
