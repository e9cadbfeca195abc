#!/usr/bin/env bash
# real-engine.sh start        start a private Docker 20.10 daemon; prints its socket path
# real-engine.sh start-bridge the same with the default bridge network, in a network namespace of its own
# real-engine.sh stop SOCKET  stop that daemon (by PID) and clean up its scratch dir
#
# The daemon is fully private: its own data root, exec root, socket and pidfile
# in a fresh `mktemp -d` dir, no iptables/bridge (so `docker run` prints the
# host artefact `WARNING: IPv4 forwarding is disabled…`), overlay2, container
# cgroups under the relative parent `ref-docker`.
# `start-bridge` is for published ports (scripts/ports/): dockerd runs in a new
# network namespace (`unshare --net`, loopback up) with the default bridge
# (docker0, 172.17.0.0/16) and the userland proxy, still without iptables. So
# docker0 and docker-proxy's 0.0.0.0/:: listeners exist only in that namespace
# and go with it when the daemon stops: nothing is bound on the host's network.
# Reach a published port from that namespace:  nsenter --net=/proc/PID/ns/net …
# (PID in DIR/dockerd.pid).
# Talk to it with the 20.10 CLI only:  DOCKER_HOST=unix://SOCKET /usr/bin/docker …
# (a newer client is first on PATH on these machines: never use it).
set -euo pipefail

DOCKER=/usr/bin/docker

die() { echo "real-engine: $*" >&2; exit 1; }

start() {
  local mode=${1:-none}
  command -v dockerd >/dev/null || die "dockerd missing: apt-get install -y docker.io runc busybox-static"
  [ -x "$DOCKER" ] || die "$DOCKER missing: apt-get install -y docker.io"
  [ "$(id -u)" = 0 ] || die "must run as root (dockerd needs it)"
  local d
  d=$(mktemp -d)
  local args=(--data-root "$d/root" --exec-root "$d/exec" --host "unix://$d/docker.sock"
    --pidfile "$d/dockerd.pid" --iptables=false --ip-masq=false --ip-forward=false
    --storage-driver overlay2 --cgroup-parent ref-docker --exec-opt native.cgroupdriver=cgroupfs)
  # exactly the reference set-up; setsid keeps it alive after this script exits
  if [ "$mode" = bridge ]; then
    command -v unshare >/dev/null || die "unshare missing (util-linux)"
    setsid unshare --net -- sh -c 'ip link set lo up && exec dockerd "$@"' dockerd "${args[@]}" \
      >"$d/dockerd.log" 2>&1 </dev/null &
  else
    setsid dockerd "${args[@]}" --bridge=none >"$d/dockerd.log" 2>&1 </dev/null &
  fi
  echo $! >"$d/dockerd.launcher.pid"
  local i
  for i in $(seq 1 300); do
    if DOCKER_HOST="unix://$d/docker.sock" "$DOCKER" version >/dev/null 2>&1; then
      echo "$d/docker.sock"
      return 0
    fi
    if ! kill -0 "$(cat "$d/dockerd.launcher.pid")" 2>/dev/null; then
      tail -20 "$d/dockerd.log" >&2
      die "dockerd exited during start-up (log: $d/dockerd.log)"
    fi
    sleep 0.1
  done
  tail -20 "$d/dockerd.log" >&2
  stop "$d/docker.sock" || true
  die "dockerd did not answer within 30 s"
}

# PIDs of this engine's dockerd, managed containerd and shims (their command
# line mentions DIR), one per line.
pids_of() {
  local dir=$1 p comm
  for p in /proc/[0-9]*; do
    [ "${p#/proc/}" = "$$" ] && continue
    comm=$(cat "$p/comm" 2>/dev/null) || continue
    case "$comm" in
      dockerd | containerd | containerd-shim*) ;;
      *) continue ;;
    esac
    if tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -qF -- "$dir/"; then
      echo "${p#/proc/}"
    fi
  done
}

stop() {
  local sock=${1:?usage: real-engine.sh stop SOCKET}
  sock=${sock#unix://}
  local d
  d=$(dirname "$sock")
  case "$d" in
    /tmp/tmp.*) ;;
    *) die "refusing to clean $d: not a real-engine.sh scratch dir" ;;
  esac
  [ -d "$d" ] || die "$d does not exist"
  local ids="" pid=""
  if [ -S "$sock" ]; then
    ids=$(DOCKER_HOST="unix://$sock" timeout 10 "$DOCKER" ps -aq --no-trunc 2>/dev/null || true)
  fi
  if [ -f "$d/dockerd.pid" ]; then pid=$(cat "$d/dockerd.pid"); fi
  if [ -z "$pid" ] && [ -f "$d/dockerd.launcher.pid" ]; then pid=$(cat "$d/dockerd.launcher.pid"); fi
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 300); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  # anything of ours still alive (managed containerd, shims): by PID
  local p
  for p in $(pids_of "$d"); do kill -TERM "$p" 2>/dev/null || true; done
  sleep 0.5
  for p in $(pids_of "$d"); do kill -KILL "$p" 2>/dev/null || true; done
  # unmount everything left under the scratch dir, deepest first
  local m
  while read -r m; do
    [ -n "$m" ] && umount -l "$m" 2>/dev/null || true
  done < <(awk -v d="$d/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r)
  # container cgroups under ref-docker (only this engine's containers), then
  # the ref-docker parents if they are empty now
  local c
  for c in /sys/fs/cgroup/*/; do
    local base
    for base in $(find "$c" -maxdepth 4 -type d -name ref-docker 2>/dev/null); do
      local id
      for id in $ids; do
        [ -d "$base/$id" ] && rmdir "$base/$id" 2>/dev/null || true
      done
      rmdir "$base" 2>/dev/null || true
    done
  done
  rm -rf "$d"
}

case "${1:-}" in
  start) start none ;;
  start-bridge) start bridge ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start | start-bridge | stop SOCKET" >&2; exit 2 ;;
esac
