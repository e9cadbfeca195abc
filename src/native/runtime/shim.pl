# The per-container shim: `perl shim.pl <container dir>` (or `--standby`, then the dir comes
# on stdin), started detached (own session and process group) by RuntimeHandle.start(), so
# a container's output and exit code survive the backend process. Perl, not Node, because
# it is on the path of every container start: perl is up in ~3 ms, a Node process in
# ~100 ms. Only perl-base modules are used, and not POSIX (loading it alone takes ~7 ms).
#
# It reads <dir>/shim-args (key NUL value NUL …; `name[]` keys repeat: see shimArgsFile() in
# shim.ts, which also documents every key), then:
#  1. writes shim.json (its PID and /proc start time; then the PID of its child),
#  2. mounts the root filesystem when asked to (mount(2): no mount process), then runs
#     `runc --root <ours> run [--keep] --pid-file init.pid -b <dir> <id>` (TTY: under
#     util-linux `script`), with stdout/stderr piped into <id>-json.log as Docker json-file
#     lines (with a TTY everything is "stdout", as in Docker), and every chunk as it comes
#     into the live stream (<dir>/live) for attached clients,
#  3. forwards the `stdin` FIFO to the container for -i (until the writer closes it: EOF),
#  4. when runc returns: reads the memory cgroup's oom_kill count (kept by --keep), runs
#     `runc delete --force` (only after --keep), removes the container's cgroup dirs,
#     unmounts the root filesystem when asked to (umount2(2): no umount process), and writes
#     exit.json {exitCode, finishedAt, startedAt, oomKilled, startError?, runcStatus}
#     atomically — last, so a backend that sees exit.json may start the container again.
use strict;
use Fcntl qw(O_WRONLY O_APPEND O_CREAT O_TRUNC);

my $dir = shift @ARGV or die "usage: shim.pl <container dir> | shim.pl --standby\n";
if ($dir eq '--standby') {
  # Started ahead of need (launchShim keeps one waiting): the container dir comes as a line
  # on stdin, so perl's start-up is off the container's start path. EOF: not needed, exit.
  $dir = <STDIN>;
  exit 0 unless defined $dir && $dir =~ s/\n\z//;
  open(STDIN, '<', '/dev/null');
  open(STDOUT, '>>', "$dir/shim.log");
  open(STDERR, '>>', "$dir/shim.log");
  chdir $dir;
}

