/**
 * The image checks lesson 14 needs: config, layers, history. Parsed as lesson lines are, and
 * judged through the Engine on a simulator that built a real image
 * (each check both holding and failing, so none can pass by accident).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate, parseCheck } from '../../src/lessons/checks.ts';
import { memoryHostFiles } from '../../src/lessons/hostFiles.ts';
import { runSteps } from '../../src/runner/run.ts';
import { parseScript } from '../../src/runner/script.ts';
import { SimHost } from '../../src/runner/simHost.ts';
import { createSimulator, type Simulator } from '../../src/sim/simulator.ts';

describe('parsing', () => {
  it.each([
    ['config app Env A=1', { kind: 'config', ref: 'app', field: 'Env', words: ['A=1'] }],
    ['config app Entrypoint echo "hello, world"', { kind: 'config', ref: 'app', field: 'Entrypoint', words: ['echo', 'hello, world'] }],
    ['config app WorkingDir', { kind: 'config', ref: 'app', field: 'WorkingDir', words: [] }],
    ['layers app:v1 3', { kind: 'layers', ref: 'app:v1', n: 3 }],
    ['history app:v1 0', { kind: 'history', ref: 'app:v1', n: 0 }],
  ])('%s', (text, want) => {
    expect(parseCheck(text, 7)).toMatchObject({ ...want, text, line: 7 });
  });

  it.each([
    ['config app', /needs an image reference and a field \(Cmd, Entrypoint/],
    ['config app Hostname x', /needs an image reference and a field/],
    ['config app Env', /Env takes one entry/],
    ['config app Labels a=1 b=2', /Labels takes one entry/],
    ['layers app', /takes 2 arguments/],
    ['history app x', /'x' is not a whole number/],
    ['layers app -1', /'-1' is not a whole number/],
  ])('refuses %j', (text, message) => {
    expect(() => parseCheck(text, 3)).toThrow(message);
  });
});

describe.each(['29', '20.10'] as const)('judged on a simulator (Docker %s)', (version) => {
  let sim: Simulator;
  const check = async (text: string) => evaluate(parseCheck(text, 1), { engine: sim.engine });

  beforeAll(async () => {
    sim = await createSimulator({ version, seed: 7 });
    const script = `
file Dockerfile <<EOF
FROM busybox
LABEL version="1.0" empty=""
ENV APP=demo
WORKDIR /srv/app
COPY Dockerfile .
EXPOSE 8080
VOLUME /data
USER nobody
ENTRYPOINT ["echo", "hello, world"]
CMD ["again"]
EOF
docker build -q -t app:v1 .
`;
    const out = await runSteps(parseScript(script), new SimHost(sim, memoryHostFiles(sim.host)));
    expect(out.map((s) => s.exitCode)).toEqual([0, 0]);
  });

  it.each([
    ['config app:v1 Env APP=demo', true, /"APP=demo"/],
    ['config app:v1 Env APP=other', false, /"APP=demo"/],
    ['config app:v1 Labels version=1.0', true, /"version=1.0"/],
    ['config app:v1 Labels empty=', true, /"empty="/],
    ['config app:v1 Labels version=2.0', false, /"version=1.0"/],
    ['config app:v1 ExposedPorts 8080/tcp', true, /"8080\/tcp"/],
    ['config app:v1 ExposedPorts 80/tcp', false, /"8080\/tcp"/],
    ['config app:v1 Volumes /data', true, /"\/data"/],
    ['config busybox Volumes /data', false, /^\[\]$/],
    ['config app:v1 WorkingDir /srv/app', true, /^"\/srv\/app"$/],
    ['config app:v1 WorkingDir /srv', false, /^"\/srv\/app"$/],
    ['config busybox WorkingDir', true, /^""$/],
    ['config app:v1 User nobody', true, /^"nobody"$/],
    ['config app:v1 Entrypoint echo "hello, world"', true, /^\["echo","hello, world"\]$/],
    ['config app:v1 Entrypoint echo hello, world', false, /^\["echo","hello, world"\]$/],
    ['config busybox Entrypoint', true, /^\[\]$/],
    ['config app:v1 Cmd again', true, /^\["again"\]$/],
    ['config nosuch Cmd again', false, /^no such image$/],
    ['layers app:v1 4', true, /^4$/],
    ['layers app:v1 2', false, /^4$/],
    ['layers nosuch 1', false, /^no such image$/],
    ['history app:v1 10', true, /^10$/],
    ['history app:v1 9', false, /^10$/],
    ['history nosuch 1', false, /^no such image$/],
  ])('%s → %s', async (text, ok, actual) => {
    const r = await check(text);
    expect(r.ok).toBe(ok);
    expect(r.actual).toMatch(actual);
  });
});
