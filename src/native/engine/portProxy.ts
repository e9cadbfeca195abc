/**
 * Published ports of native containers. Docker's userland proxy listens on the host (0.0.0.0
 * and ::) and relays to the container's bridge address; native containers have a network
 * namespace with loopback only, so this proxy listens on the host's LOOPBACK only — 127.0.0.1
 * for an IPv4 binding, ::1 for an IPv6 one, a loopback address as given — whatever address
 * Docker would bind (the PORTS column, `docker port` and inspect still say what Docker says),
 * and relays to 127.0.0.1:<container port> inside the container's namespace.
 *
 * The far end of the relay is one helper per running container with published ports:
 * `nsenter --net=/proc/<pid>/ns/net <node> -e HELPER`, started at the first connection. For
 * TCP it connects inside the namespace and hands the connected socket back over its IPC
 * channel (Node passes the file descriptor), and the backend pipes the bytes itself; UDP
 * datagrams travel over the channel (one socket in the namespace per client address, closed
 * after 90 s without traffic, as docker-proxy does). SCTP is accepted and not forwarded.
 *
 * Which host ports, in which order, and every error text come from the simulator's model
 * (src/sim/engine/ports.ts): the same allocator, the same steps; only the bind is real here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import type { HostConfig, ContainerConfig } from '../../sim/api.ts';
import { system } from '../../sim/errors.ts';
import { hasPorts, onBridge, type HostBinding, type PortMap } from '../../sim/engine/network.ts';
import { PortAllocator, PortError, bindingsOf, joinNetwork, planPorts, publishAsync, publishSteps } from '../../sim/engine/ports.ts';

/** What the proxy needs of a container (a NativeContainer). */
export interface ProxiedContainer {
  id: string;
  name: string;
  /** Host PID of the container's init (0 before the start): the namespace to relay into. */
  pid: number;
  config: Pick<ContainerConfig, 'ExposedPorts'>;
  hostConfig: Pick<HostConfig, 'NetworkMode' | 'PortBindings' | 'PublishAllPorts'>;
  ports: PortMap;
  published: HostBinding[];
}

/** docker-proxy's UDPConnTrackTimeout. */
const UDP_IDLE_MS = 90_000;

/** Runs inside the container's network namespace (CommonJS, `node -e`). */
const HELPER = `
const net = require('node:net');
const dgram = require('node:dgram');
const udp = new Map();
process.on('message', (m) => {
  if (m.t === 'tcp') {
    const s = net.connect({ host: '127.0.0.1', port: m.port });
    s.once('connect', () => process.send({ id: m.id }, s));
    s.once('error', (e) => process.send({ id: m.id, error: e.code || String(e) }));
  } else if (m.t === 'udp') {
    let u = udp.get(m.sid);
    if (!u) {
      u = dgram.createSocket('udp4');
      u.on('message', (data) => process.send({ sid: m.sid, data: data.toString('base64') }));
      u.on('error', () => {});
      udp.set(m.sid, u);
    }
    u.send(Buffer.from(m.data, 'base64'), m.port, '127.0.0.1');
  } else if (m.t === 'udp-close') {
    udp.get(m.sid)?.close();
    udp.delete(m.sid);
  }
});
process.on('disconnect', () => process.exit(0));
`;

/** The relay's end in one container's network namespace. */
class Helper {
  readonly pid: number;
  readonly #child: ChildProcess;
  #next = 1;
  readonly #pending = new Map<number, { resolve: (s: net.Socket) => void; reject: (e: Error) => void }>();
  readonly #udp = new Map<number, (data: Buffer) => void>();
  #dead = false;

