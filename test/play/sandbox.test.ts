/** The site's sandbox: rebuilt from its log (reload, Back, undo, uploads), checks, refusals for the diagram. */
import { afterEach, describe, expect, it } from 'vitest';
import { Sandbox } from '../../src/play/sandbox.ts';
import { parseCheck } from '../../src/lessons/checks.ts';

const cmd = (text: string, input: string[] = []) => ({ text, input, inputText: [] });
const live: Sandbox[] = [];
async function make(log?: unknown[]): Promise<Sandbox> {
  const sb = await Sandbox.create({ lang: 'en', ...(log ? { log } : {}) });
  live.push(sb);
  return sb;
}
afterEach(() => {
  for (const sb of live.splice(0)) sb.dispose();
});
const states = (sb: Sandbox) => sb.diagram.containers.map((c) => `${c.name}:${c.state}`).sort();

describe('Sandbox', () => {
  it('runs step commands (with typed input) and judges checks', async () => {
    const sb = await make();
    await sb.runCommands([cmd('docker run -d --name web busybox sleep 3600'), cmd('docker run -it --name box busybox sh', ['echo hi\r', 'exit\r'])]);
    expect(states(sb)).toEqual(['box:exited', 'web:running']);
    const r = await sb.check([parseCheck('state web running', 1), parseCheck('exit box 0', 2), parseCheck('state nope running', 3)]);
    expect(r.map((c) => c.ok)).toEqual([true, true, false]);
  }, 30_000);

  it('is rebuilt from its log, and undo drops the last command', async () => {
    const sb = await make();
    await sb.runCommands([cmd('docker run -d --name web busybox sleep 3600'), cmd('docker rm -f web')]);
    expect(states(sb)).toEqual([]);
    const again = await make(sb.log());
    expect(states(again)).toEqual([]);
    const undone = await make(sb.logBeforeLastCommand());
    expect(states(undone)).toEqual(['web:running']);
    expect(undone.commandLines()).toEqual(['docker run -d --name web busybox sleep 3600']);
  }, 30_000);

  it('keeps uploaded files in the log', async () => {
    const sb = await make();
    const path = sb.upload('../../etc/evil name.tar', new Uint8Array([1, 2, 3]));
    expect(path).toMatch(/^\/root\/[^/]+$/); // no way out of the working directory
    expect(path.endsWith('etc_evil name.tar')).toBe(true);
    const again = await make(sb.log());
    expect([...again.sim.host.readFile(path)]).toEqual([1, 2, 3]);
  }, 30_000);

  it('skips damaged log entries', async () => {
    const sb = await make([null, 42, { at: 'x' }, { at: 0, kind: 'run', data: 'docker run -d --name ok busybox sleep 60' }, { at: 1, kind: 'file', path: '/root/x', data: '%%%' }]);
    await sb.shell.whenIdle();
    expect(states(sb)).toEqual(['ok:running']);
  }, 30_000);

  it('tells the diagram about a refused command', async () => {
    const sb = await make();
    await sb.runCommands([cmd('docker create --name c1 busybox'), cmd('docker pause c1')]);
    expect(sb.diagram.refused).toMatchObject({ command: 'docker pause c1', state: 'created', exitCode: 1 });
    expect(sb.diagram.refused?.message).toMatch(/^Error response from daemon: container [0-9a-f]{64} is not running$/);
  }, 30_000);
});
