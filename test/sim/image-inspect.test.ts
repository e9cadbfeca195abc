/**
 * `docker image inspect -f`: the CLI runs the template against its own typed
 * struct (types.ImageInspect in 20.10, image.InspectResponse in v29), so field
 * order and zero-valued fields come from the struct declarations, whatever the
 * daemon sent. Real 20.10 (busybox imported, a commit, an import, after load):
 *   {{json .RootFS}}        {"Type":"layers","Layers":["sha256:…"]}
 *   {{.RootFS}}             {layers [sha256:…] }        (BaseLayer "" printed)
 *   {{json .GraphDriver}}   {"Data":{…},"Name":"overlay2"}
 *   {{.Metadata.LastTagTime}}  0001-01-01 00:00:00 +0000 UTC  (a time.Time)
 *   {{.Config.NetworkDisabled}} {{.Config.Volumes}} {{json .Config.Volumes}} {{.Config.MacAddress}}|{{.Config.Healthcheck}}|{{json .Config.Healthcheck}}|{{.ContainerConfig.StopTimeout}}
 *                           false map[] null |<nil>|null|<nil>
 * A v29 daemon re-encodes image inspect through a map when it adds Parent or
 * DockerVersion (a commit's parent), so its JSON has sorted keys at every level;
 * the CLI's struct puts them back in order.
 */
import { describe, expect, it } from 'vitest';
import { SimHost } from '../../src/runner/simHost.ts';
import { createSimulator } from '../../src/sim/simulator.ts';
import { nodeFiles } from '../../src/cli/nodeFiles.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'classroom-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function setup(version: '20.10' | '29') {
  const host = new SimHost(await createSimulator({ version, seed: 4 }), nodeFiles(dir));
  const d = (...argv: string[]) => host.docker(argv);
  await d('run', '--name', 'c1', 'busybox', 'sh', '-c', 'echo hi > /hello');
  await d('commit', '-c', 'ENV A=1', 'c1', 'committed:v1');
  await d('export', '-o', `x-${version}.tar`, 'c1');
  await d('import', `x-${version}.tar`, 'imported:v1');
  await d('save', '-o', `s-${version}.tar`, 'committed:v1');
  await d('rmi', 'committed:v1');
  await d('load', '-i', `s-${version}.tar`);
  await d('commit', '-c', 'ENV B=2', 'c1', 'committed:v2');
  return d;
}

describe.each(['20.10', '29'] as const)('Docker %s', (version) => {
  it('{{json .RootFS}} is Type then Layers for every image (imported, committed, loaded)', async () => {
    const d = await setup(version);
    const r = await d('inspect', '-f', '{{json .RootFS}}', 'busybox', 'committed:v1', 'committed:v2', 'imported:v1');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    for (const l of lines) expect(l).toMatch(/^\{"Type":"layers","Layers":\["sha256:[0-9a-f]{64}"(,"sha256:[0-9a-f]{64}")*\]\}$/);
    const printed = (await d('inspect', '-f', '{{.RootFS}}', 'committed:v2')).stdout;
    expect(printed).toMatch(version === '20.10' ? /^\{layers \[sha256:[0-9a-f]{64} sha256:[0-9a-f]{64}\] \}\n$/ : /^\{layers \[sha256:[0-9a-f]{64} sha256:[0-9a-f]{64}\]\}\n$/);
    // the raw (untemplated) output keeps what the daemon sent: v29 sorted for a commit (compat.Wrap), 20.10 in struct order
    const raw = (await d('image', 'inspect', 'committed:v2')).stdout;
    expect(raw.indexOf('"Type": "layers"') < raw.indexOf('"Layers": [')).toBe(version === '20.10');
  });

  it('{{json .Config}} and {{json .}} follow the struct, not the daemon’s key order', async () => {
    const d = await setup(version);
    const cfg = (await d('inspect', '-f', '{{json .Config}}', 'committed:v2')).stdout;
    expect(cfg.indexOf('"Env"')).toBeGreaterThan(-1);
    expect(cfg.indexOf('"Env"')).toBeLessThan(cfg.indexOf('"Cmd"'));
    const all = JSON.parse((await d('inspect', '-f', '{{json .}}', 'committed:v2')).stdout) as Record<string, unknown>;
    const keys = Object.keys(all);
    expect(keys[0]).toBe('Id');
    expect(keys.indexOf('RootFS')).toBeLessThan(keys.indexOf('Metadata'));
    // v29's struct has no Parent/DockerVersion: {{json .}} leaves them out, {{.Parent}} reads the raw JSON
    expect(keys.includes('Parent')).toBe(version === '20.10');
    expect((await d('inspect', '-f', '{{.Parent}}', 'committed:v2')).stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
  });
});

describe('Docker 20.10: the typed struct’s zero values and types', () => {
  it('GraphDriver is Data then Name; LastTagTime is a time.Time; absent fields hold Go zero values', async () => {
    const d = await setup('20.10');
    expect((await d('inspect', '-f', '{{json .GraphDriver}}', 'committed:v2')).stdout).toMatch(/^\{"Data":\{"LowerDir":.*\},"Name":"overlay2"\}\n$/);
    expect((await d('image', 'inspect', 'busybox')).stdout).toMatch(/"GraphDriver": \{\n {12}"Data": \{[^}]*\},\n {12}"Name": "overlay2"\n/);
    expect((await d('inspect', '-f', '{{.Metadata.LastTagTime}}|{{json .Metadata}}', 'committed:v2')).stdout).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC\|\{"LastTagTime":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"\}\n$/,
    );
    const zero = await d(
      'inspect', '-f',
      '{{.Config.NetworkDisabled}} {{.Config.Volumes}} {{json .Config.Volumes}} {{.Config.MacAddress}}|{{.Config.Healthcheck}}|{{json .Config.Healthcheck}}|{{.ContainerConfig.StopTimeout}}',
      'busybox',
    );
    expect(zero).toMatchObject({ stdout: 'false map[] null |<nil>|null|<nil>\n', exitCode: 0 });
  });
});

describe('Docker 29: fields of image.InspectResponse', () => {
  it('a containerd image has no GraphDriver: a nil pointer (json null), not a missing key', async () => {
    const d = await setup('29');
    expect(await d('inspect', '-f', '{{json .GraphDriver}}', 'busybox')).toMatchObject({ stdout: 'null\n', exitCode: 0 });
    expect((await d('inspect', '-f', '{{json .Descriptor}}', 'busybox')).stdout).toMatch(/^\{"mediaType":"[^"]+","digest":"sha256:[0-9a-f]{64}","size":\d+\}\n$/);
    expect((await d('inspect', '-f', '{{.Descriptor.MediaType}}', 'busybox')).stdout).toBe('application/vnd.oci.image.manifest.v1+json\n');
  });
});