  constructor(pid: number) {
    this.pid = pid;
    this.#child = spawn('nsenter', [`--net=/proc/${pid}/ns/net`, '--', process.execPath, '-e', HELPER], {
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      env: { PATH: process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin' },
    });
    this.#child.on('message', (m: { id?: number; error?: string; sid?: number; data?: string }, handle?: unknown) => {
      if (m.sid !== undefined) {
        this.#udp.get(m.sid)?.(Buffer.from(m.data ?? '', 'base64'));
        return;
      }
      const p = this.#pending.get(m.id ?? -1);
      if (!p) return;
      this.#pending.delete(m.id!);
      if (m.error || !(handle instanceof net.Socket)) p.reject(new Error(m.error ?? 'no socket'));
      else p.resolve(handle);
    });
    const gone = () => {
      this.#dead = true;
      for (const p of this.#pending.values()) p.reject(new Error('relay helper exited'));
      this.#pending.clear();
    };
    this.#child.on('exit', gone);
    this.#child.on('error', gone);
  }

  get alive(): boolean {
    return !this.#dead;
  }

  /** A TCP connection to 127.0.0.1:port inside the namespace. */
  connect(port: number): Promise<net.Socket> {
    if (this.#dead) return Promise.reject(new Error('relay helper exited'));
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#child.send({ t: 'tcp', id, port });
    });
  }

  /** A UDP flow to 127.0.0.1:port inside the namespace: send(), and replies to `onReply`. */
  udpFlow(port: number, onReply: (data: Buffer) => void): { send(data: Buffer): void; close(): void } {
    const sid = this.#next++;
    this.#udp.set(sid, onReply);
    return {
      send: (data) => {
        if (!this.#dead) this.#child.send({ t: 'udp', sid, port, data: data.toString('base64') });
      },
      close: () => {
        this.#udp.delete(sid);
        if (!this.#dead) this.#child.send({ t: 'udp-close', sid });
      },
    };
  }

  kill(): void {
    this.#dead = true;
    if (this.#child.connected) this.#child.disconnect();
    this.#child.kill('SIGKILL');
  }
}

/** One host socket of a published port. */
interface Listener {
  close(): void;
}

/** The address the proxy really binds: Docker's when it is a loopback one, else the family's loopback. */
function loopbackFor(ip: string): string {
  if (ip.includes(':')) return ip === '::1' ? ip : '::1';
  return ip.startsWith('127.') ? ip : '127.0.0.1';
}

const ERRNO_TEXT: Record<string, string> = {
  EADDRINUSE: 'address already in use',
  EACCES: 'permission denied',
  EADDRNOTAVAIL: 'cannot assign requested address',
};

export class PortProxy {
  readonly #alloc = new PortAllocator();
  readonly #listeners = new Map<HostBinding, Listener>();
  readonly #helpers = new Map<string, Helper>();
  /** Client sockets and UDP flows in flight, per container (closed with its ports). */
  readonly #flows = new Map<string, Set<{ close(): void }>>();

  /**
   * containerStart's network step: another container's network (which must run), host, none,
   * or the bridge, where the ports are allocated and bound (c.ports, c.published). Throws an
   * EngineError in the daemon's words.
   */
  async connect(c: ProxiedContainer, o: { old: boolean; find: (ref: string) => { id: string; state: string } | undefined; endpointId: () => string }): Promise<void> {
    if (!joinNetwork(c.hostConfig, o.find) || !hasPorts(c.config, c.hostConfig)) return;
    const plan = planPorts(c.config, c.hostConfig);
    const steps = publishSteps(this.#alloc, plan, { name: c.name, endpointId: o.endpointId, old: o.old, v6: true }, (b) => this.#unbind(b));
    try {
      const done = await publishAsync(steps, (b) => this.#bind(c, b));
      c.ports = done.ports;
      c.published = done.bindings;
    } catch (e) {
      if (e instanceof PortError) throw system(e.message);
      throw e;
    }
  }

  /** The sandbox goes (exit, stop, rm): listeners, flows and the helper of the container. */
  release(c: ProxiedContainer): void {
    for (const b of c.published) {
      this.#unbind(b);
      this.#alloc.release(b.hostIp, b.proto, b.hostPort);
    }
    c.published = [];
    c.ports = {};
    for (const f of this.#flows.get(c.id) ?? []) f.close();
    this.#flows.delete(c.id);
    this.#helpers.get(c.id)?.kill();
    this.#helpers.delete(c.id);
  }

  /** A running container found when the backend opens: its recorded ports are taken and listened on again. */
  async restore(c: ProxiedContainer): Promise<void> {
    if (!onBridge(c.hostConfig)) return;
    c.published = bindingsOf(c.ports ?? {});
    for (const b of c.published) {
      this.#alloc.reserve(b.hostIp, b.proto, b.hostPort);
      // a port something else took in the meantime stays unforwarded (as it is shown)
      await this.#bind(c, b);
    }
  }

  /** Every listener and helper (the backend closes; containers may run on). */
  close(): void {
    for (const l of this.#listeners.values()) l.close();
    this.#listeners.clear();
    for (const set of this.#flows.values()) for (const f of set) f.close();
    this.#flows.clear();
    for (const h of this.#helpers.values()) h.kill();
    this.#helpers.clear();
  }

  #unbind(b: HostBinding): void {
    this.#listeners.get(b)?.close();
    this.#listeners.delete(b);
  }

  #flowSet(id: string): Set<{ close(): void }> {
    let set = this.#flows.get(id);
    if (!set) this.#flows.set(id, (set = new Set()));
    return set;
  }

  #helper(c: ProxiedContainer): Helper | undefined {
    if (c.pid <= 0) return undefined;
    let h = this.#helpers.get(c.id);
    if (h && (!h.alive || h.pid !== c.pid)) {
      h.kill();
      h = undefined;
    }
    if (!h) {
      h = new Helper(c.pid);
      this.#helpers.set(c.id, h);
    }
    return h;
  }

  /** Binds one host socket; undefined when it listens, else the errno text Docker's proxy would report. */
  #bind(c: ProxiedContainer, b: HostBinding): Promise<string | undefined> {
    const host = loopbackFor(b.hostIp);
    const v6 = host.includes(':');
    return new Promise((resolve) => {
      const failed = (e: NodeJS.ErrnoException) => {
        // no IPv6 on this host: Docker's :: binding is shown, nothing listens for it
        if (v6 && (e.code === 'EAFNOSUPPORT' || e.code === 'EADDRNOTAVAIL')) resolve(undefined);
        else resolve(ERRNO_TEXT[e.code ?? ''] ?? e.message);
      };
      if (b.proto === 'tcp') {
        const server = net.createServer((client) => this.#relayTcp(c, b, client));
        server.once('error', failed);
        server.listen({ host, port: b.hostPort, ipv6Only: v6, exclusive: true }, () => {
          server.removeListener('error', failed);
          server.on('error', () => {});
          this.#listeners.set(b, { close: () => server.close() });
          resolve(undefined);
        });
      } else if (b.proto === 'udp') {
        const sock = dgram.createSocket({ type: v6 ? 'udp6' : 'udp4', ipv6Only: v6 });
        sock.once('error', failed);
        sock.bind({ address: host, port: b.hostPort, exclusive: true }, () => {
          sock.removeListener('error', failed);
          sock.on('error', () => {});
          const flows = this.#relayUdp(c, b, sock);
          this.#listeners.set(b, {
            close: () => {
              for (const f of flows.values()) f.close();
              sock.close();
            },
          });
          resolve(undefined);
        });
      } else {
        resolve(undefined);
      }
    });
  }

  #relayTcp(c: ProxiedContainer, b: HostBinding, client: net.Socket): void {
    const flows = this.#flowSet(c.id);
    const flow = {
      close: (): void => {
        client.destroy();
      },
    };
    flows.add(flow);
    client.on('close', () => flows.delete(flow));
    client.on('error', () => client.destroy());
    client.pause();
    const helper = this.#helper(c);
    if (!helper) {
      client.destroy();
      return;
    }
    helper.connect(b.containerPort).then(
      (inner) => {
        if (client.destroyed) {
          inner.destroy();
          return;
        }
        flow.close = () => {
          client.destroy();
          inner.destroy();
        };
        inner.on('error', () => client.destroy());
        inner.on('close', () => client.destroy());
        client.on('close', () => inner.destroy());
        client.pipe(inner);
        inner.pipe(client);
        client.resume();
      },
      () => client.destroy(),
    );
  }

  #relayUdp(c: ProxiedContainer, b: HostBinding, sock: dgram.Socket): Map<string, { close(): void }> {
    const sessions = new Map<string, { close(): void; send(d: Buffer): void; touch(): void }>();
    sock.on('message', (data, rinfo) => {
      const key = `${rinfo.address}:${rinfo.port}`;
      let s = sessions.get(key);
      if (!s) {
        const helper = this.#helper(c);
        if (!helper) return;
        const flow = helper.udpFlow(b.containerPort, (reply) => {
          s?.touch();
          sock.send(reply, rinfo.port, rinfo.address);
        });
        let timer: ReturnType<typeof setTimeout> | undefined;
        const session = {
          close: () => {
            if (timer) clearTimeout(timer);
            sessions.delete(key);
            this.#flows.get(c.id)?.delete(session);
            flow.close();
          },
          send: (d: Buffer) => flow.send(d),
          touch: () => {
            if (timer) clearTimeout(timer);
            timer = setTimeout(() => session.close(), UDP_IDLE_MS);
            timer.unref?.();
          },
        };
        s = session;
        sessions.set(key, session);
        this.#flowSet(c.id).add(session);
      }
      s.touch();
      s.send(data);
    });
    return sessions;
  }
}

