/** The layer diagram's data, through the engine: files by layer and status, live updates. */
import { describe, expect, it } from 'vitest';
import { SimHost } from '../../src/runner/simHost.ts';
import { createSimulator } from '../../src/sim/simulator.ts';

describe('containerLayers', () => {
  it('shows copy-up and whiteouts as they happen, and shared image layers', async () => {
    const sim = await createSimulator({ seed: 2 });
    const host = new SimHost(sim);
    await host.docker(['run', '-d', '--name', 'web1', 'busybox', 'sleep', '600']);
    await host.docker(['run', '-d', '--name', 'web2', 'busybox', 'sleep', '600']);
    const view = sim.engine.containerLayers('web1');
    let events = 0;
    const stop = view.watch(() => events++);
    await host.docker(['exec', 'web1', 'sh', '-c', 'echo x >> /etc/passwd; rm /bin/wc; echo n > /tmp/new']);
    stop();
    expect(events).toBeGreaterThan(0);
    const layers = sim.engine.containerLayers('web1').layers;
    const top = layers[layers.length - 1]!;
    const statuses = new Map(top.files.map((f) => [f.path, f.status]));
    expect(statuses.get('/etc/passwd')).toBe('copied up');
    expect(statuses.get('/bin/wc')).toBe('whiteout');
    expect(statuses.get('/tmp/new')).toBe('from this layer');
    // the other container still sees the image's files untouched
    expect((await host.docker(['exec', 'web2', 'ls', '/bin/wc'])).stdout).toBe('/bin/wc\n');
  });
});
