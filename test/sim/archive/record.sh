#!/usr/bin/env bash
# Records the archive fixtures (test/sim/archive/fixtures/) from a real Docker
# 20.10 engine, and checks simulator-made archives against it.
#   bash test/sim/archive/record.sh
# Needs root and Debian's docker.io, runc, busybox-static, libcap2-bin (setcap).
# Starts a private dockerd (test/conformance/real-engine.sh) and always stops it.
set -euo pipefail
cd "$(dirname "$0")/../../.."
NODE=node_modules/.bin/node
D=/usr/bin/docker
FIX=test/sim/archive/fixtures
mkdir -p "$FIX"
work=$(mktemp -d -t archive-rec.XXXXXX)
sock=""
cleanup() {
  local rc=$?
  if [ -n "$sock" ]; then bash test/conformance/real-engine.sh stop "$sock" || rc=1; fi
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

sock=$(bash test/conformance/real-engine.sh start)
export DOCKER_HOST="unix://$sock"
echo "record: engine at $sock" >&2
root=$(dirname "$sock")/root

# one JSON object per command: {"args":[…],"rc":N,"stdout":"…","stderr":"…"} (WARNING lines dropped)
run_json() {
  local out err rc
  set +e
  out=$("$D" "$@" 2>"$work/stderr")
  rc=$?
  set -e
  err=$(grep -v '^WARNING: IPv4 forwarding is disabled' "$work/stderr" || true)
  "$NODE" -e 'const [,o,e,rc,...a]=process.argv; console.log(JSON.stringify({args:a,rc:+rc,stdout:o,stderr:e}))' "$out" "$err" "$rc" "$@"
}

# --- busybox:latest and the lesson's export scenario -----------------------------------
bash scripts/make-busybox-rootfs.sh "$work/rootfs"
tar -C "$work/rootfs" -c . | "$D" import --change 'CMD ["sh"]' - busybox:latest >/dev/null
"$D" run --name exp -v /data busybox sh -c 'cd /tmp && touch test && echo x > /etc/newfile && rm /bin/wc && mkdir -p /data && echo v > /data/f' 2>/dev/null
"$D" export -o "$work/export-busybox.tar" exp
tar -tvf "$work/export-busybox.tar" >"$FIX/export-busybox.tvf.txt"
gzip -9n <"$work/export-busybox.tar" >"$FIX/export-busybox.tar.gz"
"$D" commit exp busybox:committed >/dev/null
"$D" save -o "$work/save-busybox.tar" busybox:latest busybox:committed
tar -tvf "$work/save-busybox.tar" --full-time >"$FIX/save-busybox.tvf.txt"
gzip -9n <"$work/save-busybox.tar" >"$FIX/save-busybox.tar.gz"

# --- a tiny rootfs: long and non-ASCII names, hard link, setuid, devices, odd owners, caps
t="$work/tiny"
mkdir -p "$t/etc" "$t/bin" "$t/tmp" "$t/deep/$(printf 'd%.0s' {1..60})/$(printf 'e%.0s' {1..70})" "$t/ünï/çødé"
chmod 1777 "$t/tmp"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$t/etc/passwd"
echo hello >"$t/ünï/çødé/fïlé.txt"
echo long >"$t/deep/$(printf 'd%.0s' {1..60})/$(printf 'e%.0s' {1..70})/$(printf 'f%.0s' {1..120})"
printf '#!/bin/sh\necho hi\n' >"$t/bin/tool" && chmod 4755 "$t/bin/tool"
ln "$t/bin/tool" "$t/bin/tool-hard"
ln -s tool "$t/bin/tool-sym"
ln -s /etc/passwd "$t/etc/pw-abs"
echo www >"$t/etc/www" && chown 33:33 "$t/etc/www"
echo odd >"$t/etc/odd" && chown 4242:4243 "$t/etc/odd"
echo nobody >"$t/etc/nobody" && chown 65534:65534 "$t/etc/nobody"
echo cap >"$t/bin/capped" && chmod 755 "$t/bin/capped" && setcap cap_net_bind_service+ep "$t/bin/capped"
mkfifo "$t/tmp/fifo"
mknod "$t/bin/null" c 1 3 && chmod 666 "$t/bin/null"
find "$t" -depth -exec touch -h -d '2024-01-01 00:00:00 UTC' {} +
tar --sort=name --numeric-owner -C "$t" -c . >"$FIX/tiny-rootfs.tar"   # GNU format (././@LongLink)
"$D" import -c 'CMD ["/bin/tool"]' "$FIX/tiny-rootfs.tar" tiny:latest >/dev/null
mkdir -p "$work/cp"
echo capped2 >"$work/cp/capped2" && chmod 755 "$work/cp/capped2" && setcap cap_net_raw+ep "$work/cp/capped2"
echo note >"$work/cp/nöte-$(printf 'n%.0s' {1..110}).txt"
touch -d '2025-06-01 12:00:00 UTC' "$work/cp"/*
"$D" create --name tc -v /vol tiny:latest >/dev/null
"$D" cp "$work/cp/capped2" tc:/bin/capped2
"$D" cp "$work/cp/"nöte-*.txt tc:/etc/
"$D" commit -m 'add two files' tc tiny:committed >/dev/null
"$D" export -o "$FIX/export-tiny.tar" tc
tar -tvf "$FIX/export-tiny.tar" >"$FIX/export-tiny.tvf.txt"
"$D" save -o "$FIX/save-tiny.tar" tiny:latest tiny:committed
tar -tvf "$FIX/save-tiny.tar" --full-time >"$FIX/save-tiny.tvf.txt"

# --- metadata the tests need (creation times, IDs, diffs) --------------------------------
{
  echo '{'
  echo "\"exp\": $("$D" inspect -f '{"created":{{json .Created}},"started":{{json .State.StartedAt}}}' exp),"
  echo "\"tc\": $("$D" inspect -f '{"created":{{json .Created}}}' tc),"
  echo "\"images\": {"
  for i in busybox:latest busybox:committed tiny:latest tiny:committed; do
    echo "\"$i\": $("$D" image inspect -f '{"id":{{json .Id}},"created":{{json .Created}},"layers":{{json .RootFS.Layers}},"size":{{.Size}}}' "$i"),"
  done
  echo '"-": null},'
  echo "\"diff-exp\": $("$D" diff exp | "$NODE" -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.stringify(s.trim().split("\n"))))')"
  echo '}'
} >"$FIX/meta.json"

# --- hostile and broken archives: docker import and docker load --------------------------
"$NODE" test/sim/archive/hostile.ts "$work/hostile"
{
  echo '['
  first=1
  for name in $("$NODE" -e 'for (const c of require(process.argv[1])) console.log(c.name)' "$work/hostile/index.json"); do
    [ $first = 1 ] || echo ','
    first=0
    tag="hostile:$(echo "$name" | tr -cd 'a-z0-9-')"
    imp=$(run_json import "$work/hostile/$name" "$tag")
    layer='null'
    if "$D" image inspect "$tag" >/dev/null 2>&1; then
      # the layer as stored: listing of what a container sees (export of a created container)
      cid=$("$D" create "$tag" /x 2>/dev/null || true)
      if [ -n "$cid" ]; then
        layer=$("$D" export "$cid" 2>/dev/null | tar -tv 2>/dev/null | "$NODE" -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.stringify(s.trim()?s.trim().split("\n"):[])))' || echo null)
        "$D" rm "$cid" >/dev/null
      fi
      "$D" rmi -f "$tag" >/dev/null 2>&1 || true
    fi
    echo "{\"name\":\"$name\",\"import\":$imp,\"exported\":$layer}"
  done
  echo ']'
} >"$FIX/hostile-real.json"

# --- docker load: good and bad archives ---------------------------------------------------
mkdir -p "$work/load"
cp "$work/export-busybox.tar" "$work/load/export.tar"
: >"$work/load/empty.tar"
cp "$work/hostile/nontar" "$work/load/nontar.tar"
"$D" save -o "$work/load/untagged.tar" "$("$D" image inspect -f '{{.Id}}' tiny:committed)"
variant() { # variant NAME SCRIPT: a copy of save-tiny.tar changed by SCRIPT (run in its directory)
  local d="$work/v-$1"
  mkdir -p "$d" && tar -C "$d" -xf "$FIX/save-tiny.tar"
  (cd "$d" && eval "$2")
  tar -C "$d" -c --sort=name . >"$work/load/$1.tar"
}
variant legacy 'rm manifest.json'
variant missing-config "echo '[{\"Config\":\"nope.json\",\"RepoTags\":[\"x:y\"],\"Layers\":[]}]' >manifest.json"
variant bad-manifest 'echo garbage >manifest.json'
variant layer-count "\"$PWD/$NODE\" -e 'const fs=require(\"fs\");const m=JSON.parse(fs.readFileSync(\"manifest.json\",\"utf8\"));m[0].Layers=[];fs.writeFileSync(\"manifest.json\",JSON.stringify(m))'"
variant diffid-mismatch "for l in */layer.tar; do [ -L \"\$l\" ] || { cp \"$work/hostile/dotdot\" \"\$l\"; break; }; done"
{
  echo '['
  first=1
  for f in export empty nontar untagged legacy missing-config bad-manifest layer-count diffid-mismatch; do
    [ $first = 1 ] || echo ','
    first=0
    # an empty image store, so that every layer is really read (Docker skips layers it has)
    ids=$("$D" images -aq)
    [ -z "$ids" ] || "$D" rmi -f $ids >/dev/null 2>&1 || true
    echo "{\"name\":\"$f\",\"load\":$(run_json load -i "$work/load/$f.tar" | sed "s#$root#/var/lib/docker#g")}"
  done
  echo ']'
} >"$FIX/load-real.json"

# --- --change --------------------------------------------------------------------------------
"$NODE" -e '
  const cases=[["RUN echo"],["STOPSIGNAL 9"],[""],["CMD"],["ENV A"],["EXPOSE abc"],["EXPOSE 80 443/udp 8000-8002"],
   ["HEALTHCHECK --interval=1 CMD true"],["HEALTHCHECK --interval=30s --retries=3 CMD curl -f x || exit 1"],["WORKDIR rel"],
   ["ENV A=1 B=$A","ENV C=$A D=\"x y\""],["FROM x"],["bogus x"],["CMD echo hi","ENTRYPOINT [\"/bin/sh\"]"],
   ["ENTRYPOINT [\"/bin/sh\"]","CMD echo hi"],["LABEL a=b \"c d\"=\"e f\"","LABEL x y z"],["VOLUME /a /b","VOLUME [\"/c\"]"],
   ["USER 1000:1000","ONBUILD RUN echo hi"],["ONBUILD ONBUILD RUN x"],["CMD [\"a\", 1]"],["ENV A=1 \\","B=2"],["HEALTHCHECK NONE"],
   ["MAINTAINER me"],["SHELL [\"/bin/bash\",\"-c\"]"],["EXPOSE 80/xyz"],["ENTRYPOINT"],["CMD [\"x\"] trailing"],["ENV ${X"],
   ["WORKDIR /a","WORKDIR b/../c"],["CMD --foo x"],["HEALTHCHECK --retries=0 CMD x"],["HEALTHCHECK CMD"],["HEALTHCHECK BOGUS x"],
   ["# comment","CMD [\"c\"]"],["LABEL"],["USER"],["VOLUME \"\""],["EXPOSE 70000"],["ENV A=1","ENV A=2"],["ENV X=${Y:-def}"]];
  console.log(JSON.stringify(cases));' >"$work/changes.json"
{
  echo '['
  n=$("$NODE" -e 'console.log(require(process.argv[1]).length)' "$work/changes.json")
  for i in $(seq 0 $((n - 1))); do
    [ "$i" = 0 ] || echo ','
    mapfile -t args < <("$NODE" -e 'for (const c of require(process.argv[1])[+process.argv[2]]) console.log("-c"), console.log(c)' "$work/changes.json" "$i")
    res=$(run_json import "${args[@]}" "$work/hostile/noparent")
    cfg='null'
    id=$(echo "$res" | "$NODE" -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);console.log(r.rc===0?r.stdout.trim():"")})')
    if [ -n "$id" ]; then cfg=$("$D" image inspect -f '{{json .Config}}' "$id"); "$D" rmi "$id" >/dev/null; fi
    echo "{\"changes\":$("$NODE" -e 'console.log(JSON.stringify(require(process.argv[1])[+process.argv[2]]))' "$work/changes.json" "$i"),\"result\":$res,\"config\":$cfg}"
  done
  echo ']'
} >"$FIX/changes-real.json"
run_json import -m 'my message' "$work/hostile/noparent" msg:latest >/dev/null
"$D" history --format '{{.CreatedBy}}|{{.Comment}}' msg:latest >"$FIX/import-message.txt"

