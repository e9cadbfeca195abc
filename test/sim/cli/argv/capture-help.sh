#!/usr/bin/env bash
# Refreshes the 20.10 golden files used by test/sim/cli/argv/*.test.ts from
# the real Docker 20.10 CLI (Debian package docker.io, /usr/bin/docker).
#
#   bash test/sim/cli/argv/capture-help.sh [path/to/docker]
#
# 1. `<cmd> --help` for every command reachable from `docker --help`
#    -> golden/20.10/<cmd_sub>.txt (stdout, byte for byte; root = docker.txt)
# 2. every argv line of cases.txt -> golden/20.10/cases.json
#    ({argv, stdout, stderr, exitCode}); argv parsing needs no daemon, so the
#    CLI points at a socket that does not exist: a case whose stderr says
#    "Cannot connect to the Docker daemon" is one the CLI parsed successfully.
#
# Environment is pinned so the output does not depend on the caller:
# HOME=/root (the --config/--tls* defaults print $HOME/.docker), no
# DOCKER_* variables, stdin not a terminal (help is wrapped at 80 columns).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
DOCKER="${1:-/usr/bin/docker}"
out="$here/golden/20.10"
mkdir -p "$out"
"$DOCKER" --version | grep -q '^Docker version 20\.10\.' || { echo "$DOCKER is not a 20.10 client" >&2; exit 1; }

run() {
  env -i PATH=/usr/bin:/bin HOME=/root DOCKER_HOST=unix:///nonexistent/docker.sock "$DOCKER" "$@" </dev/null
}

# subcommands listed in a help text (sections "Management Commands:" and "Commands:")
subcommands() {
  awk '/^(Management )?Commands:$/ {on=1; next} /^$/ {on=0} on && /^  [a-z]/ {print $1}'
}

capture() { # $@ = command path below docker
  local name file
  name="$(IFS=_; echo "${*:-docker}")"
  file="$out/$name.txt"
  run "$@" --help >"$file"
  local sub
  for sub in $(subcommands <"$file"); do
    capture "$@" "$sub"
  done
}
rm -f "$out"/*.txt
capture
echo "help texts: $(ls "$out"/*.txt | wc -l) files in $out"

# argv cases
node -e '
const { execFileSync, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const [docker, casesFile, outFile] = process.argv.slice(1);
// POSIX-ish word splitting: single quotes, double quotes, backslash.
function words(line) {
  const out = []; let cur = null; let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === " " || c === "\t") { if (cur !== null) { out.push(cur); cur = null; } i++; continue; }
    cur = cur ?? "";
    if (c === "\x27") { const j = line.indexOf("\x27", i + 1); cur += line.slice(i + 1, j); i = j + 1; continue; }
    if (c === "\"") { i++; while (line[i] !== "\"") { if (line[i] === "\\") i++; cur += line[i++]; } i++; continue; }
    if (c === "\\") { cur += line[i + 1]; i += 2; continue; }
    cur += c; i++;
  }
  if (cur !== null) out.push(cur);
  return out;
}
const cases = [];
for (const line of fs.readFileSync(casesFile, "utf8").split("\n")) {
  if (!line.trim() || line.startsWith("#")) continue;
  const argv = words(line);
  if (argv[0] !== "docker") throw new Error("case must start with docker: " + line);
  const r = spawnSync(docker, argv.slice(1), {
    env: { PATH: "/usr/bin:/bin", HOME: "/root", DOCKER_HOST: "unix:///nonexistent/docker.sock" },
    stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", timeout: 20000,
  });
  cases.push({ argv, stdout: r.stdout, stderr: r.stderr, exitCode: r.status });
}
fs.writeFileSync(outFile, JSON.stringify(cases, null, 1) + "\n");
console.log("cases: " + cases.length + " -> " + outFile);
' "$DOCKER" "$here/cases.txt" "$out/cases.json"