my (%arg, %list);
{
  open(my $fh, '<:raw', "$dir/shim-args") or die "shim: $dir/shim-args: $!\n";
  local $/;
  my $raw = <$fh>;
  close $fh;
  my @kv = split /\0/, $raw, -1;
  pop @kv if @kv % 2;
  while (@kv >= 2) {
    my ($k, $v) = splice(@kv, 0, 2);
    if ($k =~ s/\[\]$//) { push @{ $list{$k} }, $v } else { $arg{$k} = $v }
  }
}
for my $k (qw(id runc runcRoot shim exit initPid runcLog log stdin live)) {
  die "shim: no $k in shim-args\n" unless defined $arg{$k};
}
my $tty   = ($arg{tty}   // '') eq '1';
my $stdin = ($arg{stdinOpen} // '') eq '1';
my $keep  = ($arg{keep}  // '') eq '1';

# ---- time: RFC 3339 with nanoseconds, trailing zeros trimmed (Go's RFC3339Nano) ----------
sub now {
  my $buf = "\0" x 16;
  my $nr = $arg{clockNr} // 0;
  if ($nr > 0 && syscall($nr + 0, 0, $buf) == 0) {    # clock_gettime(CLOCK_REALTIME)
    my ($s, $ns) = unpack('q q', $buf);
    return ($s, $ns);
  }
  return (time, 0);
}

sub rfc3339nano {
  my ($s, $ns) = now();
  my @g = gmtime($s);
  my $t = sprintf('%04d-%02d-%02dT%02d:%02d:%02d', $g[5] + 1900, $g[4] + 1, $g[3], $g[2], $g[1], $g[0]);
  if ($ns) {
    (my $f = sprintf('%09d', $ns)) =~ s/0+$//;
    $t .= ".$f";
  }
  return "${t}Z";
}

# ---- JSON as Go's encoder writes it --------------------------------------------------------
# Bytes in, JSON string out: invalid UTF-8 becomes U+FFFD byte by byte (as Go's decoder
# steps), control characters \u00XX (\n \r \t \b \f short), <, >, & and U+2028/9 escaped.
my %short = ("\n" => '\n', "\r" => '\r', "\t" => '\t', "\x08" => '\b', "\x0c" => '\f', '"' => '\"', '\\' => '\\\\');

sub json_string {
  my ($bytes) = @_;
  $bytes =~ s{
      ( [\x00-\x7F]
      | [\xC2-\xDF][\x80-\xBF]
      | \xE0[\xA0-\xBF][\x80-\xBF]
      | [\xE1-\xEC\xEE\xEF][\x80-\xBF]{2}
      | \xED[\x80-\x9F][\x80-\xBF]
      | \xF0[\x90-\xBF][\x80-\xBF]{2}
      | [\xF1-\xF3][\x80-\xBF]{3}
      | \xF4[\x80-\x8F][\x80-\xBF]{2} )
    | ( [\x80-\xFF] )
  }{ defined $1 ? $1 : "\xEF\xBF\xBD" }gex;
  $bytes =~ s{([\x00-\x1F"\\<>&]|\xE2\x80[\xA8\xA9])}{
    my $c = $1;
    exists $short{$c} ? $short{$c}
      : length($c) == 3 ? ($c eq "\xE2\x80\xA8" ? '\u2028' : '\u2029')
      : sprintf('\u%04x', ord $c)
  }ge;
  return qq("$bytes");
}

sub write_atomic {
  my ($file, $text) = @_;
  my $tmp = "$file.tmp-$$";
  open(my $fh, '>:raw', $tmp) or die "shim: $tmp: $!\n";
  print $fh $text;
  close $fh or die "shim: $tmp: $!\n";
  rename($tmp, $file) or die "shim: rename $tmp: $!\n";
}

sub read_file {
  my ($file) = @_;
  open(my $fh, '<:raw', $file) or return undef;
  local $/;
  my $s = <$fh>;
  close $fh;
  return $s // '';
}

sub start_time {
  my $stat = read_file("/proc/$$/stat") // return 'null';
  my @rest = split / /, substr($stat, rindex($stat, ')') + 2);
  return $rest[19] // 'null';
}

# ---- runc's start error: the first "error" entry of its JSON log ---------------------------
sub json_unescape {
  my ($s) = @_;
  my %e = (n => "\n", t => "\t", r => "\r", b => "\x08", f => "\x0c", '"' => '"', '\\' => '\\', '/' => '/');
  $s =~ s{\\(?:u([0-9a-fA-F]{4})|(.))}{ defined $1 ? (hex($1) < 0x80 ? chr(hex $1) : do { my $c = chr(hex $1); utf8::encode($c); $c }) : ($e{$2} // $2) }ge;
  return $s;
}

sub runc_log_error {
  my $text = read_file($arg{runcLog}) // return undef;
  for my $line (split /\n/, $text) {
    next unless $line =~ /"level":"error"/;
    return json_unescape($1) if $line =~ /"msg":"((?:[^"\\]|\\.)*)"/;
  }
  return undef;
}

# Is this output line runc's own echo of its start error? Then it is not container output.
sub is_runc_echo {
  my ($text) = @_;
  return 0 unless substr($text, 0, 5) eq 'runc ';
  my $err = runc_log_error() // return 0;
  (my $t = $text) =~ s/\r?\n$//;
  $t =~ s/\r$//;
  return 1 if $t eq $err;
  (my $tail = $err) =~ s/^runc \w+ failed: //;
  return substr($t, -length($tail)) eq $tail;
}

sub start_error_code {
  my $m = lc shift;
  return 127 if $m =~ /executable file not found|no such file or directory|not a directory/;
  return 126 if $m =~ /permission denied/;
  return 128;
}

# ---- json-file log writer: lines of at most 16 KiB, one write(2) each (O_APPEND) ----------
my $MAX_MESSAGE = 16 * 1024;
sub EINTR () { 4 }    # errno (the same on every Linux architecture); %! would load Errno.pm
sysopen(my $log, $arg{log}, O_WRONLY | O_APPEND | O_CREAT, 0640) or die "shim: $arg{log}: $!\n";

# The live stream: every chunk as it arrives, framed like Docker's attach stream (stream
# byte 1 stdout / 2 stderr, three zero bytes, big-endian length). Attached clients read it
# (the json-file only holds whole lines, so a prompt would wait for its Enter there).
sysopen(my $live, $arg{live}, O_WRONLY | O_APPEND | O_CREAT | O_TRUNC, 0640) or die "shim: $arg{live}: $!\n";

sub live {
  my ($stream, $bytes) = @_;
  return if substr($bytes, 0, 5) eq 'runc ' && is_runc_echo($bytes);
  syswrite($live, pack('C x3 N', $stream eq 'stdout' ? 1 : 2, length $bytes) . $bytes);
}

sub emit {
  my ($stream, $bytes) = @_;
  return if is_runc_echo($bytes);
  syswrite($log, '{"log":' . json_string($bytes) . qq(,"stream":"$stream","time":") . rfc3339nano() . qq("}\n));
}

sub drain {
  my ($stream, $buf_ref, $final) = @_;
  for (;;) {
    my $nl = index($$buf_ref, "\n");
    if ($nl >= 0 && $nl < $MAX_MESSAGE) {
      emit($stream, substr($$buf_ref, 0, $nl + 1, ''));
    } elsif (length($$buf_ref) >= $MAX_MESSAGE) {
      emit($stream, substr($$buf_ref, 0, $MAX_MESSAGE, ''));
    } else {
      last;
    }
  }
  if ($final && length $$buf_ref) {
    emit($stream, $$buf_ref);
    $$buf_ref = '';
  }
}

# ---- start ---------------------------------------------------------------------------------
my $started_at = rfc3339nano();
my $shim_head = sprintf('{"pid":%d,"startTime":%s,"startedAt":"%s"', $$, start_time(), $started_at);
write_atomic($arg{shim}, "$shim_head}\n");
unlink $arg{exit}, $arg{initPid};
{ open(my $fh, '>', $arg{runcLog}) or die "shim: $arg{runcLog}: $!\n"; close $fh }

$SIG{$_} = 'IGNORE' for qw(HUP INT PIPE);

my @runc = ($arg{runc}, '--root', $arg{runcRoot}, '--log', $arg{runcLog}, '--log-format', 'json', 'run', ($keep ? ('--keep') : ()),
  '--pid-file', $arg{initPid}, '--bundle', $dir, $arg{id});
my @argv = @runc;
my %env = (PATH => $ENV{PATH} // '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG => $ENV{LANG} // 'C.UTF-8');
if ($tty) {
  my $cmd = join ' ', map { m{^[A-Za-z0-9_/.,:=+\@%-]+$} ? $_ : do { (my $q = $_) =~ s/'/'\\''/g; "'$q'" } } @runc;
  # the outer pty passes bytes through untouched (see underScript() in runc.ts)
  @argv = ('script', '-q', '-e', '-c', "stty raw -echo 2>/dev/null; exec $cmd", '/dev/null');
  $env{SHELL} = '/bin/sh';
}

if ($stdin) {
  unlink $arg{stdin};
  require POSIX;
  POSIX::mkfifo($arg{stdin}, 0600) or die "shim: mkfifo $arg{stdin}: $!\n";
}

# The root filesystem, when the backend left the mount to us: mount(2) here costs ~0.1 ms,
# a mount process ~5 ms. A failure is a start error (exit 128, as Docker's for a mount).
if (defined $arg{mountTarget}) {
  my $ok = 0;
  my $why = 'no mount(2) syscall number for this architecture';
  if (($arg{mountNr} // 0) > 0) {
    chdir($arg{mountCwd}) if defined $arg{mountCwd};
    my ($source, $type, $target, $options) = ('overlay', 'overlay', $arg{mountTarget}, $arg{mountOptions});    # syscall() wants writable strings
    $ok = syscall($arg{mountNr} + 0, $source, $target, $type, 0, $options) == 0;
    $why = "$!";
    chdir($dir);
  }
  if (!$ok) {
    my $msg = "error creating overlay mount to $arg{mountTarget}: $why";
    write_atomic($arg{exit}, sprintf(qq({"exitCode":128,"finishedAt":"%s","startedAt":"%s","oomKilled":false,"startError":%s,"mountError":true,"runcStatus":null}\n),
      rfc3339nano(), $started_at, json_string($msg)));
    rmdir $_ for @{ $list{cgroupDirs} // [] };
    rmdir $_ for @{ $list{subtreeDirs} // [] };
    unlink $arg{stdin} if $stdin;
    unlink $arg{shim};
    exit 0;
  }
}

pipe(my $out_r, my $out_w) or die "shim: pipe: $!\n";
pipe(my $err_r, my $err_w) or die "shim: pipe: $!\n";
my ($in_r, $in_w);
if ($stdin || $tty) { pipe($in_r, $in_w) or die "shim: pipe: $!\n" }

my $child = fork() // die "shim: fork: $!\n";
if ($child == 0) {
  $SIG{$_} = 'DEFAULT' for qw(HUP INT PIPE);
  # Reopening a standard handle keeps its fd number (0, 1, 2).
  if ($in_r) { open(STDIN, '<&', $in_r) } else { open(STDIN, '<', '/dev/null') }
  open(STDOUT, '>&', $out_w);
  open(STDERR, '>&', $err_w);
  %ENV = %env;
  exec { $argv[0] } @argv;
  print STDERR "shim: exec $argv[0]: $!\n";
  CORE::exit(127);
}
close $out_w;
close $err_w;
close $in_r if $in_r;
write_atomic($arg{shim}, "$shim_head,\"childPid\":$child}\n");

# -i: a forwarder process copies the FIFO to the container's stdin. Opening a FIFO blocks
# until a writer comes; EOF when the writer closes it: then the container's stdin is closed
# too (Docker's StdinOnce). With a TTY but no -i the pipe stays open, unused, so `script`
# never sees EOF.
my $forwarder;
if ($stdin) {
  $forwarder = fork() // die "shim: fork: $!\n";
  if ($forwarder == 0) {
    close $out_r;
    close $err_r;
    if (open(my $fifo, '<:raw', $arg{stdin})) {
      my $buf;
      while (sysread($fifo, $buf, 65536)) {
        my $off = 0;
        while ($off < length $buf) {
          my $n = syswrite($in_w, $buf, length($buf) - $off, $off);
          CORE::exit(0) unless defined $n;
          $off += $n;
        }
      }
    }
    CORE::exit(0);
  }
  close $in_w;
}

my %buf = (stdout => '', stderr => '');
my %open = (stdout => $out_r, stderr => $err_r);
my $err_stream = $tty ? 'stdout' : 'stderr';
while (%open) {
  my $rin = '';
  vec($rin, fileno($open{$_}), 1) = 1 for grep { $open{$_} } qw(stdout stderr);
  my $n = select(my $rout = $rin, undef, undef, undef);
  next if $n < 0 && (($! + 0) == EINTR);
  # Both ready in one wake: which was written first is not known; stdout first, always (a
  # hash's order would vary from run to run).
  for my $name (grep { $open{$_} } qw(stdout stderr)) {
    my $fh = $open{$name};
    next unless vec($rout, fileno($fh), 1);
    my $got = sysread($fh, my $chunk, 65536);
    next if !defined $got && (($! + 0) == EINTR);
    my $stream = $name eq 'stdout' ? 'stdout' : $err_stream;
    if (!$got) {
      drain($stream, \$buf{$name}, 1);
      close $fh;
      delete $open{$name};
      next;
    }
    live($stream, $chunk);
    $buf{$name} .= $chunk;
    drain($stream, \$buf{$name}, 0);
  }
}

my $status;
for (;;) {
  my $w = waitpid($child, 0);
  if ($w == $child) { $status = $?; last }
  last if $w < 0 && !(($! + 0) == EINTR);
}
close $in_w if $in_w && !$stdin;
if ($forwarder) {
  kill 'KILL', $forwarder;
  waitpid($forwarder, 0);
}

# ---- exit ----------------------------------------------------------------------------------
my ($exit_code, $runc_status);
if (!defined $status) {
  ($exit_code, $runc_status) = (127, 'null');
} elsif ($status & 127) {
  ($exit_code, $runc_status) = (128 + ($status & 127), 'null');
} else {
  $exit_code = $runc_status = $status >> 8;
}
my $start_error = runc_log_error();
$exit_code = start_error_code($start_error) if defined $start_error;

my $oom = 'false';
for my $f (@{ $list{oomFiles} // [] }) {
  my $t = read_file($f) // next;
  $oom = 'true' if $t =~ /^oom_kill (\d+)$/m && $1 > 0;
}
my $finished_at = rfc3339nano();

if ($keep) {
  my $pid = fork();
  if (defined $pid && $pid == 0) {
    open(STDIN, '<', '/dev/null');
    open(STDOUT, '>', '/dev/null');
    open(STDERR, '>', '/dev/null');
    exec { $arg{runc} } $arg{runc}, '--root', $arg{runcRoot}, 'delete', '--force', $arg{id};
    CORE::exit(127);
  }
  waitpid($pid, 0) if $pid;
}
rmdir $_ for @{ $list{cgroupDirs} // [] };
rmdir $_ for @{ $list{subtreeDirs} // [] };
unlink $arg{stdin} if $stdin;
unlink $arg{initPid};
if (defined $arg{unmount} && ($arg{umountNr} // 0) > 0) {
  # umount2(target, 0); still busy (a process in the backend looking at it): MNT_DETACH
  my $target = $arg{unmount};
  syscall($arg{umountNr} + 0, $target, 0) == 0 or syscall($arg{umountNr} + 0, $target, 2);
}
write_atomic($arg{exit},
  sprintf(qq({"exitCode":%d,"finishedAt":"%s","startedAt":"%s","oomKilled":%s%s,"runcStatus":%s}\n),
    $exit_code, $finished_at, $started_at, $oom, (defined $start_error ? ',"startError":' . json_string($start_error) : ''), $runc_status));
unlink $arg{shim};
exit 0;
