import { describe, expect, it } from 'vitest';
import {
  GoInt,
  GoMap,
  GoSlice,
  JsonNumber,
  TemplateError,
  executeTemplate,
  goFunc,
  goInt,
  goNil,
  goStrings,
  goStruct,
  parseTemplate,
  type ExecOptions,
  type GoValue,
} from '../../../../src/sim/cli/format/gotemplate.ts';
import t29 from './fixtures/template-29.json' with { type: 'json' };
import t20 from './fixtures/template-20.10.json' with { type: 'json' };

/** Output, or "ERR: message" — handy for tables. */
function run(src: string, data: GoValue = {}, o: ExecOptions & { parseVersion?: '29' | '20.10' } = {}): string {
  try {
    return parseTemplate(src, { version: o.parseVersion ?? o.version ?? '29' }).execute(data, o);
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    return 'ERR: ' + e.message;
  }
}

// The context `docker context inspect default` executes on; fixture templates
// only use literals and functions, so its exact shape does not matter.
const ctx = { Name: 'default', Metadata: {}, Endpoints: {} };

describe.each([
  ['29', t29.cases],
  ['20.10', t20.cases],
] as const)('real Go output (Docker %s)', (version, cases) => {
  it.each(cases.map((c) => [c[0], c] as const))('%s', (_src, c) => {
    const [src, out, err] = c as [string, string | null, string | null];
    expect(run(src, ctx, { version })).toBe(err !== null ? 'ERR: ' + err : out);
  });
});

