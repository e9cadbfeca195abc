/** classroom check's comparison: placeholders up to a one-to-one renaming, unordered volume listings, and a lesson walked on both engines. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Renaming, stepDifference, type Compared } from '../../../src/native/engine/differential.ts';
import { checkLesson } from '../../../src/cli/check.ts';
import { skipReason } from './harness.ts';

const step = (command: string, stdout: string, containers: Compared['containers'] = []): Compared => ({ command, stdout, stderr: '', exitCode: 0, containers });

describe('Renaming', () => {
  it('pairs placeholders one to one, across steps', () => {
    const r = new Renaming();
    expect(r.same('<ID3>\n', '<ID1>\n')).toBe(true);
    expect(r.same('<ID3:12> up', '<ID1:12> up')).toBe(true); // a short ID of the same one
    expect(r.same('<ID3>', '<ID2>')).toBe(false); // ID3 is already ID1's
    expect(r.same('<ID4>', '<ID1>')).toBe(false); // and ID1 is ID3's
    expect(r.same('<ID4> <NAME1>', '<ID2> <NAME5>')).toBe(true);
  });

  it('refuses different text or a short ID against a full one, and forgets a failed pairing', () => {
    const r = new Renaming();
    expect(r.same('a <ID1>', 'b <ID1>')).toBe(false);
    expect(r.same('<ID1:12>', '<ID1>')).toBe(false);
    expect(r.same('<ID1> <ID2>', '<ID7> <ID7>')).toBe(false);
    expect(r.same('<ID1>', '<ID9>')).toBe(true); // nothing of the failed try was kept
  });
});

describe('stepDifference', () => {
  it('names what differs: output, exit code, a container field', () => {
    const names = new Renaming();
    expect(stepDifference(step('docker ps', 'x\n'), step('docker ps', 'x\n'), names)).toBeUndefined();
    expect(stepDifference(step('docker ps', 'x\n'), step('docker ps', 'y\n'), names)).toMatch(/^stdout: "x\\n" ≠ "y\\n"$/);
    expect(stepDifference({ ...step('docker ps', ''), exitCode: 1 }, step('docker ps', ''), names)).toBe('exit code 1 ≠ 0');
    const c = (restartCount: number) => [{ name: 'web', status: 'restarting', exitCode: 1, restartCount, error: '', pid: 0 }];
    expect(stepDifference(step('sleep 2', '', c(5)), step('sleep 2', '', c(4)), names)).toBe('containers: web.restartCount 5 ≠ 4');
    expect(stepDifference(step('docker ps', ''), undefined, names)).toBe('native has no such step');
    expect(stepDifference(undefined, step('docker ps', ''), names)).toBe('simulator has no such step');
  });

  it('compares volume listings in any order, without pairing their IDs', () => {
    const names = new Renaming();
    const a = 'DRIVER\tVOLUME NAME\nlocal\t<ID10>\nlocal\tdata\n';
    const b = 'DRIVER\tVOLUME NAME\nlocal\tdata\nlocal\t<ID11>\n';
    expect(stepDifference(step('docker volume ls', a), step('docker volume ls', b), names)).toBeUndefined();
    expect(names.same('<ID10>', '<ID3>')).toBe(true); // the listing bound nothing
    expect(stepDifference(step('docker volume ls', a), step('docker volume ls', 'DRIVER\tVOLUME NAME\nlocal\tdata\n'), names)).toMatch(/in any order/);
  });
});

describe.skipIf(skipReason !== undefined)(`classroom check on the native engine${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('lesson 1 gives the same transcript and checkpoints on both engines', async () => {
    const r = await checkLesson(join(import.meta.dirname, '../../../src/lessons/01-what-is-a-container.lesson'), '29');
    expect(r.error).toBeUndefined();
    expect(r.differences).toEqual([]);
    expect(r.identical).toBe(r.commands);
    expect(r.commands).toBeGreaterThan(5);
    expect(r.checks.failed).toEqual([]);
    expect(r.checks.native).toBe(r.checks.total);
  }, 60_000);
});
