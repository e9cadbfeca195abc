import { describe, expect, it } from 'vitest';
import { JsonError, jsonFloat, jsonString, marshal } from '../../../../src/sim/cli/format/gojson.ts';
import { GoMap, GoSlice, JsonNumber, goFunc, goInt, goNil, goStruct } from '../../../../src/sim/cli/format/govalue.ts';

describe('jsonString (encoding/json, SetEscapeHTML(false))', () => {
  it.each([
    ['abc', '"abc"'],
    ['<>&', '"<>&"'],
    ['"\\', '"\\"\\\\"'],
    ['\n\r\t', '"\\n\\r\\t"'],
    ['\b\f', '"\\b\\f"'],
    ['\u0000\u001f', '"\\u0000\\u001f"'],
    ['\u007f', '"\u007f"'],
    ['\u2028\u2029', '"\\u2028\\u2029"'],
    ['é😀', '"é😀"'],
    ['\ud800', '"\\ufffd"'],
  ])('%j', (s, want) => {
    expect(jsonString(s)).toBe(want);
  });

  it('Go < 1.22 (Docker 20.10) writes \\b and \\f as \\u00XX', () => {
    expect(jsonString('\b\f', true)).toBe('"\\u0008\\u000c"');
  });
});

describe('jsonFloat', () => {
  it.each([
    [0, '0'],
    [-0, '-0'],
    [1.5, '1.5'],
    [100, '100'],
    [1e20, '100000000000000000000'],
    [1e21, '1e+21'],
    [0.000001, '0.000001'],
    [1e-7, '1e-7'],
    [1.5e-10, '1.5e-10'],
    [123456789.125, '123456789.125'],
  ])('%d', (f, want) => {
    expect(jsonFloat(f)).toBe(want);
  });

  it.each([
    [NaN, 'json: unsupported value: NaN'],
    [Infinity, 'json: unsupported value: +Inf'],
    [-Infinity, 'json: unsupported value: -Inf'],
  ])('%d', (f, msg) => {
    expect(() => jsonFloat(f)).toThrow(new JsonError(msg));
  });
});

describe('marshal', () => {
  it.each([
    [null, 'null'],
    [undefined, 'null'],
    [{ b: 1, a: [true, null, 'x'], c: {} }, '{"a":[true,null,"x"],"b":1,"c":{}}'],
    [{ é: 1, z: 2, Z: 3 }, '{"Z":3,"z":2,"é":1}'],
    [goStruct('T', { Z: goInt(1), A: 'x', P: goNil('*U') }), '{"Z":1,"A":"x","P":null}'],
    [goStruct('T', { A: 1 }, { json: () => ({ Id: 'abc' }) }), '{"Id":"abc"}'],
    [new GoSlice('[]string', [], true), 'null'],
    [new GoSlice('[]string', []), '[]'],
    [new GoMap('map[string]string', {}, true), 'null'],
    [new GoMap('map[string]string', { b: 'x', a: 'y' }), '{"a":"y","b":"x"}'],
    [new JsonNumber('12.50'), '12.50'],
    [goInt(-3, 'int64'), '-3'],
  ] as const)('%j', (v, want) => {
    expect(marshal(v as never)).toBe(want);
  });

  it('functions cannot be encoded', () => {
    expect(() => marshal(goFunc([], () => 1))).toThrow(new JsonError('json: unsupported type: func() interface {}'));
  });
});