describe('JSON-decoded data (map[string]interface {})', () => {
  const data = {
    Id: 'abc',
    State: { Status: 'running', Running: true, Pid: 1234, ExitCode: 0, Health: null },
    Config: { Labels: { 'com.x': 'y', b: '2', a: '1' }, Env: ['A=1', 'B=2'], Cmd: null, Size: 1234567890 },
    Mounts: [],
    Nums: [1, 2.5, 1e21],
    Mixed: [1, 'x', null, true, { k: 'v' }, [1]],
  };
  it.each([
    ['{{.Id}}', 'abc'],
    ['{{.State.Status}} {{.State.Pid}} {{.State.Running}}', 'running 1234 true'],
    ['{{.Missing}}', '<no value>'],
    ['{{.Missing.Deeper}}', '<no value>'],
    ['{{.State.Health}}', '<no value>'], // JSON null: a nil interface{} unwraps to "no value"
    ['{{print .State.Health}}', '<nil>'],
    ['{{print .Missing}}', '<nil>'],
    ['{{.Config.Labels}}', 'map[a:1 b:2 com.x:y]'],
    ['{{.Config.Env}}', '[A=1 B=2]'],
    ['{{.Mounts}}', '[]'],
    ['{{.Nums}}', '[1 2.5 1e+21]'],
    ['{{.Config.Size}}', '1.23456789e+09'],
    ['{{.Mixed}}', '[1 x <nil> true map[k:v] [1]]'],
    ['{{.}}', 'map[Config:map[Cmd:<nil> Env:[A=1 B=2] Labels:map[a:1 b:2 com.x:y] Size:1.23456789e+09] Id:abc Mixed:[1 x <nil> true map[k:v] [1]] Mounts:[] Nums:[1 2.5 1e+21] State:map[ExitCode:0 Health:<nil> Pid:1234 Running:true Status:running]]'],
    ['{{index .Config.Labels "com.x"}}', 'y'],
    ['{{index .Config.Labels "nope"}}', '<no value>'],
    ['{{index .Config.Env 1}}', 'B=2'],
    ['{{range .Config.Env}}[{{.}}]{{end}}', '[A=1][B=2]'],
    ['{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}', 'a=1;b=2;com.x=y;'],
    ['{{range $i, $e := .Config.Env}}{{$i}}:{{$e}} {{end}}', '0:A=1 1:B=2 '],
    ['{{range .Mounts}}x{{else}}no mounts{{end}}', 'no mounts'],
    ['{{range .Missing}}x{{else}}none{{end}}', 'none'],
    ['{{range .Config.Cmd}}x{{else}}nil{{end}}', 'nil'],
    ['{{with .State}}{{.Status}}{{end}}', 'running'],
    ['{{with .State.Health}}{{.Status}}{{else}}no health{{end}}', 'no health'],
    ['{{if .State.Running}}up{{else}}down{{end}}', 'up'],
    ['{{if .State.ExitCode}}failed{{else}}ok{{end}}', 'ok'],
    ['{{if and .State.Running (eq .State.Status "running")}}yes{{end}}', 'yes'],
    ['{{if eq .State.Pid 1234.0}}pid{{end}}', 'pid'],
    ['{{len .Config.Env}} {{len .Config.Labels}} {{len .Id}}', '2 3 3'],
    ['{{json .State}}', '{"ExitCode":0,"Health":null,"Pid":1234,"Running":true,"Status":"running"}'],
    ['{{json .Config.Labels}}', '{"a":"1","b":"2","com.x":"y"}'],
    ['{{json .Missing}}', 'null'],
    ['{{join .Config.Env ","}}', 'A=1,B=2'],
    ['{{join .Config.Labels ","}}', '1,2,y'],
    ['{{join .Missing ","}}', ''],
    ['{{$x := .State}}{{$x.Status}}', 'running'],
    ['{{range $v := .Config.Env}}{{$v}}{{end}}', 'A=1B=2'],
    ['{{.State.Status | printf "%s!" | upper}}', 'RUNNING!'],
  ])('%s', (src, want) => {
    expect(run(src, data)).toBe(want);
  });

  it.each([
    ['{{.State.Health.Status}}', 'template: :1:8: executing "" at <.State.Health.Status>: nil pointer evaluating interface {}.Status'],
    ['{{.Id.Foo}}', 'template: :1:5: executing "" at <.Id.Foo>: can\'t evaluate field Foo in type interface {}'],
    ['{{range .Config.Env}}{{.Foo}}{{end}}', 'template: :1:23: executing "" at <.Foo>: can\'t evaluate field Foo in type interface {}'],
    ['{{with .Id}}{{.Foo}}{{end}}', 'template: :1:14: executing "" at <.Foo>: can\'t evaluate field Foo in type string'],
    ['{{range .Id}}{{end}}', 'template: :1:8: executing "" at <.Id>: range can\'t iterate over abc'],
    ['{{index .Config.Env 5}}', 'template: :1:2: executing "" at <index .Config.Env 5>: error calling index: index out of range: 5'],
    ['{{index .Config.Env 2}}', 'template: :1:2: executing "" at <index .Config.Env 2>: error calling index: reflect: slice index out of range'],
    ['{{index .Config.Labels 1}}', 'template: :1:2: executing "" at <index .Config.Labels 1>: error calling index: value has type int; should be string'],
    ['{{len .State.Health}}', 'template: :1:2: executing "" at <len .State.Health>: error calling len: len of nil pointer'],
    ['{{len .Missing}}', 'template: :1:2: executing "" at <len .Missing>: error calling len: reflect: call of reflect.Value.Type on zero Value'],
    ['{{len .State.Pid}}', 'template: :1:2: executing "" at <len .State.Pid>: error calling len: len of type float64'],
    ['{{upper .State.Pid}}', 'template: :1:14: executing "" at <.State.Pid>: wrong type for value; expected string; got float64'],
    ['{{upper .Missing}}', 'template: :1:8: executing "" at <.Missing>: invalid value; expected string'],
    ['{{.Id "x"}}', 'template: :1:2: executing "" at <.Id>: Id is not a method but has arguments'],
    ['{{lt .State.Pid 5}}', 'template: :1:2: executing "" at <lt .State.Pid 5>: error calling lt: incompatible types for comparison: float64 and int'],
    ['{{join .Id ","}}', 'template: :1:2: executing "" at <join .Id ",">: error calling join: expected slice, got string'],
  ])('error %s', (src, want) => {
    expect(run(src, data)).toBe('ERR: ' + want);
  });

  it.each([
    ['default', '<no value>'],
    ['invalid', '<no value>'],
    ['zero', '<no value>'],
    ['error', 'ERR: template: :1:8: executing "" at <.State.Nope>: map has no entry for key "Nope"'],
  ] as const)('missingkey=%s', (missingKey, want) => {
    expect(run('{{.State.Nope}}', data, { missingKey })).toBe(want);
  });

  it('missingkey=error on an invalid receiver', () => {
    expect(run('{{$x := .Nope}}{{$x.Foo}}', {}, { missingKey: 'error' })).toBe(
      'ERR: template: :1:8: executing "" at <.Nope>: map has no entry for key "Nope"',
    );
    expect(run('{{$x := .Nope}}{{$x.Foo}}', {})).toBe('<no value>');
  });
});

