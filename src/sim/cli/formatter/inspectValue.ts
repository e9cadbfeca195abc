/**
 * docker inspect -f runs the template against the typed Go structs first
 * (types.ContainerJSON, types.ImageInspect), and only when that fails against
 * the raw JSON. This turns inspect JSON into the typed view: objects become
 * structs (field order kept, so `{{json .State}}` keeps Docker's order), JSON
 * integers become Go ints, and the fields that are Go maps stay maps.
 */
import { GoMap, GoSlice, goInt, goNil, goStrings, goStruct, type GoValue } from '../format/gotemplate.ts';

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

/**
 * The typed view of an inspect result. An image is decoded into the CLI's own
 * struct for the version (types.ImageInspect of 20.10, image.InspectResponse of
 * v29): its fields come in the struct's declaration order whatever order the
 * daemon sent (a v29 daemon that adds Parent/DockerVersion re-encodes the whole
 * document through a map, so every level arrives with sorted keys), fields the
 * JSON lacks hold their zero value, and fields the struct lacks (v29's Parent,
 * DockerVersion) are not there (templates using them run on the raw JSON).
 * Containers keep the daemon's order (the same structs on both sides).
 */
export function typedInspect(raw: unknown, o: { kind?: 'container' | 'image'; version?: '20.10' | '29' } = {}): GoValue {
  if (o.kind === 'image' && raw && typeof raw === 'object' && !Array.isArray(raw)) {
    return structOf(o.version === '29' ? IMAGE_29 : IMAGE_2010, raw as Record<string, unknown>);
  }
  return typed(raw, '', false);
}

// ---- Go structs of image inspect -----------------------------------------------------------

/** A field: Go name, JSON name (when it differs), zero value kind, omitempty, nested struct. */
interface FieldSpec {
  go: string;
  json?: string;
  zero: 'string' | 'int' | 'bool' | 'strings' | 'map' | 'ptr' | 'struct' | 'time';
  omitempty?: boolean;
  struct?: StructSpec;
  /** Type of a pointer field without a struct spec (its nil prints <nil>). */
  ptrType?: string;
}

interface StructSpec {
  type: string;
  fields: readonly FieldSpec[];
}

const f = (go: string, zero: FieldSpec['zero'], more: Partial<FieldSpec> = {}): FieldSpec => ({ go, zero, ...more });
const omit = { omitempty: true };

const HEALTH_2010: StructSpec = {
  type: '*container.HealthConfig',
  fields: [f('Test', 'strings', omit), f('Interval', 'int', omit), f('Timeout', 'int', omit), f('StartPeriod', 'int', omit), f('Retries', 'int', omit)],
};

/** container.Config (20.10). */
const CONTAINER_CONFIG: StructSpec = {
  type: '*container.Config',
  fields: [
    f('Hostname', 'string'), f('Domainname', 'string'), f('User', 'string'),
    f('AttachStdin', 'bool'), f('AttachStdout', 'bool'), f('AttachStderr', 'bool'),
    f('ExposedPorts', 'map', omit), f('Tty', 'bool'), f('OpenStdin', 'bool'), f('StdinOnce', 'bool'),
    f('Env', 'strings'), f('Cmd', 'strings'), f('Healthcheck', 'ptr', { ...omit, struct: HEALTH_2010 }), f('ArgsEscaped', 'bool', omit),
    f('Image', 'string'), f('Volumes', 'map'), f('WorkingDir', 'string'), f('Entrypoint', 'strings'),
    f('NetworkDisabled', 'bool', omit), f('MacAddress', 'string', omit), f('OnBuild', 'strings'), f('Labels', 'map'),
    f('StopSignal', 'string', omit), f('StopTimeout', 'ptr', omit), f('Shell', 'strings', omit),
  ],
};

const ROOTFS_2010: StructSpec = { type: 'types.RootFS', fields: [f('Type', 'string'), f('Layers', 'strings', omit), f('BaseLayer', 'string', omit)] };
const GRAPH_DRIVER_2010: StructSpec = { type: 'types.GraphDriverData', fields: [f('Data', 'map'), f('Name', 'string')] };

/** types.ImageInspect (API 1.41). */
const IMAGE_2010: StructSpec = {
  type: 'types.ImageInspect',
  fields: [
    f('Id', 'string'), f('RepoTags', 'strings'), f('RepoDigests', 'strings'), f('Parent', 'string'), f('Comment', 'string'),
    f('Created', 'string'), f('Container', 'string'), f('ContainerConfig', 'ptr', { struct: CONTAINER_CONFIG }),
    f('DockerVersion', 'string'), f('Author', 'string'), f('Config', 'ptr', { struct: CONTAINER_CONFIG }),
    f('Architecture', 'string'), f('Variant', 'string', omit), f('Os', 'string'), f('OsVersion', 'string', omit),
    f('Size', 'int'), f('VirtualSize', 'int'), f('GraphDriver', 'struct', { struct: GRAPH_DRIVER_2010 }),
    f('RootFS', 'struct', { struct: ROOTFS_2010 }), f('Metadata', 'struct', { struct: { type: 'types.ImageMetadata', fields: [f('LastTagTime', 'time')] } }),
  ],
};

