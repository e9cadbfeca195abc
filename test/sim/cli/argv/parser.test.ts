// pflag semantics through the public API (both versions), values of every flag kind,
// and the split API (lookupCommand + parseFlags).
import { describe, expect, it } from 'vitest';
import {
  getSpec,
  loadHelpTexts,
  lookupCommand,
  parseCommandLine,
  parseFlags,
  type FlagValue,
  type ParsedCommand,
  type UsageError,
  type Version,
} from '../../../../src/sim/cli/argv/index.ts';

// The help texts are loaded on first use (lazy-texts.test.ts); usage errors here print them.
await loadHelpTexts();

function ok(argv: string, v: Version = '20.10'): ParsedCommand {
  const r = parseCommandLine(argv === '' ? [] : argv.split(' '), v);
  if ('exitCode' in r) throw new Error(`${argv}: ${r.stderr}${r.stdout ?? ''}`);
  return r;
}
function err(argv: string, v: Version = '20.10'): UsageError {
  const r = parseCommandLine(argv.split(' '), v);
  if (!('exitCode' in r)) throw new Error(`${argv}: parsed`);
  return r;
}

describe('pflag syntax', () => {
  const table: [argv: string, path: string[], flags: Record<string, FlagValue>, args: string[]][] = [
    ['run --name web busybox', ['run'], { name: 'web' }, ['busybox']],
    ['run --name=web busybox', ['run'], { name: 'web' }, ['busybox']],
    ['run --name= busybox', ['run'], { name: '' }, ['busybox']],
    ['run -e A=1 busybox', ['run'], { env: ['A=1'] }, ['busybox']],
    ['run -eA=1 busybox', ['run'], { env: ['A=1'] }, ['busybox']],
    ['run -e=A=1 busybox', ['run'], { env: ['A=1'] }, ['busybox']],
    ['run -dit busybox sh', ['run'], { detach: true, interactive: true, tty: true }, ['busybox', 'sh']],
    ['run -it=false busybox', ['run'], { interactive: true, tty: false }, ['busybox']],
    ['run -dp 80:80 busybox', ['run'], { detach: true, publish: ['80:80'] }, ['busybox']],
    ['run -dp80:80 busybox', ['run'], { detach: true, publish: ['80:80'] }, ['busybox']],
    ['run --rm=false busybox', ['run'], { rm: false }, ['busybox']],
    ['run --rm busybox', ['run'], { rm: true }, ['busybox']],
    ['run -e A -e B=2 -e C busybox', ['run'], { env: ['A', 'B=2', 'C'] }, ['busybox']],
    ['run -p 1:1 -p 2:2 -v /a -v b:/b busybox', ['run'], { publish: ['1:1', '2:2'], volume: ['/a', 'b:/b'] }, ['busybox']],
    // run, create, exec, commit, top, tag stop at the first argument
    ['run busybox ls -l', ['run'], {}, ['busybox', 'ls', '-l']],
    ['run busybox --rm', ['run'], { rm: false }, ['busybox', '--rm']],
    ['exec -it web sh -c x', ['exec'], { interactive: true, tty: true }, ['web', 'sh', '-c', 'x']],
    ['top web -ef', ['top'], {}, ['web', '-ef']],
    // other commands accept flags after arguments
    ['rm web -f', ['rm'], { force: true }, ['web']],
    ['logs web -f --tail 3', ['logs'], { follow: true, tail: '3' }, ['web']],
    // -- ends the flags
    ['rm -- -f', ['rm'], { force: false }, ['-f']],
    ['run -- busybox', ['run'], {}, ['busybox']],
    // a lone "-" is an argument
    ['logs -', ['logs'], {}, ['-']],
    // ints: base prefixes and underscores (strconv.ParseInt(s, 0, 64))
    ['stop -t 0x10 web', ['stop'], { time: 16 }, ['web']],
    ['stop -t 010 web', ['stop'], { time: 8 }, ['web']],
    ['stop -t 1_000 web', ['stop'], { time: 1000 }, ['web']],
    ['stop -t -1 web', ['stop'], { time: -1 }, ['web']],
    ['stop -t=5 web', ['stop'], { time: 5 }, ['web']],
    ['stop -t5 web', ['stop'], { time: 5 }, ['web']],
    ['ps -n 3', ['ps'], { last: 3 }, []],
    ['ps -qan2', ['ps'], { quiet: true, all: true, last: 2 }, []],
    ['ps -f status=exited -f Name=web', ['ps'], { filter: ['status=exited', 'name=web'] }, []],
    ['container ls -a', ['container', 'ls'], { all: true }, []],
    ['container list -a', ['container', 'ls'], { all: true }, []],
    ['container ps -a', ['container', 'ls'], { all: true }, []],
    ['image rmi busybox', ['image', 'rm'], {}, ['busybox']],
    ['volume list -q', ['volume', 'ls'], { quiet: true }, []],
    ['kill -s HUP web', ['kill'], { signal: 'HUP' }, ['web']],
    ['kill web', ['kill'], { signal: 'KILL' }, ['web']],
    ['start -ai web', ['start'], { attach: true, interactive: true }, ['web']],
    ['run --restart on-failure:3 busybox', ['run'], { restart: 'on-failure:3' }, ['busybox']],
    ['run busybox', ['run'], { restart: 'no', 'stop-signal': 'SIGTERM', 'sig-proxy': true, pull: 'missing' }, ['busybox']],
    ['run -a STDOUT -a stderr busybox', ['run'], { attach: ['stdout', 'stderr'] }, ['busybox']],
    ['run --dns-opt a --dns-option b --net host busybox', ['run'], { 'dns-option': ['a', 'b'], network: ['host'] }, ['busybox']],
    ['run -m 512m --memory-swap -1 --cpus 1.5 busybox', ['run'], { memory: 536870912, 'memory-swap': -1, cpus: 1500000000 }, ['busybox']],
    ['run --health-interval 1m30s busybox', ['run'], { 'health-interval': 90e9 }, ['busybox']],
    ['run --blkio-weight 500 busybox', ['run'], { 'blkio-weight': 500 }, ['busybox']],
    ['run --dns 8.8.8.8 --dns 0:0::1 busybox', ['run'], { dns: ['8.8.8.8', '::1'] }, ['busybox']],
    ['run -h myhost busybox', ['run'], { hostname: 'myhost' }, ['busybox']],
    ['build --cache-from a,b --cache-from c .', ['build'], { 'cache-from': ['a', 'b', 'c'] }, ['.']],
    ['volume create -o type=tmpfs -o device=tmpfs v', ['volume', 'create'], { opt: ['type=tmpfs', 'device=tmpfs'] }, ['v']],
  ];
  it.each(table)('docker %s', (argv, path, flags, args) => {
    const r = ok(argv);
    expect(r.path).toEqual(path);
    for (const [k, v] of Object.entries(flags)) expect(r.parsed.flags[k], k).toEqual(v);
    expect(r.parsed.args).toEqual(args);
  });

  it('filter names are lowercased and trimmed', () => {
    const r = parseCommandLine(['ps', '-f', ' Status = exited '], '20.10');
    if ('exitCode' in r) throw new Error(r.stderr);
    expect(r.parsed.flags.filter).toEqual(['status=exited']);
  });

  it('every flag of the command is present, changed holds the ones given', () => {
    const r = ok('ps -a');
    expect(Object.keys(r.parsed.flags).sort()).toEqual(['all', 'filter', 'format', 'last', 'latest', 'no-trunc', 'quiet', 'size']);
    expect([...r.parsed.changed]).toEqual(['all']);
    expect(r.parsed.flags.last).toBe(-1);
    expect(r.parsed.flags.filter).toEqual([]);
  });

  it('shared variables: the value under the visible name, changed under the typed one', () => {
    const r = ok('run --net none busybox');
    expect(r.parsed.flags.network).toEqual(['none']);
    expect(r.parsed.changed.has('net')).toBe(true);
    expect('net' in r.parsed.flags).toBe(false);
  });

  it('globals are returned with the lookup', () => {
    const r = ok('-D -l warn -H unix:///x.sock ps');
    expect(r.globals.flags.debug).toBe(true);
    expect(r.globals.flags['log-level']).toBe('warn');
    expect(r.globals.flags.host).toEqual(['unix:///x.sock']);
    expect(r.globals.changed).toEqual(new Set(['debug', 'log-level', 'host']));
    const v29 = ok('-H unix:///x.sock ps', '29');
    expect(v29.globals.flags.host).toBe('unix:///x.sock');
  });

  it('29 flags', () => {
    const r = ok('stop -s USR1 -t 3 web', '29');
    expect(r.parsed.flags).toMatchObject({ signal: 'USR1', timeout: 3 });
    expect(ok('kill web', '29').parsed.flags.signal).toBe('');
    expect(ok('run --ip 10.0.0.2 --ip6 2001:DB8:0:0:0:0:0:33 busybox', '29').parsed.flags).toMatchObject({
      ip: '10.0.0.2',
      ip6: '2001:db8::33',
    });
    expect(ok('run -q --pull never busybox', '29').parsed.flags).toMatchObject({ quiet: true, pull: 'never' });
    expect(ok('container remove web', '29').path).toEqual(['container', 'rm']);
    expect(ok('run --add-host h=1.2.3.4 --add-host g:[::1] busybox', '29').parsed.flags['add-host']).toEqual(['h:1.2.3.4', 'g:::1']);
  });
});