describe('typed Go values', () => {
  // What `docker ps --format` executes on: *formatter.ContainerContext methods.
  const ps = goStruct(
    '*formatter.ContainerContext',
    {},
    {
      methods: {
        ID: goFunc([], () => '4f8e5bd7a1c2'),
        Names: goFunc([], () => 'web'),
        Command: goFunc([], () => '"nginx -g \'daemon of…"'),
        Label: goFunc(['string'], (name) => (name === 'app' ? 'shop' : '')),
        Size: goFunc([], () => '2B (virtual 187MB)'),
      },
      json: () => goStruct('x', { ID: '4f8e5bd7a1c2', Names: 'web' }),
    },
  );
  it.each([
    ['{{.ID}}\t{{.Names}}', '4f8e5bd7a1c2\tweb'],
    ['{{.Label "app"}}|{{.Label "nope"}}', 'shop|'],
    ['{{.Command}}', '"nginx -g \'daemon of…"'],
    ['{{json .}}', '{"ID":"4f8e5bd7a1c2","Names":"web"}'],
    ['{{.Names | upper}}', 'WEB'],
    ['{{"app" | .Label}}', 'shop'],
  ])('ps %s', (src, want) => {
    expect(run(src, ps)).toBe(want);
  });

  it.each([
    ['{{.Foo}}', 'template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.ContainerContext'],
    ['{{.Label}}', 'template: :1:2: executing "" at <.Label>: wrong number of args for Label: want 1 got 0'],
    ['{{.ID "x"}}', 'template: :1:2: executing "" at <.ID>: wrong number of args for ID: want 0 got 1'],
    ['{{.Label 5}}', 'template: :1:9: executing "" at <5>: expected string; found 5'],
  ])('ps error %s', (src, want) => {
    expect(run(src, ps)).toBe('ERR: ' + want);
  });

  // container.InspectResponse-like: State is a pointer, Health a nil *Health.
  const inspect = goStruct('container.InspectResponse', {
    ID: 'abc',
    State: goStruct('*container.State', {
      Status: 'running',
      Running: true,
      Pid: goInt(1234),
      ExitCode: goInt(0),
      Health: goNil('*container.Health', ['Status', 'FailingStreak', 'Log']),
    }),
    Config: goStruct('*container.Config', {
      Labels: new GoMap('map[string]string', { b: '2', a: '1' }),
      Env: goStrings(['A=1']),
      ExposedPorts: new GoMap('nat.PortSet', {}, true),
    }),
    RestartCount: goInt(0),
  });
  it.each([
    ['{{.State.Pid}}', '1234'],
    ['{{.State}}', '{running true 1234 0 <nil>}'],
    ['{{printf "%+v" .State}}', '&{Status:running Running:true Pid:1234 ExitCode:0 Health:<nil>}'],
    ['{{.State.Health}}', '<nil>'],
    ['{{if .State.Health}}h{{else}}no health{{end}}', 'no health'],
    ['{{.Config.Labels}}', 'map[a:1 b:2]'],
    ['{{.Config.Labels.a}}', '1'],
    ['{{.Config.Labels.zzz}}', '<no value>'],
    ['{{index .Config.Labels "zzz"}}', ''], // missing key of map[string]string indexes to ""
    ['{{.Config.ExposedPorts}}', 'map[]'],
    ['{{json .Config.ExposedPorts}}', 'null'],
    ['{{.Config.Env}}', '[A=1]'],
    ['{{eq .State.Pid 1234}} {{gt .State.Pid 1000}} {{eq .RestartCount 0}}', 'true true true'],
    ['{{pad .ID 1 2}}|', ' abc  |'],
    ['{{range $i := .State.Pid}}{{end}}ok', 'ok'],
    ['{{range 3}}{{.}}{{end}}', '012'],
    ['{{json .State}}', '{"Status":"running","Running":true,"Pid":1234,"ExitCode":0,"Health":null}'],
  ])('inspect %s', (src, want) => {
    expect(run(src, inspect)).toBe(want);
  });

  it('the docker inspect fallback: typed error, then raw JSON with missingkey=error', () => {
    const src = '{{.State.Health.Status}}';
    expect(run(src, inspect)).toBe(
      'ERR: template: :1:8: executing "" at <.State.Health.Status>: nil pointer evaluating *container.Health.Status',
    );
    const raw = { State: { Status: 'running', Pid: new JsonNumber('1234') } };
    expect(run(src, raw, { missingKey: 'error' })).toBe(
      'ERR: template: :1:8: executing "" at <.State.Health.Status>: map has no entry for key "Health"',
    );
    expect(run('{{.State.Pid}}', raw, { missingKey: 'error' })).toBe('1234');
    expect(run('{{eq .State.Pid 1234}}', raw)).toBe(
      'ERR: template: :1:2: executing "" at <eq .State.Pid 1234>: error calling eq: incompatible types for comparison: json.Number and int',
    );
  });

  it.each([
    ['{{.State.Health.Nope}}', 'can\'t evaluate field Nope in type *container.Health'],
    ['{{.RestartCount.X}}', 'can\'t evaluate field X in type int'],
    ['{{pad .ID .RestartCount 1.5}}', 'expected integer; found 1.5'],
    ['{{truncate .ID .State.Status}}', 'wrong type for value; expected int; got string'],
  ])('inspect error %s', (src, want) => {
    expect(run(src, inspect)).toContain(want);
  });

  it('int types: only `int` fits an int parameter', () => {
    expect(run('{{pad "x" .N 0}}', { N: new GoInt(2, 'int') })).toBe('  x');
    expect(run('{{pad "x" .N 0}}', { N: new GoInt(2, 'int64') })).toBe(
      'ERR: template: :1:10: executing "" at <.N>: wrong type for value; expected int; got int64',
    );
    expect(run('{{.N}} {{eq .N .U}}', { N: goInt(-1, 'int64'), U: goInt(1, 'uint64') })).toBe('-1 false');
  });

  it('split returns a []string; 20.10 join wants exactly []string', () => {
    expect(run('{{split "a:b" ":"}} {{printf "%T" (split "a" ":")}}')).toBe('[a b] []string');
    expect(run('{{join (split "a:b" ":") "+"}}', {}, { version: '20.10' })).toBe('a+b');
    expect(run('{{join .L "+"}}', { L: ['a', 'b'] }, { version: '20.10' })).toBe(
      'ERR: template: :1:7: executing "" at <.L>: wrong type for value; expected []string; got []interface {}',
    );
    expect(run('{{join .L "+"}}', { L: new GoSlice('[]int', [goInt(1), goInt(2)]) })).toBe('1+2');
  });
});

