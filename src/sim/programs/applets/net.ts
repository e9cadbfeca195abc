/**
 * ping and wget as they behave in the reference set-up, where containers have
 * only a loopback interface (dockerd ran with --bridge=none): 127.0.0.0/8 answers,
 * any other address is unreachable and no name resolves except via /etc/hosts.
 */
import type { Proc, ProgramGen } from '../../kernel/process.ts';
import { err, getopt } from '../lib.ts';
import { usage } from '../usage.ts';

/** Resolves like /etc/hosts then nothing (no working DNS): the IPv4 address or undefined. */
export function resolveHost(p: Proc, host: string): string | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return host;
  let hosts = '';
  try {
    hosts = p.fs.readText('/etc/hosts');
  } catch {
    /* none */
  }
  for (const line of hosts.split('\n')) {
    const f = line.replace(/#.*/, '').trim().split(/\s+/);
    if (f.length > 1 && f.slice(1).includes(host) && /^\d+\.\d+\.\d+\.\d+$/.test(f[0]!)) return f[0];
  }
  if (host === 'localhost') return '127.0.0.1';
  return undefined;
}

const loopback = (ip: string) => ip.startsWith('127.');

export function* pingMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'ping', p.argv, '46c:s:i:At:I:W:w:qp:');
  if (!o) return 1;
  if (o.args.length !== 1) {
    p.err(yield* usage(p, 'ping'));
    return 1;
  }
  const num = (k: string, def: number): number | undefined => {
    const v = o.flags.get(k);
    if (v === undefined) return def;
    if (!/^[0-9]+(\.[0-9]+)?$/.test(v)) {
      err(p, 'ping', `invalid number '${v}'`);
      return undefined;
    }
    return Number(v);
  };
  const count = num('c', 0);
  const interval = num('i', 1);
  const size = num('s', 56);
  const deadline = num('w', 0);
  if (count === undefined || interval === undefined || size === undefined || deadline === undefined) return 1;
  const host = o.args[0]!;
  const ip = resolveHost(p, host);
  if (!ip) {
    err(p, 'ping', `bad address '${host}'`);
    return 1;
  }
  p.out(`PING ${host} (${ip}): ${size} data bytes\n`);
  if (!loopback(ip)) {
    err(p, 'ping', 'sendto: Network is unreachable');
    return 1;
  }
  const quiet = o.flags.has('q');
  const times: number[] = [];
  let sent = 0;
  p.setDisposition(2, 'catch');
  const start = p.task.kernel.clock.now();
  for (;;) {
    const t = 0.04 + ((sent * 7) % 5) / 100;
    times.push(t);
    if (!quiet) p.out(`${size + 8} bytes from ${ip}: seq=${sent} ttl=64 time=${t.toFixed(3)} ms\n`);
    sent++;
    if (count && sent >= count) break;
    if (deadline && p.task.kernel.clock.now() - start + interval * 1000 > deadline * 1000) break;
    const ok = yield* p.sleep(interval * 1000, true);
    if (!ok && p.takeSignal()) break;
  }
  const min = Math.min(...times);
  const max = Math.max(...times);
  const avg = times.reduce((a, b) => a + b, 0) / times.length;
  p.out(
    `\n--- ${host} ping statistics ---\n${sent} packets transmitted, ${sent} packets received, 0% packet loss\n` +
      `round-trip min/avg/max = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)} ms\n`,
  );
  return 0;
}

export function* wgetMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'wget', p.argv, 'cqsO:o:P:SU:T:t:Y:nvb', { quiet: 'q', 'output-document=': 'O', spider: 's', 'no-verbose': 'n' });
  if (!o) return 1;
  if (!o.args.length) {
    p.err(yield* usage(p, 'wget'));
    return 1;
  }
  for (const url of o.args) {
    const m = /^(?:(https?|ftp):\/\/)?([^/:]+)(?::(\d+))?/.exec(url);
    if (!m) {
      err(p, 'wget', `bad address '${url}'`);
      return 1;
    }
    const host = m[2]!;
    const port = m[3] ?? (m[1] === 'https' ? '443' : m[1] === 'ftp' ? '21' : '80');
    const ip = resolveHost(p, host);
    if (!ip) {
      err(p, 'wget', `bad address '${host}'`);
      return 1;
    }
    if (!o.flags.has('q')) p.err(`Connecting to ${host}:${port} (${ip}:${port})\n`);
    err(p, 'wget', `can't connect to remote host (${ip}): ${loopback(ip) ? 'Connection refused' : 'Network is unreachable'}`);
    return 1;
  }
  return 0;
}
