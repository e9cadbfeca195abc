#!/usr/bin/env bash
# Installs node_modules exactly as package-lock.json says, when it is missing or stale.
# Used by scripts/test-all.sh (npm test) and .ci/run.   Usage: bash scripts/install-deps.sh [--force]
#
# It tries `npm ci` first. npm ci currently refuses this lock file: @astrojs/compiler-binding
# 0.5.1 lists platform packages (darwin, win32, android, wasm32, linux-arm64) whose 0.5.1 is
# not on the registry, so npm cannot record them in the lock and `npm ci` reports
# "Missing: @astrojs/compiler-binding-…@ from lock file". In that case it falls back to
# `npm install`, which installs the locked versions all the same (and leaves the lock as it is).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

hidden_lock=node_modules/.package-lock.json
if [[ ${1:-} != --force && -f $hidden_lock && ! package-lock.json -nt $hidden_lock ]] &&
  npm ls --depth=0 >/dev/null 2>&1; then
  echo "node_modules is up to date with package-lock.json"
  exit 0
fi

# npm's output without its warnings about the system Node (npm itself runs on Debian's
# Node 20; the project runs on Node 24 from node_modules) and about this machine's npmrc.
quiet() { grep -v -e 'EBADENGINE' -e 'Unknown user config' || true; }

echo "installing node_modules from package-lock.json: npm ci"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if npm ci --no-audit --no-fund >"$log" 2>&1; then
  quiet <"$log"
  exit 0
fi
if grep -q 'can only install packages when your package.json and package-lock.json' "$log"; then
  echo "npm ci refused the lock file:"
  grep -E '^npm error Missing: ' "$log" | sed 's/^/  /' | head -12
  echo "falling back to: npm install (same locked versions; see scripts/install-deps.sh)"
  if ! npm install --no-audit --no-fund >"$log" 2>&1; then
    cat "$log" >&2
    echo "npm install failed" >&2
    exit 1
  fi
  quiet <"$log"
  npm ls --depth=0 >/dev/null || { echo "npm install left an incomplete node_modules" >&2; exit 1; }
  exit 0
fi
cat "$log" >&2
echo "npm ci failed" >&2
exit 1