describe('parse errors', () => {
  it.each([
    ['{{.Foo }', 'template: :1: unexpected "}" in operand'],
    ['{{.Foo}', "template: :1: bad character U+007D '}'"],
    ['{{foo}}', 'template: :1: function "foo" not defined'],
    ['{{.X', 'template: :1: unclosed action'],
    ['a\n{{.X', 'template: :2: unclosed action'],
    ['{{.X\n', 'template: :2: unclosed action started at :1'],
    ['{{if .X}}', 'template: :1: unexpected EOF'],
    ['{{end}}', 'template: :1: unexpected {{end}}'],
    ['{{else}}', 'template: :1: unexpected {{else}}'],
    ['{{$x}}', 'template: :1: undefined variable "$x"'],
    ['{{if 1}}{{$x := 1}}{{end}}{{$x}}', 'template: :1: undefined variable "$x"'],
    ['{{}}', 'template: :1: missing value for command'],
    ['{{if}}{{end}}', 'template: :1: missing value for if'],
    ['{{.X | 3}}', 'template: :1: non executable command in pipeline stage 2'],
    ['{{"a".B}}', 'template: :1: unexpected . after term "\\"a\\""'],
    ['{{/* x', 'template: :1: unclosed comment'],
    ['{{/* x */ .X}}', 'template: :1: comment ends before closing delimiter'],
    ['{{"abc}}', 'template: :1: unterminated quoted string'],
    ['{{`abc}}', 'template: :1: unterminated raw quoted string'],
    ["{{'a}}", 'template: :1: unterminated character constant'],
    ["{{'ab'}}", "template: :1: malformed character constant: 'ab'"],
    ["{{''}}", 'template: :1: invalid syntax'],
    ['{{"\\z"}}', 'template: :1: invalid syntax'],
    ['{{3x}}', 'template: :1: bad number syntax: "3x"'],
    ['{{08}}', 'template: :1: integer overflow: "08"'],
    ['{{(.X}}', 'template: :1: unclosed left paren'],
    ['{{.X)}}', 'template: :1: unexpected right paren'],
    ['{{.X := 1}}', 'template: :1: unexpected ":=" in operand'],
    ['{{range $a, $b, $c := .}}{{end}}', 'template: :1: too many declarations in range'],
    ['{{$a, $b := 1}}', 'template: :1: too many declarations in command'],
    ['{{break}}', 'template: :1: {{break}} outside {{range}}'],
    ['{{range .}}{{continue 1}}{{end}}', 'template: :1: unexpected "1" in {{continue}}'],
    ['{{if 1}}{{else}}{{else}}{{end}}', 'template: :1: expected end; found {{else}}'],
    ['{{template "x" | }}', 'template: :1: unexpected "|" in template clause'],
    ['{{define "a"}}1{{end}}{{define "a"}}2{{end}}', 'template: :1: template: multiple definition of template "a"'],
    ['{{.X \u0001}}', 'template: :1: unrecognized character in action: U+0001'],
    ['{{.Abc.Long_Name_Here}}x{{ end }}', 'template: :1: unexpected {{end}}'],
    ['{{printf "%d" 1 | "x"}}', 'template: :1: non executable command in pipeline stage 2'],
    ['{{ 1.2.3 }}', 'template: :1: unexpected ".3" in operand'],
  ])('%j', (src, want) => {
    expect(() => parseTemplate(src)).toThrow(new TemplateError(want));
  });

  it('20.10 has no {{else with}}', () => {
    expect(run('{{with ""}}{{else with "z"}}{{.}}{{end}}', {}, { version: '29' })).toBe('z');
    expect(run('{{with ""}}{{else with "z"}}{{.}}{{end}}', {}, { version: '20.10' })).toBe(
      'ERR: template: :1: unexpected <with> in else',
    );
  });
});

