#!/usr/bin/env bash
# Re-records the quiz's real-engine sample (test/quiz/fixtures/) from a real
# Docker 20.10 engine:
#   bash test/quiz/record.sh
# 1. writes one script per sampled question (test/quiz/sample.ts --write:
#    setup + command + probe, exactly the question's `script`) and sample.json;
# 2. builds the busybox rootfs (as test/conformance/record.sh does, without
#    touching test/conformance/busybox-rootfs.json);
# 3. starts a private dockerd (test/conformance/real-engine.sh), records every
#    script with the conformance recorder (test/conformance/record.ts), which
#    writes <name>.json next to each <name>.script;
# 4. always stops that dockerd by PID and removes its scratch dir.
# Needs root and Debian's docker.io, runc and busybox-static.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v dockerd >/dev/null || ! [ -x /usr/bin/docker ] || ! command -v runc >/dev/null || ! [ -x /bin/busybox ]; then
  echo "record.sh: needs root with: apt-get install -y docker.io runc busybox-static" >&2
  exit 1
fi

NODE=node_modules/.bin/node
[ -x "$NODE" ] || NODE=node

"$NODE" test/quiz/sample.ts --write >/dev/null

work=$(mktemp -d -t quiz-record.XXXXXX)
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

sock=$(bash test/conformance/real-engine.sh start)
echo "record.sh: engine at $sock" >&2
DOCKER_HOST="unix://$sock" BUSYBOX_TAR="$work/rootfs.tar" "$NODE" test/conformance/record.ts test/quiz/fixtures/*.script
