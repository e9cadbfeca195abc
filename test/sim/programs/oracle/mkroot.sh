#!/bin/bash
# Builds a chroot tree that mirrors busybox:latest (test/conformance/busybox-rootfs.json)
# with the real /bin/busybox, for recording oracle outputs. Usage: mkroot.sh DIR
set -euo pipefail
root=${1:?usage: mkroot.sh DIR}
json="$(dirname "$0")/../../../conformance/busybox-rootfs.json"
rm -rf "$root" && mkdir -p "$root"
python3 - "$root" "$json" <<'PY'
import json, os, sys, calendar, time
root, js = sys.argv[1], sys.argv[2]
entries = json.load(open(js))
def ts(s): return calendar.timegm(time.strptime(s[:19], '%Y-%m-%dT%H:%M:%S'))
for e in entries:
    p = root + e['path']
    if e['type'] == 'dir':
        os.makedirs(p, exist_ok=True)
    elif e['type'] == 'symlink':
        os.symlink(e['target'], p)
    elif e['path'] == '/bin/busybox':
        import shutil; shutil.copy('/bin/busybox', p)
    else:
        open(p, 'w').write(e.get('content', ''))
for e in sorted(entries, key=lambda e: -len(e['path'])):
    p = root + e['path']
    if e['type'] != 'symlink':
        os.chmod(p, int(e['mode'], 8))
    os.utime(p, (ts(e['mtime']), ts(e['mtime'])), follow_symlinks=False)
PY
for d in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9 tty:5:0; do
  IFS=: read -r n ma mi <<<"$d"; mknod -m 666 "$root/dev/$n" c "$ma" "$mi"
done
ln -s /proc/self/fd "$root/dev/fd"; ln -s /proc/self/fd/0 "$root/dev/stdin"; ln -s /proc/self/fd/1 "$root/dev/stdout"; ln -s /proc/self/fd/2 "$root/dev/stderr"
touch -h -d '2024-01-01 00:00:00 UTC' "$root/dev" "$root"
