/**
 * docker port CONTAINER [PRIVATE_PORT[/PROTO]] (docker container port): the container's
 * NetworkSettings.Ports from inspect. 20.10 prints in the order Go iterates the map
 * (random; here the keys' order) and `IP:PORT` as is; current clients sort the lines
 * naturally and bracket IPv6 hosts.
 */
import { joinHostPort } from '../format/goip.ts';
import { type Ctx, inspectFirst, isOld } from '../context.ts';
import { portArgument } from './portSpec.ts';

export async function port(ctx: Ctx): Promise<number> {
  const [ref = '', wanted] = ctx.parsed.args;
  const old = isOld(ctx);
  const info = await inspectFirst(ctx, ref);
  if (!info) return 1;
  const ports = info.NetworkSettings.Ports ?? {};
  const hostPort = (ip: string, p: string) => (old ? `${ip}:${p}` : joinHostPort(ip, p));
  const out: string[] = [];
  if (wanted !== undefined) {
    const arg = portArgument(wanted, old);
    if ('error' in arg) {
      ctx.io.err(`${arg.error}\n`);
      return 1;
    }
    const frontends = ports[arg.key];
    // 20.10 asks for a non-nil list, current clients for a non-empty one
    if (frontends === undefined || frontends === null || (!old && frontends.length === 0)) {
      ctx.io.err(old ? `Error: No public port '${arg.shown}' published for ${ref}\n` : `no public port '${arg.shown}' published for ${ref}\n`);
      return 1;
    }
    for (const f of frontends) out.push(hostPort(f.HostIp, f.HostPort));
  } else {
    for (const key of Object.keys(ports).sort()) {
      for (const f of ports[key] ?? []) out.push(`${key} -> ${hostPort(f.HostIp, f.HostPort)}`);
    }
  }
  if (!old) out.sort((a, b) => (naturalLess(a, b) ? -1 : naturalLess(b, a) ? 1 : 0));
  if (out.length) ctx.io.out(`${out.join('\n')}\n`);
  return 0;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** fvbommel/sortorder NaturalLess: runs of digits compare as numbers, digits before other characters. */
export function naturalLess(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const d1 = isDigit(a[i]);
    const d2 = isDigit(b[j]);
    if (d1 !== d2) return d1;
    if (!d1) {
      if (a[i] !== b[j]) return a[i]! < b[j]!;
      i++;
      j++;
      continue;
    }
    while (i < a.length && a[i] === '0') i++;
    while (j < b.length && b[j] === '0') j++;
    const s1 = i;
    const s2 = j;
    while (i < a.length && isDigit(a[i])) i++;
    while (j < b.length && isDigit(b[j])) j++;
    if (i - s1 !== j - s2) return i - s1 < j - s2;
    const n1 = a.slice(s1, i);
    const n2 = b.slice(s2, j);
    if (n1 !== n2) return n1 < n2;
    if (s1 !== s2) return s1 < s2;
  }
  return a.length < b.length;
}
