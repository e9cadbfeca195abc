import { describe, expect, it } from 'vitest';
import {
  familiarName,
  familiarString,
  parse,
  parseAnyReference,
  parseDockerRef,
  parseNormalizedNamed,
  referenceString,
  tagNameOnly,
  tagOrDefault,
  familiarMatch,
  isValidTag,
} from '../../../src/sim/images/reference.ts';

describe.each(['20.10', '29'] as const)('normalisation (%s)', (v) => {
  it.each([
    ['busybox', 'docker.io/library/busybox:latest', 'busybox:latest'],
    ['busybox:latest', 'docker.io/library/busybox:latest', 'busybox:latest'],
    ['ubuntu:16.04', 'docker.io/library/ubuntu:16.04', 'ubuntu:16.04'],
    ['localhost:5000/ubuntu:16.04', 'localhost:5000/ubuntu:16.04', 'localhost:5000/ubuntu:16.04'],
    ['localhost/ubuntu', 'localhost/ubuntu:latest', 'localhost/ubuntu:latest'],
    ['fhsinchy/hello-dock', 'docker.io/fhsinchy/hello-dock:latest', 'fhsinchy/hello-dock:latest'],
    ['docker.io/library/alpine:3.19', 'docker.io/library/alpine:3.19', 'alpine:3.19'],
    ['index.docker.io/alpine', 'docker.io/library/alpine:latest', 'alpine:latest'],
    ['reg.example.com:443/a/b/c:v1', 'reg.example.com:443/a/b/c:v1', 'reg.example.com:443/a/b/c:v1'],
  ])('%s → %s', (input, canonical, familiar) => {
    const r = tagNameOnly(parseNormalizedNamed(input, v));
    expect(referenceString(r)).toBe(canonical);
    expect(familiarString(r)).toBe(familiar);
  });

  it('digests', () => {
    const d = 'sha256:' + 'a'.repeat(64);
    const r = parseNormalizedNamed(`busybox@${d}`, v);
    expect(r.digest).toBe(d);
    expect(familiarString(r)).toBe(`busybox@${d}`);
    expect(familiarName(r)).toBe('busybox');
    expect(parseAnyReference('a'.repeat(64), v)).toEqual({ kind: 'digest', digest: d });
    expect(parseAnyReference(d, v)).toEqual({ kind: 'digest', digest: d });
    expect(referenceString(parseDockerRef(`busybox:1@${d}`, v))).toBe(`docker.io/library/busybox@${d}`);
  });

  it.each([
    ['', 'invalid reference format'],
    ['x:', 'invalid reference format'],
    ['-x', 'invalid reference format'],
    ['y:bad!tag', 'invalid reference format'],
    ['busybox@sha256:' + 'a'.repeat(40), 'invalid checksum digest length'],
    ['busybox@md5:' + 'a'.repeat(32), 'unsupported digest algorithm'],
    ['a'.repeat(64), `invalid repository name (${'a'.repeat(64)}), cannot specify 64-byte hexadecimal strings`],
  ])('rejects %j with %j', (input, msg) => {
    expect(() => parseNormalizedNamed(input, v)).toThrow(msg);
  });

  it('tags', () => {
    expect(isValidTag('latest')).toBe(true);
    expect(isValidTag('-x')).toBe(false);
    expect(isValidTag('a'.repeat(128))).toBe(true);
    expect(isValidTag('a'.repeat(129))).toBe(false);
    expect(tagOrDefault(parseNormalizedNamed('busybox', v))).toBe('latest');
  });
});

describe('version differences', () => {
  it('lowercase error text', () => {
    expect(() => parseNormalizedNamed('Busybox', '20.10')).toThrow(/^invalid reference format: repository name must be lowercase$/);
    expect(() => parseNormalizedNamed('Busybox', '29')).toThrow(/^invalid reference format: repository name \(library\/Busybox\) must be lowercase$/);
  });
  it('an uppercase first element is a domain only in v29', () => {
    expect(parseNormalizedNamed('Registry/app', '29').domain).toBe('Registry');
    expect(() => parseNormalizedNamed('Registry/app', '20.10')).toThrow('repository name must be lowercase');
  });
  it('plain Parse reports uppercase', () => {
    expect(() => parse('docker.io/library/Busybox', '29')).toThrow(/^repository name must be lowercase$/);
  });
});

describe('reference filter (FamiliarMatch)', () => {
  it.each([
    ['busy*', 'busybox:latest', true],
    ['busybox', 'busybox:latest', true],
    ['busybox:l*', 'busybox:latest', true],
    ['*/hello-dock', 'fhsinchy/hello-dock:latest', true],
    ['busy*', 'fhsinchy/busy:latest', false],
  ])('%s ~ %s = %s', (pattern, ref, want) => {
    expect(familiarMatch(pattern, tagNameOnly(parseNormalizedNamed(ref)))).toBe(want);
  });
});
