#!/usr/bin/env bash
# make-busybox-rootfs.sh DIR
#
# Builds a small busybox root filesystem in DIR (which must not exist yet, or
# be empty) from Debian's busybox-static. It is the rootfs of the reference
# engine's `busybox:latest` / `nocmd:latest` images and, through
# test/conformance/busybox-rootfs.json, of the simulator's busybox image.
#
# Contents (all owned by 0:0, every mtime 2024-01-01 00:00:00 UTC):
#   /bin/busybox                  the static binary (0755)
#   /bin/<applet> -> busybox      one relative symlink per `busybox --list` applet
#   /etc/passwd, /etc/group       the users and groups of the official busybox image
#   /dev /home /proc /root(0700) /sys /usr /var   empty dirs (0755)
#   /tmp                          empty, mode 1777
# Nothing else: /etc/hosts, hostname, resolv.conf and /dev/* come from Docker's
# init layer at run time.
#
# Reproducible tar:  tar --sort=name --numeric-owner -C DIR -c .
set -euo pipefail

dir=${1:?usage: make-busybox-rootfs.sh DIR}
bb=/bin/busybox
if ! [ -x "$bb" ] || ! "$bb" --list >/dev/null 2>&1; then
  echo "make-busybox-rootfs: $bb missing; install Debian's busybox-static (apt-get install -y busybox-static)" >&2
  exit 1
fi
if ! file -L "$bb" 2>/dev/null | grep -q 'statically linked'; then
  if ldd "$bb" >/dev/null 2>&1; then
    echo "make-busybox-rootfs: $bb is not statically linked; install busybox-static" >&2
    exit 1
  fi
fi
if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
  echo "make-busybox-rootfs: $dir exists and is not empty" >&2
  exit 1
fi

umask 022
mkdir -p "$dir"
chmod 0755 "$dir"
for d in bin dev etc home proc root sys tmp usr var; do
  mkdir -p "$dir/$d"
done
chmod 0700 "$dir/root"
chmod 1777 "$dir/tmp"

install -m 0755 "$bb" "$dir/bin/busybox"
for applet in $("$bb" --list); do
  [ "$applet" = busybox ] && continue
  ln -s busybox "$dir/bin/$applet"
done

cat >"$dir/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
sync:x:4:100:sync:/bin:/bin/sync
mail:x:8:8:mail:/var/spool/mail:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
operator:x:37:37:Operator:/var:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
PASSWD
cat >"$dir/etc/group" <<'GROUP'
root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
kmem:x:9:
wheel:x:10:root
cdrom:x:11:
dialout:x:18:
floppy:x:19:
video:x:28:
audio:x:29:
tape:x:32:
www-data:x:33:
operator:x:37:
utmp:x:43:
plugdev:x:46:
staff:x:50:
lock:x:54:
netdev:x:82:
users:x:100:
nogroup:x:65534:
GROUP
chmod 0644 "$dir/etc/passwd" "$dir/etc/group"

chown -hR 0:0 "$dir"
find "$dir" -depth -exec touch -h -d '2024-01-01 00:00:00 UTC' {} +
