/**
 * The shape an image config from a registry must have before the native store takes
 * it: the fields the daemon's image.Image decoding would refuse to read (wrong JSON
 * types), and the ones `docker images`, `inspect` and `history` read, checked here so
 * a hostile config is refused at pull time instead of breaking a later command.
 * The config bytes themselves are kept exactly as they came (the image ID is their digest).
 */
import { EngineError } from '../../sim/errors.ts';
import { isDigest } from './client.ts';

const fail = (what: string) => new EngineError('system', `invalid image config: ${what}`);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function checkContainerConfig(c: unknown, key: string): void {
  if (c === undefined || c === null) return;
  if (!isObj(c)) throw fail(`${key} is not an object`);
  for (const k of ['Env', 'Cmd', 'Entrypoint', 'OnBuild', 'Shell']) {
    if (c[k] !== undefined && c[k] !== null && !strings(c[k])) throw fail(`${key}.${k} is not a list of strings`);
  }
  for (const k of ['User', 'WorkingDir', 'Hostname', 'Domainname', 'Image', 'StopSignal']) {
    if (c[k] !== undefined && typeof c[k] !== 'string') throw fail(`${key}.${k} is not a string`);
  }
  for (const k of ['Labels']) {
    const v = c[k];
    if (v !== undefined && v !== null && !(isObj(v) && Object.values(v).every((x) => typeof x === 'string'))) throw fail(`${key}.${k} is not a map of strings`);
  }
  for (const k of ['ExposedPorts', 'Volumes']) {
    if (c[k] !== undefined && c[k] !== null && !isObj(c[k])) throw fail(`${key}.${k} is not an object`);
  }
}

/** Checks a config's JSON; its rootfs.diff_ids (bottom first). Throws EngineError with one sentence. */
export function checkImageConfig(json: string): string[] {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch (e) {
    throw fail((e as Error).message);
  }
  if (!isObj(v)) throw fail('not a JSON object');
  for (const k of ['architecture', 'os', 'variant', 'author', 'comment', 'container', 'docker_version', 'parent']) {
    if (v[k] !== undefined && typeof v[k] !== 'string') throw fail(`${k} is not a string`);
  }
  if (v['created'] !== undefined && !(typeof v['created'] === 'string' && RFC3339.test(v['created']) && !Number.isNaN(Date.parse(v['created'])))) {
    throw fail('created is not an RFC 3339 time');
  }
  if (v['os'] !== undefined && v['os'] !== '' && v['os'] !== 'linux') {
    throw new EngineError('system', `image operating system ${JSON.stringify(v['os'])} cannot be used on this platform`);
  }
  checkContainerConfig(v['config'], 'config');
  checkContainerConfig(v['container_config'], 'container_config');
  const history = v['history'];
  if (history !== undefined && history !== null) {
    if (!Array.isArray(history) || !history.every(isObj)) throw fail('history is not a list of objects');
    for (const h of history) {
      for (const k of ['created_by', 'author', 'comment']) if (h[k] !== undefined && typeof h[k] !== 'string') throw fail(`history ${k} is not a string`);
      if (h['created'] !== undefined && !(typeof h['created'] === 'string' && RFC3339.test(h['created']))) throw fail('history created is not an RFC 3339 time');
      if (h['empty_layer'] !== undefined && typeof h['empty_layer'] !== 'boolean') throw fail('history empty_layer is not a boolean');
    }
  }
  const rootfs = v['rootfs'];
  if (!isObj(rootfs) || rootfs['type'] !== 'layers') throw fail('rootfs is not of type "layers"');
  const ids = rootfs['diff_ids'] ?? [];
  if (!Array.isArray(ids) || !ids.every(isDigest)) throw fail('rootfs.diff_ids is not a list of sha256 digests');
  return ids as string[];
}
