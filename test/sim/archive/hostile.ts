/**
 * Hostile and broken archives, generated deterministically. The same bytes are
 * imported into a real Docker 20.10 engine by record.sh (results in
 * fixtures/hostile-real.json) and into the simulator by hostile.test.ts.
 *   node test/sim/archive/hostile.ts DIR   writes every case to DIR/<name>
 */
import { gzip } from '../../../src/sim/archive/gzip.ts';
import { TarWriter, type TarHeader } from '../../../src/sim/archive/tar.ts';

export interface HostileCase {
  name: string;
  note: string;
  bytes: Uint8Array;
  /** Also try `docker load` with it (its layer.tar wrapped in a save layout is a separate case). */
  load?: boolean;
}

const T = 1700000000;
const enc = new TextEncoder();

type E = Partial<TarHeader> & { name: string; data?: string | Uint8Array };

function tar(entries: E[], opts: { typeBits?: boolean } = {}): Uint8Array {
  const w = new TarWriter({ typeBits: opts.typeBits ?? false });
  for (const e of entries) {
    const type = e.type ?? 'file';
    const data = type === 'file' ? (typeof e.data === 'string' ? enc.encode(e.data) : (e.data ?? enc.encode('x\n'))) : undefined;
    w.add(
      {
        name: e.name,
        type,
        mode: e.mode ?? (type === 'dir' ? 0o755 : type === 'symlink' ? 0o777 : 0o644),
        uid: e.uid ?? 0,
        gid: e.gid ?? 0,
        mtime: e.mtime ?? T,
        size: data?.length ?? 0,
        ...(e.linkname !== undefined ? { linkname: e.linkname } : {}),
        ...(e.devmajor !== undefined ? { devmajor: e.devmajor, devminor: e.devminor ?? 0 } : {}),
      },
      data,
    );
  }
  return w.finish();
}

/** A raw 512-byte header with a valid checksum; fields as strings or bytes at their offsets. */
function rawHeader(fields: { name: string; typeflag: string; size?: number | Uint8Array; mode?: string; magic?: 'gnu' | 'ustar' }): Uint8Array {
  const b = new Uint8Array(512);
  b.set(enc.encode(fields.name).subarray(0, 100), 0);
  b.set(enc.encode((fields.mode ?? '0000644') + '\0'), 100);
  b.set(enc.encode('0000000\0'), 108);
  b.set(enc.encode('0000000\0'), 116);
  if (fields.size instanceof Uint8Array) b.set(fields.size, 124);
  else b.set(enc.encode((fields.size ?? 0).toString(8).padStart(11, '0') + '\0'), 124);
  b.set(enc.encode(T.toString(8).padStart(11, '0') + '\0'), 136);
  b[156] = fields.typeflag.charCodeAt(0);
  if (fields.magic === 'gnu') b.set(enc.encode('ustar  \0'), 257);
  else b.set(enc.encode('ustar\x0000'), 257);
  fixSum(b);
  return b;
}

function fixSum(b: Uint8Array, off = 0): void {
  b.fill(0x20, off + 148, off + 156);
  let s = 0;
  for (let i = off; i < off + 512; i++) s += b[i]!;
  b.set(enc.encode(s.toString(8).padStart(6, '0') + '\0 '), off + 148);
}

function cat(...parts: Uint8Array[]): Uint8Array {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function padded(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(data.length / 512) * 512);
  out.set(data);
  return out;
}

const END = new Uint8Array(1024);

function gnuLong(kind: 'L' | 'K', value: string): Uint8Array {
  const data = enc.encode(value + '\0');
  return cat(rawHeader({ name: '././@LongLink', typeflag: kind, size: data.length, magic: 'gnu' }), padded(data));
}

