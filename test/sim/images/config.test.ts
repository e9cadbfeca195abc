import { describe, expect, it } from 'vitest';
import { chainIDs, importedBusybox, digestOf, sha256Hex, goTime, treeSize, busyboxRootfs } from '../../../src/sim/images/index.ts';

describe('sha256', () => {
  it('matches known vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('a'.repeat(1000))).toBe('41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3');
  });
});

describe('goTime', () => {
  it('trims trailing zeros like Go', () => {
    expect(goTime(Date.UTC(2024, 0, 1))).toBe('2024-01-01T00:00:00Z');
    expect(goTime(Date.UTC(2024, 0, 1) + 758, 957394)).toBe('2024-01-01T00:00:00.758957394Z');
    expect(goTime(Date.UTC(2024, 0, 1) + 500)).toBe('2024-01-01T00:00:00.5Z');
  });
});

describe('image IDs', () => {
  // Recorded from the real Engine 20.10.24 on this machine: `docker import --change 'CMD ["sh"]' rootfs.tar busybox:latest`
  // of the rootfs in test/conformance/busybox-rootfs.json. The config it stored was, byte for byte:
  const REAL_CONFIG =
    '{"architecture":"amd64","comment":"Imported from -","config":{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":null,"Cmd":["sh"],"Image":"","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":null},"container_config":{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":null,"Cmd":null,"Image":"","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":null},"created":"2026-11-22T07:48:29.758957394Z","docker_version":"20.10.24+dfsg1","history":[{"created":"2026-11-22T07:48:29.758957394Z","comment":"Imported from -"}],"os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:8b609df85ab78f32389481a0a64c5f44348adb5a01690a0ebf3124da7d5bcc40"]}}';

  it('the imported busybox config is byte-identical to the real engine and gets its ID', () => {
    const img = importedBusybox({
      createdMs: Date.parse('2026-11-22T07:48:29.758Z'),
      extraNanos: 957394,
      dockerVersion: '20.10.24+dfsg1',
      diffID: 'sha256:8b609df85ab78f32389481a0a64c5f44348adb5a01690a0ebf3124da7d5bcc40',
    });
    expect(img.configJSON).toBe(REAL_CONFIG);
    expect(img.configDigest).toBe('sha256:a8968ac46c12360524aa9513d92862d8f86edfc37ba5ab7765d6cec0cc489191');
  });

  it('the busybox rootfs has the real size (docker images: 1.98MB; inspect Size 1984779)', () => {
    expect(treeSize(busyboxRootfs())).toBe(1984779);
  });

  it('the same config gives the same ID', () => {
    const a = importedBusybox({ createdMs: 0, dockerVersion: 'x' });
    const b = importedBusybox({ createdMs: 0, dockerVersion: 'x' });
    const c = importedBusybox({ createdMs: 1000, dockerVersion: 'x' });
    expect(a.configDigest).toBe(b.configDigest);
    expect(a.configDigest).not.toBe(c.configDigest);
    expect(a.configDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('chain IDs', () => {
    const d1 = digestOf('1');
    const d2 = digestOf('2');
    expect(chainIDs([d1, d2])).toEqual([d1, digestOf(`${d1} ${d2}`)]);
  });
});
