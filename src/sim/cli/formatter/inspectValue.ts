/**
 * docker inspect -f runs the template against the typed Go structs first
 * (types.ContainerJSON, types.ImageInspect), and only when that fails against
 * the raw JSON. This turns inspect JSON into the typed view: objects become
 * structs (field order kept, so `{{json .State}}` keeps Docker's order), JSON
 * integers become Go ints, and the fields that are Go maps stay maps.
 */
import { GoSlice, goInt, goStrings, goStruct, type GoValue } from '../format/gotemplate.ts';

/** Field names whose values are Go maps (keys sorted when printed), not structs. */
const MAP_FIELDS = new Set([
  'Labels',
  'Volumes',
  'ExposedPorts',
  'PortBindings',
  'Ports',
  'Networks',
  'Sysctls',
  'StorageOpt',
  'Tmpfs',
  'Data',
  'Options',
  'DriverOpts',
  'Annotations',
]);

/** Struct type names for error texts ("can't evaluate field X in type …"). */
const TYPE_NAMES: Record<string, string> = {
  '': '*types.ContainerJSON',
  State: '*types.ContainerState',
  Config: '*container.Config',
  HostConfig: '*container.HostConfig',
  NetworkSettings: '*types.NetworkSettings',
  RestartPolicy: 'container.RestartPolicy',
  GraphDriver: 'types.GraphDriverData',
  LogConfig: 'container.LogConfig',
};

/** Fields that are Go []string (a JSON null is a nil slice: prints [], json null). */
const STRING_SLICES = new Set([
  'Cmd', 'Entrypoint', 'Env', 'OnBuild', 'Args', 'Binds', 'VolumesFrom', 'CapAdd', 'CapDrop', 'Dns', 'DnsOptions',
  'DnsSearch', 'ExtraHosts', 'GroupAdd', 'Links', 'SecurityOpt', 'ExecIDs', 'MaskedPaths', 'ReadonlyPaths',
  'RepoTags', 'RepoDigests', 'Layers', 'DeviceCgroupRules', 'Aliases',
]);

function typed(v: unknown, field: string, asMap: boolean): GoValue {
  if (v === null || v === undefined) return STRING_SLICES.has(field) ? new GoSlice('[]string', [], true) : null;
  if (typeof v === 'number') return Number.isInteger(v) ? goInt(v) : v;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string')) return goStrings(v as string[]);
    return v.map((x) => typed(x, '', false));
  }
  const obj = v as Record<string, unknown>;
  // Converted on first read: a template usually touches one or two fields of a large document.
  const fields = {} as Record<string, GoValue>;
  for (const [k, x] of Object.entries(obj)) {
    Object.defineProperty(fields, k, {
      enumerable: true,
      configurable: true,
      get() {
        const value = typed(x, k, MAP_FIELDS.has(k));
        Object.defineProperty(fields, k, { value, enumerable: true });
        return value;
      },
    });
  }
  if (asMap) return fields;
  return goStruct(TYPE_NAMES[field] ?? `types.${field || 'Object'}`, fields);
}

export function typedInspect(raw: unknown): GoValue {
  return typed(raw, '', false);
}
