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

/**
 * docker/cli DisplayablePorts: sorted by container port, IP, host port, protocol; a run of
 * consecutive ports published on the same port number (or not published) becomes one range;
 * ranges broken by a gap come first, then the open ones in the order their keys appeared,
 * then every mapping to another host port. 20.10 writes the IP as is (`:::8080->80/tcp`),
 * current clients with net.JoinHostPort (`[::]:8080->80/tcp`).
 */
export function displayablePorts(ports: PortSummary[], old = false): string {
  type Group = { first: number; last: number };
  const groupMap = new Map<string, Group>();
  const keys: string[] = [];
  const result: string[] = [];
  const hostMappings: string[] = [];
  // net.JoinHostPort, inlined: this file is on the lesson page's path, goip.ts is not
  const hostPort = (ip: string, port: string) => (old || !ip.includes(':') ? `${ip}:${port}` : `[${ip}]:${port}`);
  const sorted = [...ports].sort((a, b) => {
    if (a.PrivatePort !== b.PrivatePort) return a.PrivatePort - b.PrivatePort;
    const ia = a.IP ?? '';
    const ib = b.IP ?? '';
    if (ia !== ib) return ia < ib ? -1 : 1;
    if ((a.PublicPort ?? 0) !== (b.PublicPort ?? 0)) return (a.PublicPort ?? 0) - (b.PublicPort ?? 0);
    return a.Type < b.Type ? -1 : a.Type > b.Type ? 1 : 0;
  });
  const formGroup = (key: string, start: number, last: number): string => {
    const parts = key.split('/');
    let type = parts[0]!;
    let ip = '';
    if (parts.length > 1) {
      ip = parts[0]!;
      type = parts[1]!;
    }
    let group = String(start);
    if (start !== last) group = `${group}-${last}`;
    if (ip !== '') group = `${hostPort(ip, group)}->${group}`;
    return `${group}/${type}`;
  };
  for (const p of sorted) {
    const current = p.PrivatePort;
    let portKey = p.Type;
    if (p.IP) {
      if (p.PublicPort !== current) {
        hostMappings.push(`${hostPort(p.IP, String(p.PublicPort ?? 0))}->${p.PrivatePort}/${p.Type}`);
        continue;
      }
      portKey = `${p.IP}/${p.Type}`;
    }
    const g = groupMap.get(portKey);
    if (!g) {
      groupMap.set(portKey, { first: current, last: current });
      keys.push(portKey);
      continue;
    }
    if (current === g.last + 1) {
      g.last = current;
      continue;
    }
    result.push(formGroup(portKey, g.first, g.last));
    groupMap.set(portKey, { first: current, last: current });
  }
  for (const k of keys) {
    const g = groupMap.get(k)!;
    result.push(formGroup(k, g.first, g.last));
  }
  return [...result, ...hostMappings].join(', ');
}

/**
 * The row a ps template sees: a *formatter.ContainerContext whose fields are
 * computed the way its methods are (a missing field is an error, as in Go;
 * `{{json .}}` marshals every field by name, as its MarshalJSON does).
 */
export function containerRow(c: ContainerSummary, now: number, trunc: boolean, needed?: ReadonlySet<string>, old = false): GoStruct {
  const fields = pickFields(containerColumns(c, now, trunc, old), needed);
  return goStruct('*formatter.ContainerContext', fields, { json: () => pickFields(containerColumns(c, now, trunc, old)) });
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

function containerColumns(c: ContainerSummary, now: number, trunc: boolean, old: boolean): Record<string, () => string> {
  return {
    ID: () => (trunc ? truncateId(c.Id) : c.Id),
    Image: () => imageColumn(c, trunc),
    Command: () => quote(trunc ? ellipsis(c.Command, 20) : c.Command),
    CreatedAt: () => goTimeString(c.Created),
    RunningFor: () => `${humanDuration(now - c.Created * 1000)} ago`,
    Ports: () => displayablePorts(c.Ports, old),
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