describe('flag errors (exit 125)', () => {
  const table: [argv: string, first: string][] = [
    ['ps --bogus', 'unknown flag: --bogus'],
    ['ps -az', "unknown shorthand flag: 'z' in -z"],
    ['ps -x=1', "unknown shorthand flag: 'x' in -x=1"],
    ['run --=x busybox', 'bad flag syntax: --=x'],
    ['run --- busybox', 'bad flag syntax: ---'],
    ['run --name', 'flag needs an argument: --name'],
    ['run -e', "flag needs an argument: 'e' in -e"],
    ['run -it -e', "flag needs an argument: 'e' in -e"],
    ['stop -t x c', 'invalid argument "x" for "-t, --time" flag: strconv.ParseInt: parsing "x": invalid syntax'],
    ['stop -t 1_ c', 'invalid argument "1_" for "-t, --time" flag: strconv.ParseInt: parsing "1_": invalid syntax'],
    ['stop -t 9223372036854775808 c', 'invalid argument "9223372036854775808" for "-t, --time" flag: strconv.ParseInt: parsing "9223372036854775808": value out of range'],
    ['run --rm=x busybox', 'invalid argument "x" for "--rm" flag: strconv.ParseBool: parsing "x": invalid syntax'],
    ['run --blkio-weight 65536 busybox', 'invalid argument "65536" for "--blkio-weight" flag: strconv.ParseUint: parsing "65536": value out of range'],
    ['run --health-interval 10 busybox', 'invalid argument "10" for "--health-interval" flag: time: missing unit in duration "10"'],
    ['run --health-interval 1d busybox', 'invalid argument "1d" for "--health-interval" flag: time: unknown unit "d" in duration "1d"'],
    ['run -m 1.5.5g busybox', 'invalid argument "1.5.5g" for "-m, --memory" flag: strconv.ParseFloat: parsing "1.5.5": invalid syntax'],
    ['run --cpus 1/0 busybox', 'invalid argument "1/0" for "--cpus" flag: failed to parse 1/0 as a rational number'],
    ['run -a foo busybox', 'invalid argument "foo" for "-a, --attach" flag: valid streams are STDIN, STDOUT and STDERR'],
    ['run --mount type=volume,src=x busybox', 'invalid argument "type=volume,src=x" for "--mount" flag: target is required'],
    ['ps -f status', 'invalid argument "status" for "-f, --filter" flag: bad format of filter (expected name=value)'],
  ];
  it.each(table)('docker %s', (argv, first) => {
    const r = err(argv);
    expect(r.exitCode).toBe(125);
    expect(r.stderr.split('\n')[0]).toBe(first);
  });

  it('29 texts that differ', () => {
    expect(err('run --dns 1.2.3 busybox', '29').stderr.split('\n')[0]).toBe(
      'invalid argument "1.2.3" for "--dns" flag: IP address is not correctly formatted: 1.2.3',
    );
    expect(err('run --sysctl x busybox', '29').stderr.split('\n')[0]).toBe('invalid argument "x" for "--sysctl" flag: sysctl \'x\' is not allowed');
    expect(err('run -m 1kk busybox', '29').stderr.split('\n')[0]).toBe('invalid argument "1kk" for "-m, --memory" flag: invalid suffix: \'kk\'');
    expect(err('run --ip 1.2.3 busybox', '29').stderr.split('\n')[0]).toBe('invalid argument "1.2.3" for "--ip" flag: failed to parse IP: "1.2.3"');
    expect(err('run --mount type=bind,bind-nonrecursive busybox', '29').stderr.split('\n')[0]).toBe(
      'invalid argument "type=bind,bind-nonrecursive" for "--mount" flag: bind-nonrecursive is deprecated, use bind-recursive=disabled instead',
    );
  });
});

