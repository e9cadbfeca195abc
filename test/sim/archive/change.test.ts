import { describe, expect, it } from 'vitest';
import { applyChanges, importBaseConfig, parseDuration, processWord } from '../../../src/sim/archive/change.ts';
import { ArchiveError } from '../../../src/sim/archive/errors.ts';
import { containerConfigJson } from '../../../src/sim/archive/v1.ts';
import { goJson } from '../../../src/sim/images/gojson.ts';
import { daemonText, fixtureJson, type RunResult } from './helpers.ts';

interface Recorded {
  changes: string[];
  result: RunResult;
  config: unknown;
}

const recorded = fixtureJson<Recorded[]>('changes-real.json');

describe('docker import -c: every recorded case gives what Docker 20.10 gave', () => {
  for (const rec of recorded) {
    it(JSON.stringify(rec.changes), () => {
      let cfg;
      let err: unknown;
      try {
        cfg = applyChanges(importBaseConfig(), rec.changes, '20.10');
      } catch (e) {
        err = e;
      }
      if (rec.result.rc !== 0) {
        expect(err).toBeInstanceOf(ArchiveError);
        expect((err as Error).message).toBe(daemonText(rec.result.stderr));
      } else {
        expect(err).toBeUndefined();
        // `docker image inspect -f '{{json .Config}}'`: the Go struct, in its field order
        expect(goJson(containerConfigJson(cfg))).toBe(goJson(rec.config as never));
      }
    });
  }
});

describe('change parser details', () => {
  it('accepts STOPSIGNAL on v29 only, and checks the signal', () => {
    expect(() => applyChanges(importBaseConfig(), ['STOPSIGNAL SIGINT'], '20.10')).toThrow('stopsignal is not a valid change command');
    expect(applyChanges(importBaseConfig(), ['STOPSIGNAL SIGINT'], '29').StopSignal).toBe('SIGINT');
    expect(() => applyChanges(importBaseConfig(), ['STOPSIGNAL NOPE'], '29')).toThrow('Invalid signal: NOPE');
  });
  it('keeps CMD set before ENTRYPOINT, expands variables from the Env so far', () => {
    const c = applyChanges(importBaseConfig(), ['ENV DIR=/srv', 'WORKDIR $DIR/app', 'USER ${U:-nobody}', 'LABEL path="${DIR}"'], '20.10');
    expect([c.WorkingDir, c.User, c.Labels]).toEqual(['/srv/app', 'nobody', { path: '/srv' }]);
  });
  it('processes words like the Dockerfile lexer', () => {
    expect(processWord(`'$A' "$A" \\$A $A`, ['A=x'])).toBe('$A x $A x');
    expect(() => processWord('${A', [])).toThrow(`failed to process "${'${'}A": missing ':' in substitution`);
    expect(() => processWord('${A:?must be set}', [])).toThrow('A: must be set');
  });
  it('parses Go durations', () => {
    expect(parseDuration('1m30s')).toBe(90e9);
    expect(parseDuration('1.5h')).toBe(5400e9);
    expect(parseDuration('300ms')).toBe(3e8);
    expect(() => parseDuration('1')).toThrow('time: missing unit in duration "1"');
    expect(() => parseDuration('5y')).toThrow('time: unknown unit "y" in duration "5y"');
  });
});
