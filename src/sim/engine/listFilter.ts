/**
 * `docker ps` filters as the daemon applies them (daemon/list.go). Filters with
 * different keys must all match; values of one key are alternatives.
 */
import { invalidParameter } from '../errors.ts';
import type { Profile } from '../profile.ts';
import type { Container } from './container.ts';
import type { PortSummary } from '../api.ts';
import { portSummaries } from './network.ts';
import { statusOf } from './status.ts';

const STATUSES = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];
const KEYS = new Set([
  'id', 'name', 'label', 'ancestor', 'before', 'since', 'volume', 'network', 'publish', 'expose', 'health',
  'isolation', 'is-task', 'status', 'exited',
]);

export interface FilterContext {
  profile: Profile;
  /** Resolves a container reference for before/since. */
  lookup: (ref: string) => Container | undefined;
  /** Image IDs that an ancestor filter value denotes (the image and its descendants), or undefined if unknown. */
  ancestorIds: (ref: string) => Set<string> | undefined;
  /** publish= / expose= (ports.ts's portFilterKeys and portsMatch; the simulator loads them on demand). */
  portFilter?: {
    keys: (key: string, value: string, old: boolean) => string[] | string;
    match: (ports: readonly PortSummary[], publish: ReadonlySet<string>, expose: ReadonlySet<string>) => boolean;
  };
}

export type Predicate = (c: Container) => boolean;

export interface CompiledFilters {
  predicate: Predicate;
  /** status= implies showing all containers. */
  impliesAll: boolean;
}

export function compileFilters(filters: Record<string, string[]>, ctx: FilterContext): CompiledFilters {
  const preds: Predicate[] = [];
  const publish = new Set<string>();
  const expose = new Set<string>();
  let impliesAll = false;
  for (const [key, values] of Object.entries(filters)) {
    if (!KEYS.has(key)) throw invalidParameter(`${ctx.profile.version === '20.10' ? 'Invalid' : 'invalid'} filter '${key}'`);
    if (values.length === 0) continue;
    switch (key) {
      case 'status':
        for (const v of values) {
          if (!STATUSES.includes(v)) {
            throw invalidParameter(
              ctx.profile.version === '20.10'
                ? `Invalid filter 'status=${v}'`
                : `invalid filter 'status=${v}': invalid value for state (${v}): must be one of created, running, paused, restarting, removing, exited, dead`,
            );
          }
        }
        impliesAll = true;
        preds.push((c) => values.includes(statusOf(c)));
        break;
      case 'exited': {
        const codes = values.map((v) => {
          const n = Number(v);
          if (!/^-?\d+$/.test(v)) throw invalidParameter(`invalid filter 'exited=${v}'`);
          return n;
        });
        preds.push((c) => c.state === 'exited' && c.startedAt !== 0 && codes.includes(c.exitCode));
        break;
      }
      case 'id':
        preds.push((c) => values.some((v) => c.id.startsWith(v)));
        break;
      case 'name':
        preds.push((c) =>
          values.some((v) => {
            try {
              return new RegExp(v).test(`/${c.name}`);
            } catch {
              return false;
            }
          }),
        );
        break;
      case 'label':
        preds.push((c) =>
          values.every((v) => {
            const eq = v.indexOf('=');
            if (eq < 0) return v in c.config.Labels;
            return c.config.Labels[v.slice(0, eq)] === v.slice(eq + 1);
          }),
        );
        break;
      case 'ancestor': {
        const sets = values.map((v) => ctx.ancestorIds(v)).filter((s): s is Set<string> => s !== undefined);
        preds.push((c) => sets.some((s) => s.has(c.imageId)));
        break;
      }
      case 'before':
      case 'since': {
        const refs = values.map((v) => {
          const r = ctx.lookup(v);
          if (!r) throw invalidParameter(`No such container: ${v}`);
          return r;
        });
        preds.push((c) =>
          refs.every((r) => (key === 'before' ? c.createdAt < r.createdAt : c.createdAt > r.createdAt) && c.id !== r.id),
        );
        break;
      }
      case 'volume':
        preds.push((c) => c.mounts.some((m) => values.includes(m.Name ?? '') || values.includes(m.Destination) || values.includes(m.Source)));
        break;
      case 'publish':
      case 'expose':
        for (const v of values) {
          if (!ctx.portFilter) throw new Error('listFilter: publish/expose filters need ctx.portFilter');
          const keys = ctx.portFilter.keys(key, v, ctx.profile.version === '20.10');
          if (typeof keys === 'string') throw invalidParameter(keys);
          for (const k of keys) (key === 'publish' ? publish : expose).add(k);
        }
        break;
      case 'network':
        preds.push((c) => values.includes(c.hostConfig.NetworkMode === 'default' ? 'bridge' : c.hostConfig.NetworkMode));
        break;
      case 'is-task':
        preds.push(() => values.includes('false'));
        break;
      case 'health':
        preds.push(() => values.includes('none'));
        break;
      case 'isolation':
        preds.push(() => values.includes('default'));
        break;
    }
  }
  // publish= and expose= together are alternatives: a container matches if one of its ports does
  const pf = ctx.portFilter;
  if (pf && (publish.size || expose.size)) preds.push((c) => pf.match(portSummaries(c.ports), publish, expose));
  return { predicate: (c) => preds.every((p) => p(c)), impliesAll };
}
