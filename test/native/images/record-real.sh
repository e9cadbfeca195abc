#!/usr/bin/env bash
# Records test/native/images/fixtures/real-engine.json and container-*.tar from a
# private Docker 20.10 engine (test/conformance/real-engine.sh). Root; needs
# docker.io, busybox-static. About 20 s.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
sock=$(bash test/conformance/real-engine.sh start)
trap 'bash test/conformance/real-engine.sh stop "$sock"' EXIT
DOCKER_HOST="unix://$sock" node test/native/images/record-real.ts
