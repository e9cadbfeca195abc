/** The init layer and the files Docker bind-mounts over it. */
import { describe, expect, it } from 'vitest';
import { makeInitLayer, runtimeFiles, resolvConfFile, hostsFile, FileMount, shortId, INIT_PATHS } from '../../../../src/sim/fs/layered/init.ts';
import { UnionFs } from '../../../../src/sim/fs/layered/union.ts';

describe('init layer', () => {
  it('holds exactly what daemon/initlayer makes', () => {
    const l = makeInitLayer('x', 5000);
    expect(l.entries().map((e) => `${e.kind} ${e.path} ${e.mode.toString(8)} ${e.size}${e.target ? ' -> ' + e.target : ''}`)).toEqual([
      'file /.dockerenv 755 0',
      'dir /dev 755 0',
      'file /dev/console 755 0',
      'dir /dev/pts 755 0',
      'dir /dev/shm 755 0',
      'dir /etc 755 0',
      'file /etc/hostname 755 0',
      'file /etc/hosts 755 0',
      'symlink /etc/mtab 777 12 -> /proc/mounts',
      'file /etc/resolv.conf 755 0',
      'dir /proc 755 0',
      'dir /sys 755 0',
    ]);
    expect(l.entries().map((e) => e.path)).toEqual(INIT_PATHS);
    expect(l.readOnly).toBe(true);
    expect(l.diskSize()).toBe(12);
  });

  it('is what a container shows on its own (export would contain these)', () => {
    const u = new UnionFs({ lowers: [], init: makeInitLayer(), initMtimeMs: 7000 });
    expect(u.readdir('/').map((d) => d.name)).toEqual(['.dockerenv', 'dev', 'etc', 'proc', 'sys']);
    expect(u.stat('/etc/hosts')).toMatchObject({ size: 0, mode: 0o755, mtimeMs: 7000 });
  });
});

describe('runtime files', () => {
  it('hostname, hosts and resolv.conf as Docker 20.10 writes them', () => {
    const f = runtimeFiles({ hostname: shortId('c0ffee123456deadbeef'), ip: '172.17.0.2' });
    expect(f['/etc/hostname']).toBe('c0ffee123456\n');
    expect(f['/etc/hosts']).toBe(
      '172.17.0.2\tc0ffee123456\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n',
    );
    expect(f['/etc/resolv.conf']).toBe('\nnameserver 8.8.8.8\nnameserver 8.8.4.4');
  });

  it('hosts without a network, with a domain, with extra hosts', () => {
    expect(hostsFile({ hostname: 'web' }).startsWith('127.0.0.1\tlocalhost\n')).toBe(true);
    expect(hostsFile({ hostname: 'web', domainname: 'example.com', ip: '10.0.0.2' }).split('\n')[0]).toBe('10.0.0.2\tweb.example.com web');
    expect(hostsFile({ hostname: 'web', extraHosts: [{ host: 'db', ip: '10.0.0.9' }] }).endsWith('10.0.0.9\tdb\n')).toBe(true);
  });

  it("resolv.conf: the host's servers minus localhost (and IPv6 unless enabled)", () => {
    expect(resolvConfFile('search lan\nnameserver 192.168.1.1\n')).toBe('search lan\nnameserver 192.168.1.1\n');
    expect(resolvConfFile('nameserver 127.0.0.53\noptions edns0\n')).toBe('options edns0\n\nnameserver 8.8.8.8\nnameserver 8.8.4.4');
    expect(resolvConfFile('nameserver 2001:db8::1\nnameserver 1.1.1.1\n')).toBe('nameserver 1.1.1.1\n');
    expect(resolvConfFile('nameserver 2001:db8::1\n', true)).toBe('nameserver 2001:db8::1\n');
  });

  it('FileMount is one file', () => {
    let t = 1;
    const m = new FileMount('a\n', { now: () => t++ });
    expect(m.stat('/')).toMatchObject({ type: 'file', size: 2, mode: 0o644 });
    m.writeFile('/', 'b\n', { append: true });
    expect(m.readText('/')).toBe('a\nb\n');
    expect(() => m.readdir('/')).toThrow(/ENOTDIR/);
    expect(() => m.stat('/x')).toThrow(/ENOTDIR/);
  });
});