describe('split API: lookupCommand + parseFlags', () => {
  it('lookupCommand returns the spec, the path and what is left', () => {
    const r = lookupCommand(['-D', 'container', 'ls', '-a', '--no-trunc'], '20.10');
    if ('exitCode' in r) throw new Error(r.stderr);
    expect(r.path).toEqual(['container', 'ls']);
    expect(r.spec.use).toBe('ls [OPTIONS]');
    expect(r.rest).toEqual(['-a', '--no-trunc']);
    expect(r.globals.flags.debug).toBe(true);
    const p = parseFlags(r.spec, r.rest, '20.10', { lookup: r });
    if ('exitCode' in p) throw new Error(p.stderr);
    expect(p.flags).toMatchObject({ all: true, 'no-trunc': true });
  });

  it('lookupCommand: unknown commands end at the root', () => {
    const r = lookupCommand(['iamges'], '20.10');
    if ('exitCode' in r) throw new Error(r.stderr);
    expect(r.path).toEqual([]);
    expect(parseFlags(r.spec, r.rest, '20.10', { lookup: r })).toEqual({
      stderr: "docker: 'iamges' is not a docker command.\nSee 'docker --help'\n",
      exitCode: 1,
    });
  });

  it('lookupCommand: global flag errors', () => {
    const r = lookupCommand(['--bogus'], '29');
    expect(r).toMatchObject({ exitCode: 125 });
  });

  it('parseFlags on its own', () => {
    const spec = getSpec(['stop'], '20.10')!;
    expect(parseFlags(spec, ['-t', '3', 'web'], '20.10')).toMatchObject({ flags: { time: 3 }, args: ['web'] });
    expect(parseFlags(spec, [], '20.10')).toMatchObject({ exitCode: 1 });
    const help = parseFlags(spec, ['--help'], '20.10');
    expect(help).toMatchObject({ exitCode: 0, stderr: '' });
    expect((help as UsageError).stdout).toContain('Usage:  docker stop [OPTIONS] CONTAINER [CONTAINER...]');
  });

  it('a global --help asks the command for help', () => {
    const r = parseCommandLine(['--help', 'ps'], '20.10');
    expect(r).toMatchObject({ exitCode: 0 });
    expect((r as UsageError).stdout).toContain('Usage:  docker ps [OPTIONS]');
  });

  it('getSpec accepts aliases and returns undefined for unknown paths', () => {
    expect(getSpec(['container', 'list'], '20.10')?.name).toBe('ls');
    expect(getSpec(['nope'], '20.10')).toBeUndefined();
  });

  it('stub commands are found but marked; their arguments are left unparsed', () => {
    const r = ok('network ls -q --filter driver=bridge');
    expect(r.spec.stub).toBe(true);
    expect(r.path).toEqual(['network', 'ls']);
    expect(r.parsed.args).toEqual(['-q', '--filter', 'driver=bridge']);
    expect(r.parsed.flags).toEqual({});
    // stub groups still list their subcommands
    expect(parseCommandLine(['network'], '20.10')).toMatchObject({ exitCode: 0 });
  });
});