/** dockerspec.DockerOCIImageConfig: ocispec.ImageConfig's fields, then DockerOCIImageConfigExt's (all omitempty). */
const OCI_CONFIG: StructSpec = {
  type: '*v1.DockerOCIImageConfig',
  fields: [
    f('User', 'string', omit), f('ExposedPorts', 'map', omit), f('Env', 'strings', omit), f('Entrypoint', 'strings', omit),
    f('Cmd', 'strings', omit), f('Volumes', 'map', omit), f('WorkingDir', 'string', omit), f('Labels', 'map', omit),
    f('StopSignal', 'string', omit), f('ArgsEscaped', 'bool', omit),
    f('Healthcheck', 'ptr', {
      ...omit,
      struct: {
        type: '*v1.HealthcheckConfig',
        fields: [f('Test', 'strings', omit), f('Interval', 'int', omit), f('Timeout', 'int', omit), f('StartPeriod', 'int', omit), f('StartInterval', 'int', omit), f('Retries', 'int', omit)],
      },
    }),
    f('OnBuild', 'strings', omit), f('Shell', 'strings', omit),
  ],
};

/** ocispec.Descriptor (JSON names in lower case). */
const DESCRIPTOR: StructSpec = {
  type: '*v1.Descriptor',
  fields: [
    f('MediaType', 'string', { json: 'mediaType' }), f('Digest', 'string', { json: 'digest' }), f('Size', 'int', { json: 'size' }),
    f('URLs', 'strings', { json: 'urls', omitempty: true }), f('Annotations', 'map', { json: 'annotations', omitempty: true }),
    f('Data', 'strings', { json: 'data', omitempty: true }),
    f('Platform', 'ptr', {
      json: 'platform',
      omitempty: true,
      struct: {
        type: '*v1.Platform',
        fields: [
          f('Architecture', 'string', { json: 'architecture' }), f('OS', 'string', { json: 'os' }), f('OSVersion', 'string', { json: 'os.version', omitempty: true }),
          f('OSFeatures', 'strings', { json: 'os.features', omitempty: true }), f('Variant', 'string', { json: 'variant', omitempty: true }),
        ],
      },
    }),
    f('ArtifactType', 'string', { json: 'artifactType', omitempty: true }),
  ],
};

/** image.InspectResponse (API 1.55). */
const IMAGE_29: StructSpec = {
  type: 'image.InspectResponse',
  fields: [
    f('ID', 'string', { json: 'Id' }), f('RepoTags', 'strings'), f('RepoDigests', 'strings'), f('Comment', 'string', omit),
    f('Created', 'string', omit), f('Author', 'string', omit), f('Config', 'ptr', { struct: OCI_CONFIG }), f('Architecture', 'string'),
    f('Variant', 'string', omit), f('Os', 'string'), f('OsVersion', 'string', omit), f('Size', 'int'),
    f('GraphDriver', 'ptr', { omitempty: true, struct: { type: '*storage.DriverData', fields: [f('Data', 'map'), f('Name', 'string')] } }),
    f('RootFS', 'struct', { struct: { type: 'image.RootFS', fields: [f('Type', 'string', omit), f('Layers', 'strings', omit)] } }),
    f('Metadata', 'struct', { struct: { type: 'image.Metadata', fields: [f('LastTagTime', 'time', omit)] } }),
    f('Descriptor', 'ptr', { omitempty: true, struct: DESCRIPTOR }), f('Manifests', 'strings', omit), f('Identity', 'ptr', { ...omit, ptrType: '*image.Identity' }),
  ],
};

const ZERO_TIME = '0001-01-01T00:00:00Z';

/** A time.Time: prints as Go's Time.String(), encodes as RFC 3339 (what the JSON held). */
function goTimeValue(rfc: string): GoValue {
  return goStruct('time.Time', {}, { string: () => timeString(rfc), json: () => rfc });
}

/** "2026-11-22T10:00:06.726526246Z" -> "2026-11-22 10:00:06.726526246 +0000 UTC". */
function timeString(rfc: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:\d{2})$/.exec(rfc);
  if (!m) return rfc;
  const zone = m[3] === 'Z' ? '+0000 UTC' : `${m[3]!.replace(':', '')} ${m[3]!.replace(':', '')}`;
  return `${m[1]} ${m[2]} ${zone}`;
}

function zeroOf(spec: FieldSpec): GoValue {
  switch (spec.zero) {
    case 'string':
      return '';
    case 'int':
      return goInt(0);
    case 'bool':
      return false;
    case 'strings':
      return new GoSlice('[]string', [], true);
    case 'map':
      return new GoMap('map[string]string', {}, true);
    case 'ptr':
      return spec.struct ? goNil(spec.struct.type, spec.struct.fields.map((x) => x.go)) : goNil(spec.ptrType ?? '*int');
    case 'struct':
      return spec.struct ? structOf(spec.struct, {}) : null;
    case 'time':
      return goTimeValue(ZERO_TIME);
  }
}

function fieldValue(spec: FieldSpec, x: unknown): GoValue {
  if (x === null || x === undefined) return zeroOf(spec);
  if (spec.zero === 'time' && typeof x === 'string') return goTimeValue(x);
  if (spec.struct && typeof x === 'object' && !Array.isArray(x)) return structOf(spec.struct, x as Record<string, unknown>);
  return typed(x, spec.go, spec.zero === 'map');
}

/** The struct `spec` decoded from `raw`: every field (zero if absent), in declaration order; `{{json}}` as encoding/json writes it. */
function structOf(spec: StructSpec, raw: Record<string, unknown>): GoValue {
  const fields = {} as Record<string, GoValue>;
  const jsonFields = {} as Record<string, GoValue>;
  for (const fs of spec.fields) {
    const key = fs.json ?? fs.go;
    const present = Object.hasOwn(raw, key);
    const value = fieldValue(fs, present ? raw[key] : undefined);
    fields[fs.go] = value;
    if (present || !fs.omitempty) jsonFields[key] = value;
  }
  return goStruct(spec.type, fields, { json: () => goStruct(spec.type, jsonFields) });
}
