#!/bin/bash
# Regenerates src/sim/programs/usage-text.ts from the real busybox-static on this machine,
# for the applets the simulator implements (the others answer "applet not implemented").
# Run it again after adding an applet (test/sim/programs/usage.test.ts checks).
set -euo pipefail
here="$(dirname "$0")"
out="$here/../../../src/sim/programs/usage-text.ts"
implemented=" $("$here/../../../node_modules/.bin/node" "$here/implemented-applets.ts" | tr '\n' ' ') "
{
  echo '/** Usage texts of the applets the simulator implements, captured from Debian busybox-static 1.35 (test/sim/programs/gen-usage.sh). Generated. */'
  echo "export const BUSYBOX_BANNER = $(busybox 2>&1 | head -1 | sed 's/ multi-call binary.//' | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read().strip()))');"
  echo 'export const USAGE: Record<string, string> = {'
  for a in $(busybox --list); do
    [[ "$implemented" == *" $a "* ]] || continue
    # Drop the banner line and the blank line after it.
    txt=$(busybox "$a" --help 2>&1 | tail -n +3 || true)
    printf '  %s: %s,\n' "$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$a")" "$(printf '%s' "$txt" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))')"
  done
  echo '};'
} > "$out"
