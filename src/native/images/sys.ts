/**
 * The three system calls Node has no binding for: mknodat(2) (overlay whiteouts are
 * char devices 0/0; layers may hold device nodes and fifos), lsetxattr(2) and
 * llistxattr(2)+lgetxattr(2) (overlay's `trusted.overlay.opaque`, files'
 * `security.capability`). They go through one `perl` process per batch, using
 * Perl's built-in `syscall` (perl-base is Essential on Debian, so no extra package).
 * Symlinks are never followed (the l* calls; mknodat does not follow either).
 *
 * Batches: every call takes a list and costs one process, whatever its length.
 */
import { spawnSync } from 'node:child_process';

/** Syscall numbers of mknodat, lsetxattr, lgetxattr, llistxattr. */
const NR: Record<string, { mknodat: number; lsetxattr: number; lgetxattr: number; llistxattr: number }> = {
  x64: { mknodat: 259, lsetxattr: 189, lgetxattr: 192, llistxattr: 195 },
  arm64: { mknodat: 33, lsetxattr: 6, lgetxattr: 9, llistxattr: 12 },
};

export class SysError extends Error {
  override readonly name = 'SysError';
}

function numbers() {
  const nr = NR[process.arch];
  if (!nr) throw new SysError(`the native backend supports x86-64 and arm64 Linux only (this is ${process.arch})`);
  return nr;
}

/*
 * Records on stdin, fields NUL-terminated:
 *   M path mode dev        mknodat(AT_FDCWD, path, mode, dev)
 *   S path name hexvalue   lsetxattr(path, name, value, 0)
 *   L path                 every xattr of path -> stdout "path\0name\0hex\0"
 * A failure prints "E\0<op> <path>: <strerror>\0" on stdout and exits 1.
 */
const SCRIPT = String.raw`
use strict;
my ($MKNOD, $SET, $GET, $LIST) = @ARGV;
binmode STDIN; binmode STDOUT;
local $/ = "\0";
my @f = map { chomp; $_ } <STDIN>;
sub fail { print "E\0$_[0]\0"; exit 1; }
my $i = 0;
while ($i < @f) {
  my $op = $f[$i++];
  if ($op eq 'M') {
    my ($p, $mode, $dev) = @f[$i .. $i + 2]; $i += 3;
    my $path = "$p";
    syscall($MKNOD, -100, $path, 0 + $mode, 0 + $dev) == 0 or fail("mknod $p: $!");
  } elsif ($op eq 'S') {
    my ($p, $n, $hex) = @f[$i .. $i + 2]; $i += 3;
    my ($path, $name, $val) = ("$p", "$n", pack('H*', $hex));
    syscall($SET, $path, $name, $val, length($val), 0) == 0 or fail("setxattr $p $n: $!");
  } elsif ($op eq 'L') {
    my $p = $f[$i++];
    my $path = "$p";
    my $size = 4096;
    my ($buf, $n);
    for (;;) {
      $buf = "\0" x $size;
      $n = syscall($LIST, $path, $buf, $size);
      last if $n >= 0 || !$!{ERANGE};
      $size *= 16;
      fail("listxattr $p: too many attributes") if $size > 16777216;
    }
    if ($n < 0) { next if $!{ENOTSUP} || $!{ENOENT}; fail("listxattr $p: $!"); }
    for my $name (split /\0/, substr($buf, 0, $n)) {
      next if $name eq '';
      my $vsize = 4096;
      my ($val, $m);
      for (;;) {
        $val = "\0" x $vsize;
        my $nm = "$name";
        $m = syscall($GET, $path, $nm, $val, $vsize);
        last if $m >= 0 || !$!{ERANGE};
        $vsize *= 16;
        fail("getxattr $p $name: value too large") if $vsize > 16777216;
      }
      if ($m < 0) { next if $!{ENODATA}; fail("getxattr $p $name: $!"); }
      print $p, "\0", $name, "\0", unpack('H*', substr($val, 0, $m)), "\0";
    }
  } else {
    fail("unknown request $op");
  }
}
`;

