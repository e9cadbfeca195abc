#!/usr/bin/env bash
# The one command that runs every test: `npm test` (or `bash scripts/test-all.sh`).
#
# On a fresh Debian machine it first sets itself up:
#   1. Debian packages the tests need (Chromium for the browser tests; runc,
#      busybox-static, tini (static docker-init), perl-base and bsdutils (`script`)
#      for the native backend's real containers; docker-registry (a registry on
#      loopback for the native push/pull tests); a CJK font so screenshots show
#      Chinese text). As root they are installed with apt-get; otherwise the exact
#      apt-get command is printed and the script stops.
#   2. node_modules, with `npm ci` when it is missing or older than package-lock.json
#      (scripts/install-deps.sh).
# Then it runs, stopping at the first failure:
#   typecheck (tsc --noEmit) → unit tests (vitest run) → the short load test of
#   classroom serve (as root) → browser tests (npm run test:e2e)
# and ends with one line: "tests: N passed, N failed, N skipped".
#
# docker.io is NOT needed here: only the fixture recorder (npm run record-fixtures) uses it.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
  bold=$'\e[1m' red=$'\e[31m' green=$'\e[32m' dim=$'\e[2m' reset=$'\e[0m'
else
  bold='' red='' green='' dim='' reset=''
fi

started=$SECONDS
step_started=$SECONDS
step() {
  step_started=$SECONDS
  printf '\n%s==> %s%s\n' "$bold" "$*" "$reset"
}
step_done() {
  printf '%s    ok (%ss)%s\n' "$dim" "$((SECONDS - step_started))" "$reset"
}
fail() {
  printf '\n%s%sFAILED:%s %s\n' "$red" "$bold" "$reset" "$*" >&2
  exit 1
}

# ---------------------------------------------------------------------------
# 1. Debian packages
# ---------------------------------------------------------------------------
deb_packages=(chromium runc busybox-static tini perl-base bsdutils docker-registry fonts-wqy-microhei)

step "Debian packages: ${deb_packages[*]}"
missing=()
for pkg in "${deb_packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [[ $status == installed ]] || missing+=("$pkg")
done
if ((${#missing[@]})); then
  install_cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    printf '%sMissing Debian packages: %s%s\n' "$red" "${missing[*]}" "$reset" >&2
    printf 'Install them as root, then run npm test again:\n\n    sudo sh -c '\''%s'\''\n\n' "$install_cmd" >&2
    exit 1
  fi
  echo "installing: ${missing[*]} (apt-get update && apt-get install)"
  apt_log=$(mktemp)
  if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 \
    apt-get install -y -q --no-install-recommends "${missing[@]}"; } </dev/null >"$apt_log" 2>&1; then
    tail -n 30 "$apt_log" >&2
    rm -f "$apt_log"
    fail "apt-get install ${missing[*]}"
  fi
  rm -f "$apt_log"
  echo "installed: ${missing[*]}"
fi
for bin in /usr/bin/chromium /usr/sbin/runc /bin/busybox /usr/bin/tini-static /usr/bin/perl /usr/bin/script /usr/bin/docker-registry; do
  [[ -x $bin ]] || fail "$bin is missing although its package is installed"
done
echo "installed: ${deb_packages[*]}"
step_done

# ---------------------------------------------------------------------------
# 2. npm dependencies (Node 24 comes from the `node` devDependency)
# ---------------------------------------------------------------------------
step "npm dependencies"
# Under `npm test`, PATH starts with node_modules/.bin, whose `node` is the Node 24 that
# (re)installing would delete: install with the system's npm and Node instead.
system_path=$(tr ':' '\n' <<<"$PATH" | grep -v '/node_modules/' | paste -sd: -)
PATH=$system_path bash scripts/install-deps.sh
export PATH="$root/node_modules/.bin:$PATH"
hash -r
node_version=$(node --version)
[[ $node_version == v24.* ]] || fail "expected Node 24 from node_modules/.bin/node, got $node_version ($(command -v node))"
echo "node $node_version ($(command -v node))"
step_done

# ---------------------------------------------------------------------------
# 3. The tests
# ---------------------------------------------------------------------------
export ASTRO_TELEMETRY_DISABLED=1
results=$root/test-results
mkdir -p "$results"
rm -f "$results/unit.json" "$results/e2e.json"

# Adds up the Vitest JSON reports written so far and prints the closing line.
summary() {
  node -e '
    const fs = require("node:fs");
    let passed = 0, failed = 0, skipped = 0, reports = 0;
    for (const file of process.argv.slice(1)) {
      if (!fs.existsSync(file)) continue;
      reports++;
      const r = JSON.parse(fs.readFileSync(file, "utf8"));
      passed += r.numPassedTests ?? 0;
      failed += r.numFailedTests ?? 0;
      skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    }
    if (reports > 0) console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  ' "$results/unit.json" "$results/e2e.json"
}
run_or_fail() {
  local what=$1
  shift
  if ! "$@"; then
    printf '\n' >&2
    summary >&2 || true
    fail "$what (${*})"
  fi
}

step "typecheck: tsc --noEmit"
run_or_fail typecheck npm run --silent typecheck
echo "no type errors"
step_done

step "unit tests: vitest run"
run_or_fail "unit tests" npm run --silent test:unit -- \
  --reporter=default --reporter=json --outputFile.json="$results/unit.json"
step_done

step "load test (short): npm run load-test -- --sessions 4 --seconds 10"
if [[ $(id -u) -eq 0 ]]; then
  # Figures in test-results/load-test.json; the full run is 20 sessions x 60 s (npm run load-test).
  run_or_fail "load test" bash -c 'npm run --silent load-test -- --sessions 4 --seconds 10 >"$1"' _ "$results/load-test.json"
else
  echo "skipped: classroom serve runs real containers, which needs root"
fi
step_done

step "browser tests: npm run test:e2e"
run_or_fail "browser tests" npm run --silent test:e2e -- \
  --reporter=default --reporter=json --outputFile.json="$results/e2e.json"
step_done

printf '\n%s%sAll tests passed%s in %ss.\n' "$green" "$bold" "$reset" "$((SECONDS - started))"
summary