export async function hostileCases(): Promise<HostileCase[]> {
  const one = tar([{ name: 'f', data: 'one\n' }, { name: 'g', data: 'two\n' }]);
  const cases: HostileCase[] = [
    { name: 'dotdot', note: 'entry ../evil', bytes: tar([{ name: '../evil' }]) },
    { name: 'dotdot-deep', note: 'entry a/../../evil', bytes: tar([{ name: 'a/../../evil' }]) },
    { name: 'abs', note: 'entry /abs/file', bytes: tar([{ name: '/abs/file' }]) },
    { name: 'abs-dotdot-long', note: 'PAX path /../../<200 x>/f', bytes: tar([{ name: '/../../' + 'x'.repeat(200) + '/f' }]) },
    { name: 'sym-rel-escape', note: 'symlink link -> ../../../etc', bytes: tar([{ name: 'link', type: 'symlink', linkname: '../../../etc' }]) },
    { name: 'sym-abs', note: 'symlink link -> /etc/passwd', bytes: tar([{ name: 'link', type: 'symlink', linkname: '/etc/passwd' }]) },
    { name: 'sym-through', note: 'link -> /, then link/through', bytes: tar([{ name: 'link', type: 'symlink', linkname: '/' }, { name: 'link/through', data: 'T\n' }]) },
    {
      name: 'sym-through-up',
      note: 'd/up -> ../../.., then d/up/escaped',
      bytes: tar([{ name: 'd', type: 'dir' }, { name: 'd/up', type: 'symlink', linkname: '../../..' }, { name: 'd/up/escaped', data: 'E\n' }]),
    },
    { name: 'sym-dangling-parent', note: 'link -> /nowhere, then link/x', bytes: tar([{ name: 'link', type: 'symlink', linkname: '/nowhere' }, { name: 'link/x' }]) },
    { name: 'hard-escape', note: 'hard link h -> ../../etc/passwd', bytes: tar([{ name: 'h', type: 'link', linkname: '../../etc/passwd' }]) },
    { name: 'hard-abs', note: 'f, hard link h -> /f', bytes: tar([{ name: 'f' }, { name: 'h', type: 'link', linkname: '/f' }]) },
    { name: 'hard-missing', note: 'hard link to a missing file', bytes: tar([{ name: 'h', type: 'link', linkname: 'nosuch' }]) },
    { name: 'hard-dir', note: 'hard link to a directory', bytes: tar([{ name: 'd', type: 'dir' }, { name: 'h', type: 'link', linkname: 'd' }]) },
    { name: 'hard-sym', note: 'hard link to a dangling symlink', bytes: tar([{ name: 's', type: 'symlink', linkname: 'nowhere' }, { name: 'h', type: 'link', linkname: 's' }]) },
    {
      name: 'devices',
      note: 'char 1,3, block 8,0, fifo',
      bytes: tar([
        { name: 'dev', type: 'dir' },
        { name: 'dev/null2', type: 'char', mode: 0o666, devmajor: 1, devminor: 3 },
        { name: 'dev/sda', type: 'block', mode: 0o660, devmajor: 8, devminor: 0 },
        { name: 'fifo', type: 'fifo' },
      ]),
    },
    { name: 'dup', note: 'the same file twice', bytes: tar([{ name: 'f', data: 'one\n' }, { name: 'f', data: 'two\n' }]) },
    { name: 'dup-dirfile', note: 'd/, d/x, then file d', bytes: tar([{ name: 'd', type: 'dir' }, { name: 'd/x' }, { name: 'd', data: 'file\n' }]) },
    { name: 'dup-dotslash', note: './x and x', bytes: tar([{ name: './x' }, { name: 'x' }]) },
    {
      name: 'dup-through-link',
      note: 'l -> /, x, l/x (two names, one place)',
      bytes: tar([{ name: 'l', type: 'symlink', linkname: '/' }, { name: 'x', data: '1\n' }, { name: 'l/x', data: '2\n' }]),
    },
    { name: 'noparent', note: 'a/b/c/file without its directories', bytes: tar([{ name: 'a/b/c/file' }]) },
    { name: 'whiteout', note: 'etc/.wh.passwd', bytes: tar([{ name: 'etc', type: 'dir' }, { name: 'etc/.wh.passwd', data: '' }]) },
    { name: 'whiteout-bare', note: 'an entry named .wh.', bytes: tar([{ name: '.wh.', data: '' }]) },
    { name: 'whiteout-over-file', note: 'f, then .wh.f in the same layer', bytes: tar([{ name: 'f' }, { name: '.wh.f', data: '' }]) },
    { name: 'opaque', note: 'd/, d/.wh..wh..opq, d/x', bytes: tar([{ name: 'd', type: 'dir' }, { name: 'd/.wh..wh..opq', data: '' }, { name: 'd/x' }]) },
    { name: 'dotslash-root', note: './ entry first (GNU tar -C dir -c .)', bytes: tar([{ name: './', type: 'dir', mode: 0o700 }, { name: './x' }]) },
    { name: 'file-parent', note: 'f, then f/x', bytes: tar([{ name: 'f' }, { name: 'f/x' }]) },
    {
      name: 'symloop',
      note: 'a -> b, b -> a, then a/x',
      bytes: tar([{ name: 'a', type: 'symlink', linkname: 'b' }, { name: 'b', type: 'symlink', linkname: 'a' }, { name: 'a/x' }]),
    },
    { name: 'name-too-long', note: 'a 300-byte file name', bytes: tar([{ name: 'n'.repeat(300) }]) },
    { name: 'truncated-header', note: 'cut inside the first header', bytes: one.subarray(0, 300) },
    { name: 'truncated-data', note: 'cut inside the first file’s data', bytes: cat(tar([{ name: 'f', data: 'x'.repeat(1000) }]).subarray(0, 900)) },
    { name: 'truncated-padding', note: 'cut in the padding after the first file', bytes: one.subarray(0, 700) },
    { name: 'no-end-blocks', note: 'entries without the two zero blocks', bytes: one.subarray(0, one.length - 1024) },
    { name: 'nontar', note: 'a text file', bytes: enc.encode('hello, this is not a tar archive\n'.repeat(40)) },
    { name: 'empty', note: '0 bytes', bytes: new Uint8Array(0) },
    { name: 'zeros', note: '1024 zero bytes', bytes: new Uint8Array(1024) },
    { name: 'zeros-then-data', note: 'one zero block, then a header', bytes: cat(new Uint8Array(512), one) },
    { name: 'bad-checksum', note: 'checksum field zeroed', bytes: (() => { const b = one.slice(); b.set(enc.encode('0000000\0'), 148); return b; })() },
    { name: 'bad-octal', note: 'size field "00000000x12"', bytes: cat(rawHeader({ name: 'f', typeflag: '0', size: enc.encode('00000000x12\0') }), END) },
    {
      name: 'size-beyond-end',
      note: 'header says 1 MiB, 10 bytes follow',
      bytes: cat(rawHeader({ name: 'f', typeflag: '0', size: 1 << 20 }), padded(enc.encode('0123456789'))),
    },
    {
      name: 'negative-size',
      note: 'base-256 size -1',
      bytes: cat(rawHeader({ name: 'f', typeflag: '0', size: new Uint8Array(12).fill(0xff) }), END),
    },
    { name: 'gnu-longname', note: 'GNU ././@LongLink (L) for a 150-byte name', bytes: cat(gnuLong('L', 'dir/' + 'l'.repeat(150)), rawHeader({ name: 'dir/' + 'l'.repeat(96), typeflag: '0', size: 0, magic: 'gnu' }), END) },
    {
      name: 'gnu-longlink',
      note: 'GNU K for a 150-byte symlink target',
      bytes: cat(gnuLong('K', '/' + 'k'.repeat(150)), rawHeader({ name: 'sym', typeflag: '2', mode: '0000777', magic: 'gnu' }), END),
    },
    {
      name: 'pax-global',
      note: 'a pax_global_header (git archive) then a file',
      bytes: (() => {
        const rec = enc.encode('52 comment=0123456789012345678901234567890123456789\n');
        return cat(rawHeader({ name: 'pax_global_header', typeflag: 'g', size: rec.length }), padded(rec), one);
      })(),
    },
    {
      name: 'pax-bad-record',
      note: 'a PAX record whose length is wrong',
      bytes: (() => {
        const rec = enc.encode('99 path=x\n');
        return cat(rawHeader({ name: 'PaxHeaders.0/x', typeflag: 'x', size: rec.length }), padded(rec), one);
      })(),
    },
    { name: 'typeflag-7', note: 'a contiguous-file (7) entry', bytes: cat(rawHeader({ name: 'c', typeflag: '7', size: 0 }), END) },
    { name: 'symlink-target-too-long', note: 'symlink target of 5000 bytes', bytes: tar([{ name: 's', type: 'symlink', linkname: 'x'.repeat(5000) }]) },
  ];
  const gz = await gzip(one);
  const badCrc = gz.slice();
  badCrc[badCrc.length - 8]! ^= 0xff;
  const corrupt = gz.slice();
  corrupt[12]! ^= 0x55;
  corrupt[13]! ^= 0x55;
  cases.push(
    { name: 'gzip-ok', note: 'a valid .tar.gz', bytes: gz },
    { name: 'gzip-bad-crc', note: 'gzip trailer CRC flipped', bytes: badCrc },
    { name: 'gzip-corrupt', note: 'deflate data damaged', bytes: corrupt },
    { name: 'gzip-truncated', note: 'gzip cut in half', bytes: gz.subarray(0, gz.length >> 1) },
    { name: 'gzip-bomb', note: '64 MiB of zeros, gzip (an empty archive to Docker)', bytes: await gzip(new Uint8Array(64 << 20)) },
    { name: 'gzip-big-file', note: 'one 16 MiB file of zeros, gzip', bytes: await gzip(tar([{ name: 'big', data: new Uint8Array(16 << 20) }])) },
  );
  return cases;
}

if (process.argv[1]?.endsWith('hostile.ts') && process.argv[2]) {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const dir = process.argv[2];
  mkdirSync(dir, { recursive: true });
  const cases = await hostileCases();
  for (const c of cases) writeFileSync(`${dir}/${c.name}`, c.bytes);
  writeFileSync(`${dir}/index.json`, JSON.stringify(cases.map((c) => ({ name: c.name, note: c.note })), null, 1));
}
