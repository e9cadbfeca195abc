#!/usr/bin/env python3
"""Drives the real busybox sh (chroot of the busybox image, PID 1 of a new PID namespace)
through a pseudo-terminal: tty.py ROOT 'JSON list of [delay_seconds, input]'. Prints the
bytes the terminal received as JSON."""
import json, os, pty, select, sys, time

root, steps = sys.argv[1], json.loads(sys.argv[2])
env = {'PATH': '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOSTNAME': 'c0ffee123456', 'HOME': '/root', 'TERM': 'xterm'}
pid, fd = pty.fork()
if pid == 0:
    os.execve('/usr/bin/unshare', ['unshare', '-u', 'sh', '-c',
        'hostname c0ffee123456 && exec setpriv --groups 0,10 unshare -pf --mount-proc="$0/proc" chroot "$0" sh', root], env)
out = b''
def drain(t):
    global out
    end = time.time() + t
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.02)
        if r:
            try:
                d = os.read(fd, 4096)
            except OSError:
                return
            if not d:
                return
            out += d
for delay, data in steps:
    drain(delay)
    os.write(fd, data.encode())
drain(1.0)
try:
    os.kill(pid, 9)
except Exception:
    pass
print(json.dumps(out.decode('utf-8', 'replace')))