/**
 * Why this host cannot keep a native image store, as one sentence naming what is
 * missing and how to fix it; undefined when it can.
 */
export function hostProblem(): string | undefined {
  if (process.platform !== 'linux') return `the native image store needs Linux (this is ${process.platform})`;
  if (!NR[process.arch]) return `the native image store supports x86-64 and arm64 Linux only (this is ${process.arch})`;
  if (process.getuid?.() !== 0) return 'the native image store needs root (file owners, device nodes, trusted.* xattrs): run it with sudo';
  const r = spawnSync('perl', ['-e', 'exit 0']);
  if (r.error || r.status !== 0) return 'perl is missing (Debian: apt-get install -y perl-base); the native image store needs it for mknod and xattrs';
  return undefined;
}

function run(records: string[]): string[] {
  if (records.length === 0) return [];
  const nr = numbers();
  const input = Buffer.from(records.map((r) => r + '\0').join(''), 'utf8');
  const r = spawnSync('perl', ['-e', SCRIPT, String(nr.mknodat), String(nr.lsetxattr), String(nr.lgetxattr), String(nr.llistxattr)], {
    input,
    maxBuffer: 1 << 30,
  });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new SysError('perl is missing (Debian: apt-get install -y perl-base); the native image store needs it for mknod and xattrs');
    throw new SysError(`perl: ${r.error.message}`);
  }
  const out = r.stdout.toString('utf8').split('\0');
  out.pop();
  if (r.status !== 0) {
    const err = out[0] === 'E' ? out[1] : r.stderr.toString('utf8').trim();
    throw new SysError(err || `perl exited with status ${r.status}`);
  }
  return out;
}

export type NodeKind = 'char' | 'block' | 'fifo';

const S_IF: Record<NodeKind, number> = { char: 0o020000, block: 0o060000, fifo: 0o010000 };

/** The kernel's dev_t of mknod(2) (new_encode_dev). */
export function encodeDev(major: number, minor: number): number {
  return ((minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xff) << 12)) >>> 0;
}

export interface MknodRequest {
  path: string;
  kind: NodeKind;
  /** Permission bits (whiteouts: 0). */
  mode: number;
  major?: number;
  minor?: number;
}

/** Creates device nodes and fifos (fails if a path exists). */
export function mknodAll(reqs: readonly MknodRequest[]): void {
  const recs: string[] = [];
  for (const q of reqs) recs.push('M', q.path, String(S_IF[q.kind] | (q.mode & 0o7777)), String(q.kind === 'fifo' ? 0 : encodeDev(q.major ?? 0, q.minor ?? 0)));
  run(recs);
}

export interface XattrRequest {
  path: string;
  name: string;
  value: Uint8Array;
}

/** Sets extended attributes (on symlinks themselves, never their targets). */
export function setXattrs(reqs: readonly XattrRequest[]): void {
  const recs: string[] = [];
  for (const q of reqs) recs.push('S', q.path, q.name, Buffer.from(q.value).toString('hex'));
  run(recs);
}

/** Every extended attribute of every path (paths without any are absent from the map). */
export function readXattrs(paths: readonly string[]): Map<string, Record<string, Uint8Array>> {
  const recs: string[] = [];
  for (const p of paths) recs.push('L', p);
  const out = run(recs);
  const m = new Map<string, Record<string, Uint8Array>>();
  for (let i = 0; i + 2 < out.length; i += 3) {
    const p = out[i]!;
    let rec = m.get(p);
    if (!rec) m.set(p, (rec = {}));
    rec[out[i + 1]!] = new Uint8Array(Buffer.from(out[i + 2]!, 'hex'));
  }
  return m;
}

/** overlayfs' marker of an opaque directory (the lower layers' entries are hidden). */
export const OPAQUE_XATTR = 'trusted.overlay.opaque';
