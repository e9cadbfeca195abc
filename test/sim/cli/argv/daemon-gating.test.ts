// docker/cli hides flags and commands the daemon does not support and refuses
// them when used (hideUnsupportedFeatures / isSupported). The simulator stands
// for a standard non-experimental Linux daemon; the 20.10 goldens were captured
// without a daemon, where the 20.10 client assumes an experimental daemon of
// unknown OS. These tests pin the differences.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHelpTexts, getSpec, parseCommandLine, renderHelp, STANDARD_DAEMON } from '../../../../src/sim/cli/argv/index.ts';

// The help texts are loaded on first use (lazy-texts.test.ts); these tests call the synchronous API.
await loadHelpTexts();

const golden = (f: string) => readFileSync(join(import.meta.dirname, 'golden', '20.10', f), 'utf8');

describe('20.10 with a standard daemon (API 1.41, linux, not experimental)', () => {
  it('is the default', () => expect(STANDARD_DAEMON['20.10']).toMatchObject({ apiVersion: '1.41', osType: 'linux', experimental: false }));

  it.each(['docker.txt', 'run.txt', 'create.txt', 'start.txt', 'ps.txt', 'container.txt', 'image.txt'])('%s: same help as without daemon', (f) => {
    const path = f === 'docker.txt' ? [] : [f.slice(0, -4)];
    expect(renderHelp(getSpec(path, '20.10')!, '20.10')).toBe(golden(f));
  });

  it('build --help hides the experimental --squash', () => {
    const want = golden('build.txt').replace(
      '      --squash                  Squash newly built layers into a single\n                                new layer\n',
      '',
    );
    expect(want).not.toBe(golden('build.txt'));
    expect(renderHelp(getSpec(['build'], '20.10')!, '20.10')).toBe(want);
  });

  const table: [argv: string, stderr: string][] = [
    ['start --checkpoint x c', '"--checkpoint" is only supported on a Docker daemon with experimental features enabled\n'],
    ['run --cpu-count 2 busybox', '"--cpu-count" is only supported on a Docker daemon running on windows, but the Docker daemon is running on linux\n'],
    [
      'run --cpu-count 2 --io-maxiops 3 busybox',
      '"--cpu-count" is only supported on a Docker daemon running on windows, but the Docker daemon is running on linux\n' +
        '"--io-maxiops" is only supported on a Docker daemon running on windows, but the Docker daemon is running on linux\n',
    ],
    ['checkpoint ls', 'docker checkpoint ls is only supported on a Docker daemon with experimental features enabled\n'],
    ['build --squash .', '"--squash" is only supported on a Docker daemon with experimental features enabled\n'],
  ];
  it.each(table)('docker %s', (argv, stderr) => {
    expect(parseCommandLine(argv.split(' '), '20.10')).toEqual({ stderr, exitCode: 1 });
  });

  it('checkpoint --help prints the reason on stdout, exit 0', () => {
    expect(parseCommandLine(['checkpoint', '--help'], '20.10')).toEqual({
      stdout: 'docker checkpoint is only supported on a Docker daemon with experimental features enabled\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('an experimental daemon shows and accepts them', () => {
    const daemon = { ...STANDARD_DAEMON['20.10'], experimental: true };
    expect(renderHelp(getSpec(['start'], '20.10')!, '20.10', { daemon })).toContain('--checkpoint string');
    expect(parseCommandLine(['start', '--checkpoint', 'x', 'c'], '20.10', { daemon })).toMatchObject({ path: ['start'] });
  });

  it('an older daemon API hides newer flags and refuses them', () => {
    const daemon = { ...STANDARD_DAEMON['20.10'], apiVersion: '1.40' };
    expect(renderHelp(getSpec(['run'], '20.10')!, '20.10', { daemon })).not.toContain('--cgroupns');
    expect(parseCommandLine(['run', '--cgroupns', 'host', 'busybox'], '20.10', { daemon })).toEqual({
      stderr: '"--cgroupns" requires API version 1.41, but the Docker daemon API version is 1.40\n',
      exitCode: 1,
    });
  });
});

describe('29 with a standard daemon (swarm inactive)', () => {
  it('hides swarm-manager commands and flags', () => {
    const root = renderHelp(getSpec([], '29')!, '29');
    expect(root).toContain('Swarm Commands:\n  swarm       Manage Swarm\n');
    expect(root).not.toMatch(/^ {2}(node|service|stack|secret|config) /m);
    const create = renderHelp(getSpec(['volume', 'create'], '29')!, '29');
    expect(create).not.toContain('--scope');
  });

  it('a swarm manager sees them', () => {
    const daemon = { ...STANDARD_DAEMON['29'], swarm: { nodeState: 'active', controlAvailable: true } };
    const root = renderHelp(getSpec([], '29')!, '29', { daemon });
    expect(root).toMatch(/Swarm Commands:\n {2}config {6}Manage Swarm configs\n {2}node /);
    expect(renderHelp(getSpec(['volume', 'create'], '29')!, '29', { daemon })).toContain('--scope string');
  });
});