describe('execution errors: location and partial output', () => {
  it('columns are byte offsets within the line', () => {
    expect(run('é{{.X.Y}}', { X: 'x' })).toBe(
      'ERR: template: :1:6: executing "" at <.X.Y>: can\'t evaluate field Y in type interface {}',
    );
    expect(run('a\nbc {{.X.Y}}', { X: 'x' })).toBe(
      'ERR: template: :2:7: executing "" at <.X.Y>: can\'t evaluate field Y in type interface {}',
    );
  });

  it('keeps what was written before the error', () => {
    try {
      parseTemplate('ab{{index "x" 5}}cd').execute({});
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TemplateError);
      expect((e as TemplateError).output).toBe('ab');
    }
  });

  it.each([
    ['{{nil}}', 'template: :1:2: executing "" at <nil>: nil is not a command'],
    ['{{1 2}}', 'template: :1:2: executing "" at <1>: can\'t give argument to non-function 1'],
    ['{{"a" | printf "%s-%s" "b"}}', null],
    ['{{template "nope"}}', 'template: :1:11: executing "" at <{{template "nope"}}>: template "nope" not defined'],
    ['{{call .F}}', 'template: :1:2: executing "" at <call .F>: error calling call: non-function .F of type string'],
  ])('%s', (src, want) => {
    if (want === null) expect(run(src, { F: 'x' })).toBe('b-a');
    else expect(run(src, { F: 'x' })).toBe('ERR: ' + want);
  });
});

