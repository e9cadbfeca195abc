/**
 * The legacy (v1) image JSON Docker 20.10 puts next to each layer in `docker
 * save` (image/tarexport/save.go, image/v1/imagev1.go), v1 IDs (CreateID), and the
 * reverse for `docker load` of pre-1.10 archives (MakeConfigFromV1Config,
 * HistoryFromConfig). Everything is re-marshalled the way Go's encoding/json
 * does it from the structs: field order, omitempty, map keys sorted.
 */
import { chainIDs } from '../images/config.ts';
import { goJson, type GoJsonValue } from '../images/gojson.ts';
import { digestText } from './digest.ts';

type Json = GoJsonValue | undefined;
type Obj = { [k: string]: Json };

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const bool = (v: unknown): boolean => v === true;
const sortedMap = (v: unknown): Json => {
  if (!isObj(v)) return null;
  const out: Obj = {};
  for (const k of Object.keys(v).sort()) out[k] = v[k] === undefined ? null : v[k];
  return out;
};
const strSlice = (v: unknown): Json => {
  if (typeof v === 'string') return [v]; // strslice.StrSlice accepts a single string
  if (Array.isArray(v)) return v.map((x) => str(x));
  return null;
};

/** container.Config as Go marshals it (api/types/container/config.go, 20.10). */
export function containerConfigJson(c: unknown): Json {
  if (!isObj(c)) return undefined;
  const hc = c.Healthcheck;
  const health = isObj(hc)
    ? {
        Test: Array.isArray(hc.Test) && hc.Test.length ? hc.Test : undefined,
        Interval: typeof hc.Interval === 'number' && hc.Interval ? hc.Interval : undefined,
        Timeout: typeof hc.Timeout === 'number' && hc.Timeout ? hc.Timeout : undefined,
        StartPeriod: typeof hc.StartPeriod === 'number' && hc.StartPeriod ? hc.StartPeriod : undefined,
        Retries: typeof hc.Retries === 'number' && hc.Retries ? hc.Retries : undefined,
      }
    : undefined;
  const ports = isObj(c.ExposedPorts) && Object.keys(c.ExposedPorts).length ? sortedMap(c.ExposedPorts) : undefined;
  return {
    Hostname: str(c.Hostname),
    Domainname: str(c.Domainname),
    User: str(c.User),
    AttachStdin: bool(c.AttachStdin),
    AttachStdout: bool(c.AttachStdout),
    AttachStderr: bool(c.AttachStderr),
    ExposedPorts: ports,
    Tty: bool(c.Tty),
    OpenStdin: bool(c.OpenStdin),
    StdinOnce: bool(c.StdinOnce),
    Env: Array.isArray(c.Env) ? c.Env.map(str) : null,
    Cmd: strSlice(c.Cmd),
    Healthcheck: health,
    ArgsEscaped: bool(c.ArgsEscaped) || undefined,
    Image: str(c.Image),
    Volumes: sortedMap(c.Volumes),
    WorkingDir: str(c.WorkingDir),
    Entrypoint: strSlice(c.Entrypoint),
    NetworkDisabled: bool(c.NetworkDisabled) || undefined,
    MacAddress: str(c.MacAddress) || undefined,
    OnBuild: Array.isArray(c.OnBuild) ? c.OnBuild.map(str) : null,
    Labels: sortedMap(c.Labels),
    StopSignal: str(c.StopSignal) || undefined,
    StopTimeout: typeof c.StopTimeout === 'number' ? c.StopTimeout : undefined,
    Shell: Array.isArray(c.Shell) && c.Shell.length ? c.Shell.map(str) : undefined,
  };
}

const EMPTY_CONFIG = containerConfigJson({});