# --- simulator-made archives into the real engine -------------------------------------------
"$NODE" test/sim/archive/sim-tars.ts "$work/sim"
{
  echo '['
  first=1
  while IFS= read -r line; do
    [ $first = 1 ] || echo ','
    first=0
    name=$(echo "$line" | cut -f1)
    use=$(echo "$line" | cut -f2)
    tag=$(echo "$line" | cut -f3)
    if [ "$use" = load ]; then r=$(run_json load -i "$work/sim/$name"); else r=$(run_json import "$work/sim/$name" "$tag"); fi
    checks='['
    cfirst=1
    while IFS= read -r c; do
      [ -z "$c" ] && continue
      mapfile -t cargs < <("$NODE" -e 'for (const a of JSON.parse(process.argv[1])) console.log(a)' "$c")
      [ $cfirst = 1 ] || checks+=','
      cfirst=0
      checks+=$(run_json "${cargs[@]}")
    done < <("$NODE" -e 'const t=require(process.argv[1]).find(x=>x.name===process.argv[2]); for (const c of t.checks??[]) console.log(JSON.stringify(c))' "$work/sim/index.json" "$name")
    checks+=']'
    echo "{\"name\":\"$name\",\"result\":$r,\"checks\":$checks}"
  done < <("$NODE" -e 'for (const t of require(process.argv[1])) console.log([t.name,t.use,t.tag??""].join("\t"))' "$work/sim/index.json")
  echo ']'
} >"$FIX/sim-real.json"
chmod 644 "$FIX"/*
echo "record: done" >&2