describe('text, trim markers, comments, variables, control flow', () => {
  it.each([
    ['a {{- " b" -}} c', 'a bc'],
    ['a  \n {{- /* comment */ -}} \n c', 'ac'],
    ['{{/* only */}}x', 'x'],
    ['{{- 3}} {{-3}}', '3 -3'],
    ['{{$x := 1}}{{$x = 2}}{{$x}}', '2'],
    ['{{$x := "out"}}{{with "in"}}{{$x := .}}{{$x}}{{end}}{{$x}}', 'inout'],
    ['{{$}}', 'map[L:[a b c d] a:1]'],
    ['{{range $i, $v := .L}}{{if eq $i 1}}{{continue}}{{end}}{{if eq $i 3}}{{break}}{{end}}{{$v}}{{end}}', 'ac'],
    ['{{range $v := .L}}{{$v}}{{end}}{{range $i, $v := .L}}{{$i}}{{end}}', 'abcd0123'],
    ['{{$i := 9}}{{range $i, $v := .L}}{{end}}{{$i}}', '9'],
    ['{{$v := ""}}{{range .L}}{{$v = .}}{{end}}{{$v}}', 'd'],
    ['{{if 0}}a{{else if ""}}b{{else if "x"}}c{{else}}d{{end}}', 'c'],
    ['{{with $x := "v"}}{{$x}}{{.}}{{end}}', 'vv'],
    ['{{define "row"}}[{{.}}]{{end}}{{range .L}}{{template "row" .}}{{end}}', '[a][b][c][d]'],
    ['{{block "b" .a}}<{{.}}>{{end}}', '<1>'],
    ['{{(index .L 2) | printf "%q"}}', '"c"'],
    // Go reports the last node it visited (the "." argument), not the chain.
    ['{{(split "a.b" ".").Foo}}', 'ERR: template: :1:15: executing "" at <".">: can\'t evaluate field Foo in type []string'],
    ['{{and 0 (index .L 99)}}|{{or 1 (index .L 99)}}', '0|1'],
    ['{{"\\u00e9\\x41\\101"}} {{`a\\n`}} {{\'\\\'\'}}', 'éAA a\\n 39'],
  ])('%j', (src, want) => {
    expect(run(src, { a: 1, L: ['a', 'b', 'c', 'd'] })).toBe(want);
  });
});

describe('header functions (table headers)', () => {
  it('keeps header names intact', () => {
    const t = parseTemplate('{{.ID}}\t{{upper .Name}}\t{{json .Labels}}\t{{truncate .Cmd 3}}\t{{join .X ","}}');
    const header = { ID: 'CONTAINER ID', Name: 'NAMES', Labels: 'LABELS', Cmd: 'COMMAND', X: 'X' };
    expect(t.execute(header, { funcs: 'header' })).toBe('CONTAINER ID\tNAMES\tLABELS\tCOMMAND\tX');
    expect(() => t.execute(header)).toThrow('error calling join: expected slice, got string');
    expect(parseTemplate('{{upper .Name}}\t{{json .Labels}}\t{{truncate .Cmd 3}}').execute(header)).toBe(
      'NAMES\t"LABELS"\tCOM',
    );
  });
});

describe('executeTemplate', () => {
  it('parses and executes', () => {
    expect(executeTemplate('{{.a}}', { a: 1 })).toBe('1');
    expect(executeTemplate('{{.}}', null)).toBe('<no value>');
  });
});
