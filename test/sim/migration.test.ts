/**
 * The source material's migration section, through the command line: export →
 * import (one flat layer, no CMD) and save → load (layers, tags and history kept),
 * with real tar files written to and read from the host.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeFiles } from '../../src/cli/nodeFiles.ts';
import { SimHost } from '../../src/runner/simHost.ts';
import { readTar } from '../../src/sim/archive/index.ts';
import { createSimulator } from '../../src/sim/simulator.ts';

const dir = mkdtempSync(join(tmpdir(), 'classroom-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(['20.10', '29'] as const)('Docker %s', (version) => {
  it('moves a container by export/import and an image by save/load', async () => {
    const host = new SimHost(await createSimulator({ version, seed: 5 }), nodeFiles(dir));
    const d = (...argv: string[]) => host.docker(argv);
    await d('run', '--name', 'src', '-v', '/data', 'busybox', 'sh', '-c', 'cd /tmp && touch test && echo x > /etc/newfile && rm /bin/wc && echo v > /data/f');
    expect((await d('export', '-o', `c-${version}.tar`, 'src')).exitCode).toBe(0);
    const names = [...readTar(new Uint8Array(readFileSync(join(dir, `c-${version}.tar`))), { maxEntries: 10_000, maxFileBytes: 1e8 })].map((e) => e.name);
    expect(names[0]).toBe('.dockerenv');
    expect(names).toContain('etc/newfile');
    expect(names).toContain('data/');
    expect(names).not.toContain('data/f');
    expect(names).not.toContain('bin/wc');

    const imported = await d('import', `c-${version}.tar`, 'busybox:test');
    expect(imported.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    const nocmd = await d('run', '--rm', 'busybox:test');
    expect(nocmd.exitCode).toBe(125);
    expect(nocmd.stderr).toContain(version === '20.10' ? 'No command specified' : 'no command specified');
    expect((await d('run', '--rm', 'busybox:test', 'sh', '-c', 'ls /tmp; cat /etc/newfile')).stdout).toBe('test\nx\n');

    expect((await d('commit', '-m', 'my msg', 'src', 'busybox:committed')).exitCode).toBe(0);
    expect((await d('save', '-o', `s-${version}.tar`, 'busybox:committed')).exitCode).toBe(0);
    expect((await d('rmi', 'busybox:committed')).exitCode).toBe(0);
    expect((await d('load', '-i', `s-${version}.tar`)).stdout).toBe('Loaded image: busybox:committed\n');
    expect((await d('run', '--rm', 'busybox:committed', 'sh', '-c', 'cat /etc/newfile; ls /bin/wc')).stdout).toBe('x\n');
    expect((await d('history', '--format', '{{.Comment}}', 'busybox:committed')).stdout).toBe('my msg\nImported from -\n');

    const wrong = await d('load', '-i', `c-${version}.tar`);
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stderr).toMatch(/no such file or directory/);
  }, 60_000);
});

describe.each(['20.10', '29'] as const)('Docker %s: save → rmi → load keeps image IDs', (version) => {
  it('for busybox, a committed image and an imported image (the config goes out and comes back byte for byte)', async () => {
    const sim = await createSimulator({ version, seed: 7 });
    const host = new SimHost(sim, nodeFiles(dir));
    const d = (...argv: string[]) => host.docker(argv);
    // binary content, small and large, must survive in the committed layer
    sim.host.writeFile('/srv/small.bin', new Uint8Array([0xff, 0xfe, 0x01, 0x78]));
    await d('run', '--name', 'c1', '-v', '/srv:/srv', 'busybox', 'sh', '-c', 'echo hi > /hello; seq 1 14000 > /big; cp /srv/small.bin /small');
    await d('commit', 'c1', 'committed:v1');
    await d('export', '-o', `idc-${version}.tar`, 'c1');
    await d('import', `idc-${version}.tar`, 'imported:v1');
    const refs = ['busybox:latest', 'committed:v1', 'imported:v1'];
    const ids = async () => (await d('inspect', '-f', '{{.Id}}', ...refs)).stdout;
    const before = await ids();
    expect(before).toMatch(/^(sha256:[0-9a-f]{64}\n){3}$/);
    await d('run', '--rm', '-v', '/srv:/srv', 'committed:v1', 'cp', '/big', '/srv/big-before');
    expect((await d('save', '-o', `ids-${version}.tar`, ...refs)).exitCode).toBe(0);
    await d('rm', 'c1');
    expect((await d('rmi', ...refs)).exitCode).toBe(0);
    expect((await d('images', '-q')).stdout).toBe('');
    expect((await d('load', '-i', `ids-${version}.tar`)).stdout).toBe(refs.map((r) => `Loaded image: ${r}\n`).join(''));
    expect(await ids()).toBe(before);
    const r = await d('run', '--rm', '-v', '/srv:/srv', 'committed:v1', 'sh', '-c', 'cat /hello; cp /big /small /srv/');
    expect(r.stdout).toBe('hi\n');
    // (seq, not /dev/urandom: the simulated shell's pipes carry text, so random bytes would not stay bytes)
    expect(sim.host.readFile('/srv/big').length).toBe(72894);
    expect(sim.host.readFile('/srv/big')).toEqual(sim.host.readFile('/srv/big-before'));
    expect([...sim.host.readFile('/srv/small')]).toEqual([0xff, 0xfe, 0x01, 0x78]);
  }, 60_000);
});

describe('archives written by the real Docker 20.10 engine', () => {
  const fixtures = join(import.meta.dirname, 'archive', 'fixtures');
  it('loads a real docker save and runs its images with their files', async () => {
    const host = new SimHost(await createSimulator({ version: '20.10', seed: 6 }), nodeFiles(fixtures));
    const d = (...argv: string[]) => host.docker(argv);
    const loaded = await d('load', '-i', 'save-busybox.tar.gz');
    expect(loaded.exitCode).toBe(0);
    expect(loaded.stdout).toContain('Loaded image: busybox:committed');
    expect((await d('run', '--rm', 'busybox:committed', 'sh', '-c', 'cat /etc/newfile; ls /tmp; ls /bin/wc')).stdout).toBe('x\ntest\n');
  }, 60_000);

  it('imports a real docker export and runs it with a command', async () => {
    const host = new SimHost(await createSimulator({ version: '20.10', seed: 6 }), nodeFiles(fixtures));
    const d = (...argv: string[]) => host.docker(argv);
    expect((await d('import', 'export-busybox.tar.gz', 'migrated:v1')).stdout).toMatch(/^sha256:/);
    expect((await d('run', '--rm', 'migrated:v1', 'sh', '-c', 'cat /etc/newfile; ls /tmp; test -e /.dockerenv && echo env')).stdout).toBe('x\ntest\nenv\n');
  }, 60_000);
});
