#!/usr/bin/env bash
# Bundle the action with @vercel/ncc.
#
#   bash scripts/bundle.sh OUTDIR        (npm run bundle = bash scripts/bundle.sh dist)
#
# Builds src/index.ts into OUTDIR/ and, when src/wait/index.ts exists, that entry into
# OUTDIR/wait/. The package is "type": "module", so ncc emits a native ES module bundle (plus
# OUTDIR/package.json with {"type":"module"} and any NNN.index.js chunks for dynamic imports).
# No source map (dist/ is committed; keep it small). Two builds of the same tree are
# byte-identical, whatever OUTDIR is: scripts/check-dist.sh relies on that.
#
# BUNDLE_ENTRY and BUNDLE_WAIT_ENTRY override the two entry files (paths from the repo root);
# they exist only to try this script on a throwaway entry.
set -euo pipefail

if [ "$#" -ne 1 ] || [ -z "$1" ]; then
  echo "usage: bash scripts/bundle.sh OUTDIR" >&2
  exit 2
fi

# OUTDIR is taken relative to the caller's directory (npm runs scripts from the repo root).
outdir="$(realpath -m -- "$1")"

cd "$(dirname "$0")/.."
root="$PWD"

# Never wipe the repository itself or anything above it.
guard="${outdir%/}/"
case "$root/" in
  "$guard"*)
    echo "bundle.sh: refusing to use $1 as OUTDIR (it would delete the repository)" >&2
    exit 2
    ;;
esac

entry="${BUNDLE_ENTRY:-src/index.ts}"
wait_entry="${BUNDLE_WAIT_ENTRY:-src/wait/index.ts}"

if [ ! -f "$entry" ]; then
  echo "bundle.sh: entry $entry not found" >&2
  exit 1
fi

ncc() {
  npx --no-install ncc build "$1" -o "$2" --license licenses.txt --target es2022 --quiet
}

rm -rf "$outdir"
ncc "$entry" "$outdir"
if [ -f "$wait_entry" ]; then
  ncc "$wait_entry" "$outdir/wait"
fi
