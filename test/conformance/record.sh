#!/usr/bin/env bash
# Refreshes the conformance fixtures from a real Docker 20.10 engine.
#   npm run record-fixtures                 # every script
#   bash test/conformance/record.sh matrix/running-stop.script cases/ps.script
# Needs root and Debian's docker.io, runc and busybox-static (installed here
# when missing). Starts a private dockerd (real-engine.sh), imports
# busybox:latest and nocmd:latest from a freshly built rootfs, records, and
# always stops the engine and removes its scratch dir, mounts and cgroups.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v dockerd >/dev/null || ! [ -x /usr/bin/docker ] || ! command -v runc >/dev/null || ! [ -x /bin/busybox ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io runc busybox-static >/dev/null
  else
    echo "record.sh: run as root, with: apt-get install -y docker.io runc busybox-static" >&2
    exit 1
  fi
fi

NODE=node_modules/.bin/node
[ -x "$NODE" ] || NODE=node

work=$(mktemp -d -t record-work.XXXXXX)
sock=""
cleanup() {
  local rc=$?
  if [ -n "$sock" ]; then bash test/conformance/real-engine.sh stop "$sock" || rc=1; fi
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bash scripts/make-busybox-rootfs.sh "$work/rootfs"
tar --sort=name --numeric-owner -C "$work/rootfs" -c . >"$work/rootfs.tar"
"$NODE" scripts/list-rootfs.ts "$work/rootfs" test/conformance/busybox-rootfs.json

sock=$(bash test/conformance/real-engine.sh start)
echo "record.sh: engine at $sock" >&2
DOCKER_HOST="unix://$sock" BUSYBOX_TAR="$work/rootfs.tar" "$NODE" test/conformance/record.ts "$@"
