/** The runner script's `file PATH <<WORD` steps, which build scripts use to write their contexts. */
import { describe, expect, it } from 'vitest';
import { parseScript, ScriptError } from '../../../src/runner/script.ts';
import { runSteps } from '../../../src/runner/run.ts';
import { SimHost } from '../../../src/runner/simHost.ts';
import { memoryHostFiles } from '../../../src/lessons/hostFiles.ts';
import { createSimulator } from '../../../src/sim/simulator.ts';

const text = (d: Uint8Array) => new TextDecoder().decode(d);

describe('file steps', () => {
  it('take the lines up to the end word verbatim, comments and blank lines included', () => {
    const steps = parseScript('file ctx/Dockerfile <<END\n# not a script comment\n\nFROM busybox\n  indented\nEND\ndocker build ctx\n');
    expect(steps).toHaveLength(2);
    const f = steps[0]!;
    expect(f).toMatchObject({ kind: 'file', path: 'ctx/Dockerfile', mode: 0o644, line: 1, text: 'file ctx/Dockerfile <<END' });
    expect(f.kind === 'file' && text(f.data)).toBe('# not a script comment\n\nFROM busybox\n  indented\n');
    expect(steps[1]).toMatchObject({ kind: 'docker', line: 7 });
  });

  it('write empty files, modes and base64 bytes', () => {
    const [empty, exe, bin] = parseScript('file e <<X\nX\nfile run.sh --mode=0755 <<X\n#!/bin/sh\nX\nfile b.bin --base64 <<X\nAAEC\n/w==\nX\n');
    expect(empty!.kind === 'file' && empty!.data.length).toBe(0);
    expect(exe).toMatchObject({ mode: 0o755 });
    expect(bin!.kind === 'file' && [...bin!.data]).toEqual([0, 1, 2, 255]);
  });

  it.each([
    ['file /etc/passwd <<X\nX', /must be a relative path/],
    ['file ../x <<X\nX', /must be a relative path/],
    ['file x <<X\nno end', /no line 'X' ends this file's content/],
    ['file x\nX', /write a file step as/],
    ['file x --mode=999 <<X\nX', /invalid --mode '999'/],
    ['file x --base64 <<X\n!!!\nX', /not valid base64/],
  ])('refuses %j', (script, re) => {
    expect(() => parseScript(script)).toThrow(ScriptError);
    expect(() => parseScript(script)).toThrow(re);
  });

  it('are written by the simulator host into its host files, parents made', async () => {
    const sim = await createSimulator({ version: '20.10' });
    const host = new SimHost(sim, memoryHostFiles(sim.host));
    const out = await runSteps(parseScript('file a/b/c.txt --mode=0600 <<END\nhi\nEND\n'), host);
    expect(out).toEqual([{ command: 'file a/b/c.txt --mode=0600 <<END', stdout: '', stderr: '', exitCode: 0 }]);
    expect(sim.host.readText('/root/a/b/c.txt')).toBe('hi\n');
    expect(sim.host.stat('/root/a/b/c.txt').mode).toBe(0o600);
    expect(sim.host.stat('/root/a/b').mode).toBe(0o755);
  });
});
