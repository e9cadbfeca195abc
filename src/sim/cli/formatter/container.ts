/** The `docker ps` row (docker/cli formatter.ContainerContext): one function per column. */
import type { ContainerSummary, PortSummary } from '../../api.ts';
import { familiarName, familiarString, parseNormalizedNamed, trimNamed, withTag } from '../../images/reference.ts';
import { humanDuration } from '../format/duration.ts';
import { goStruct, type GoStruct } from '../format/gotemplate.ts';
import { quote } from '../format/quote.ts';
import { ellipsis } from '../format/runewidth.ts';
import { humanSizeWithPrecision } from '../format/size.ts';

export const DEFAULT_PS_FORMAT = 'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}';

export const CONTAINER_HEADER: Record<string, string> = {
  ID: 'CONTAINER ID',
  Image: 'IMAGE',
  Command: 'COMMAND',
  CreatedAt: 'CREATED AT',
  RunningFor: 'CREATED',
  Ports: 'PORTS',
  State: 'STATE',
  Status: 'STATUS',
  Size: 'SIZE',
  Names: 'NAMES',
  Labels: 'LABELS',
  Mounts: 'MOUNTS',
  Networks: 'NETWORKS',
  LocalVolumes: 'LOCAL VOLUMES',
};

const truncateId = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);

/** Go's time.Time.String() for a UTC time: `2024-01-02 15:04:05 +0000 UTC`. */
export function goTimeString(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 19)} +0000 UTC`;
}

/** docker/cli DisplayablePorts: sorted, consecutive ports grouped into ranges. */
export function displayablePorts(ports: PortSummary[]): string {
  type Group = { first: number; last: number };
  const groupMap = new Map<string, Group>();
  const order: string[] = [];
  const hostMappings: string[] = [];
  const sorted = [...ports].sort((a, b) => {
    const ka = `${a.Type}/${a.IP ?? ''}`;
    const kb = `${b.Type}/${b.IP ?? ''}`;
    if (a.PrivatePort !== b.PrivatePort) return a.PrivatePort - b.PrivatePort;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  for (const p of sorted) {
    let current = p.PrivatePort;
    let portKey = p.Type;
    if (p.IP) {
      if (p.PublicPort !== p.PrivatePort) {
        hostMappings.push(`${formatIp(p.IP)}:${p.PublicPort}->${p.PrivatePort}/${p.Type}`);
        continue;
      }
      portKey = `${p.IP}/${p.Type}`;
    }
    const g = groupMap.get(portKey);
    if (!g) {
      groupMap.set(portKey, { first: current, last: current });
      order.push(portKey);
      continue;
    }
    if (current === g.last + 1) {
      g.last = current;
      continue;
    }
    hostMappings.push(formGroup(portKey, g.first, g.last));
    groupMap.set(portKey, { first: current, last: current });
    current = 0;
  }
  for (const k of order) {
    const g = groupMap.get(k)!;
    hostMappings.push(formGroup(k, g.first, g.last));
  }
  return hostMappings.join(', ');
}

function formatIp(ip: string): string {
  return ip.includes(':') ? `[${ip}]` : ip;
}

function formGroup(key: string, start: number, last: number): string {
  const parts = key.split('/');
  let group = start === last ? `${start}` : `${start}-${last}`;
  let ip = '';
  if (parts.length > 1) {
    ip = parts[0]!;
    group = `${formatIp(ip)}:${group}->${group}`;
  }
  return `${group}/${parts[parts.length - 1]}`;
}

/**
 * The row a ps template sees: a *formatter.ContainerContext whose fields are
 * computed the way its methods are (a missing field is an error, as in Go;
 * `{{json .}}` marshals every field by name, as its MarshalJSON does).
 */
export function containerRow(c: ContainerSummary, now: number, trunc: boolean, needed?: ReadonlySet<string>): GoStruct {
  const fields = pickFields(containerColumns(c, now, trunc), needed);
  return goStruct('*formatter.ContainerContext', fields, { json: () => pickFields(containerColumns(c, now, trunc)) });
}

/** The columns a template can reach: every one, or just those it names (a row only pays for what it shows). */
export function pickFields(columns: Record<string, () => string>, needed?: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in columns) if (!needed || needed.has(name)) out[name] = columns[name]!();
  return out;
}

/**
 * The top-level fields a template source names (`.ID`, `.Names`…), or undefined
 * when it uses the row as a whole (`{{.}}`, `{{json .}}`, `$x := .`) and so needs every field.
 */
export function fieldsNamed(source: string): Set<string> | undefined {
  if (/(^|[^\w.$)\]])\.(?![A-Za-z_])/.test(source)) return undefined;
  return new Set([...source.matchAll(/(?<![\w$)\]])\.([A-Za-z_]\w*)/g)].map((m) => m[1]!));
}

function containerColumns(c: ContainerSummary, now: number, trunc: boolean): Record<string, () => string> {
  return {
    ID: () => (trunc ? truncateId(c.Id) : c.Id),
    Image: () => imageColumn(c, trunc),
    Command: () => quote(trunc ? ellipsis(c.Command, 20) : c.Command),
    CreatedAt: () => goTimeString(c.Created),
    RunningFor: () => `${humanDuration(now - c.Created * 1000)} ago`,
    Ports: () => displayablePorts(c.Ports),
    State: () => c.State,
    Status: () => c.Status,
    Size: () => {
      const sizeRw = humanSizeWithPrecision(c.SizeRw ?? 0, 3);
      return (c.SizeRootFs ?? 0) > 0 ? `${sizeRw} (virtual ${humanSizeWithPrecision(c.SizeRootFs ?? 0, 3)})` : sizeRw;
    },
    Names: () => {
      const names = c.Names.map((n) => n.replace(/^\//, ''));
      if (!trunc) return names.join(',');
      return names.find((n) => n.split('/').length === 1) ?? names[0] ?? '';
    },
    Labels: () =>
      Object.entries(c.Labels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    Mounts: () => c.Mounts.map((m) => (m.Name ? (trunc ? truncateId(m.Name) : m.Name) : m.Source)).join(','),
    Networks: () => c.NetworkNames.join(','),
    LocalVolumes: () => String(c.Mounts.filter((m) => m.Type === 'volume' && m.Driver === 'local').length),
  };
}

const familiarImages = new Map<string, string>();

function imageColumn(c: ContainerSummary, trunc: boolean): string {
  if (c.Image === '') return '<no image>';
  if (!trunc) return c.Image;
  const short = truncateId(c.ImageID);
  if (short === truncateId(c.Image)) return short;
  let f = familiarImages.get(c.Image);
  if (f === undefined) {
    f = familiarImage(c.Image);
    if (familiarImages.size > 1000) familiarImages.clear();
    familiarImages.set(c.Image, f);
  }
  return f;
}

/** The image as ps shows it: familiar name, with the tag only when one was given. */
function familiarImage(image: string): string {
  try {
    const ref = parseNormalizedNamed(image);
    if (ref.tag !== undefined) return familiarString(withTag(trimNamed(ref), ref.tag));
    return familiarName(trimNamed(ref));
  } catch {
    return image;
  }
}


