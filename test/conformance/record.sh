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

# The scripts to record (all of them when none is named), as paths under scripts/.
scripts=()
if [ $# -eq 0 ]; then
  while IFS= read -r f; do scripts+=("${f#test/conformance/scripts/}"); done < <(find test/conformance/scripts -name '*.script' | LC_ALL=C sort)
else
  for a in "$@"; do
    a=${a#test/conformance/scripts/}
    case "$a" in *.script) ;; *) a="$a.script" ;; esac
    scripts+=("$a")
  done
fi
plain=() ports=()
for s in "${scripts[@]}"; do
  case "$s" in ports/*) ports+=("$s") ;; *) plain+=("$s") ;; esac
done

if [ ${#plain[@]} -gt 0 ]; then
  sock=$(bash test/conformance/real-engine.sh start)
  echo "record.sh: engine at $sock" >&2
  DOCKER_HOST="unix://$sock" BUSYBOX_TAR="$work/rootfs.tar" "$NODE" test/conformance/record.ts "${plain[@]}"
  bash test/conformance/real-engine.sh stop "$sock"
  sock=""
fi
# ports/ need the bridge network, and a fresh daemon each: its allocator hands
# out ephemeral host ports in sequence for the daemon's whole life.
for s in "${ports[@]}"; do
  sock=$(bash test/conformance/real-engine.sh start-bridge)
  echo "record.sh: bridge engine at $sock for $s" >&2
  DOCKER_HOST="unix://$sock" BUSYBOX_TAR="$work/rootfs.tar" "$NODE" test/conformance/record.ts "$s"
  bash test/conformance/real-engine.sh stop "$sock"
  sock=""
done