/** image.V1Image marshalled (field order of the struct, omitempty as declared). */
function v1ImageJson(v: Obj): Obj {
  return {
    id: str(v.id) || undefined,
    parent: str(v.parent) || undefined,
    comment: str(v.comment) || undefined,
    created: str(v.created) || '0001-01-01T00:00:00Z',
    container: str(v.container) || undefined,
    container_config: containerConfigJson(v.container_config) ?? EMPTY_CONFIG,
    docker_version: str(v.docker_version) || undefined,
    author: str(v.author) || undefined,
    config: containerConfigJson(v.config),
    architecture: str(v.architecture) || undefined,
    variant: str(v.variant) || undefined,
    os: str(v.os) || undefined,
    Size: typeof v.Size === 'number' && v.Size ? v.Size : undefined,
  };
}

function sortTop(o: Obj): Obj {
  const out: Obj = {};
  for (const k of Object.keys(o).sort()) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** v1.CreateID: digest of the V1Image (without id) plus layer_id and parent, keys sorted. */
function createID(v1: Obj, layerID: string, parent: string): string {
  const m = v1ImageJson({ ...v1, id: undefined });
  m.layer_id = layerID;
  if (parent) m.parent = parent;
  return digestText(goJson(sortTop(m)));
}

export interface V1Layer {
  /** 64-hex v1 ID (the directory name in the archive). */
  id: string;
  /** `<id>/json`. */
  json: string;
}

/**
 * The v1 IDs and json files of an image's layers, bottom first (saveSession.saveImage):
 * every layer but the top gets an empty V1Image created at the epoch, the top one
 * the image's own V1Image; IDs chain through their parents.
 */
export function v1Layers(configJSON: string): V1Layer[] {
  const img = JSON.parse(configJSON) as Obj;
  const rootfs = isObj(img.rootfs) ? img.rootfs : {};
  const diffIDs = Array.isArray(rootfs.diff_ids) ? rootfs.diff_ids.map(str) : [];
  const chains = chainIDs(diffIDs);
  const out: V1Layer[] = [];
  let parent = '';
  for (let i = 0; i < diffIDs.length; i++) {
    const top = i === diffIDs.length - 1;
    // image.Image.Parent shadows V1Image.Parent: the image's own parent never reaches the v1 json.
    const v1: Obj = top ? { ...img, parent: undefined } : { created: '1970-01-01T00:00:00Z' };
    const id = createID(v1, chains[i]!, parent);
    const hex = id.slice('sha256:'.length);
    const withIds: Obj = { ...v1, id: hex, parent: parent ? parent.slice('sha256:'.length) : undefined, os: str(img.os) || undefined };
    out.push({ id: hex, json: goJson(v1ImageJson(withIds)) });
    parent = id;
  }
  return out;
}

/** image.History from a legacy json (v1.HistoryFromConfig). */
function historyFromV1(v: Obj): Obj {
  const cc = isObj(v.container_config) ? v.container_config : {};
  const cmd = Array.isArray(cc.Cmd) ? cc.Cmd.map(str).join(' ') : str(cc.Cmd);
  return {
    created: str(v.created) || '0001-01-01T00:00:00Z',
    author: str(v.author) || undefined,
    created_by: cmd || undefined,
    comment: str(v.comment) || undefined,
    empty_layer: bool(v.throwaway) || undefined,
  };
}

/**
 * v1.MakeConfigFromV1Config: the image config of a legacy layer json with the
 * rootfs and history so far (history entries as objects, this one appended).
 * Returns the config JSON (top-level keys sorted; values as in the json).
 */
export function configFromV1(jsonText: string, diffIDs: readonly string[], history: readonly Obj[]): { config: string; history: Obj[] } {
  const v = JSON.parse(jsonText) as Obj;
  const h = [...history, historyFromV1(v)];
  const c: Obj = { ...v };
  for (const k of ['id', 'parent', 'Size', 'parent_id', 'layer_id', 'throwaway']) delete c[k];
  c.rootfs = { type: 'layers', diff_ids: diffIDs.length ? [...diffIDs] : undefined };
  c.history = h;
  return { config: goJson(sortTop(c)), history: h };
}
