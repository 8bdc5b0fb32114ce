#!/usr/bin/env bash
# Bundle the action with @vercel/ncc.
#
#   bash scripts/bundle.sh OUTDIR        (npm run bundle = bash scripts/bundle.sh dist)
#
# Builds src/bundle.ts, which exports both actions' runs, into OUTDIR/lib/, and writes the two
# entry points the action.yml files name: OUTDIR/index.js (the import action) and
# OUTDIR/wait/index.js (the wait action), each importing the bundle in lib/. One bundle, so the SDK ships
# once. The package is "type": "module", so ncc emits a native ES module bundle (plus any
# NNN.index.js chunks for dynamic imports), and OUTDIR/package.json says {"type":"module"}.
# No source map (dist/ is committed; keep it small), and not minified: ncc's minified output
# started slower (docs/benchmarks.md). Packages resolve through their "module" field, and
# undici leaves lib/index.js for lib/undici.cjs, read on first use (both below).
# Two builds of the same tree are byte-identical, whatever OUTDIR is: scripts/check-dist.sh
# relies on that.
#
# BUNDLE_ENTRY overrides src/bundle.ts (a path from the repo root); it exists only to try this
# script on a throwaway entry.
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

entry="${BUNDLE_ENTRY:-src/bundle.ts}"

if [ ! -f "$entry" ]; then
  echo "bundle.sh: entry $entry not found" >&2
  exit 1
fi

# ncc's build through its Node API, with packages resolved through their "module" field, and
# undici moved out of index.js into lib/undici.cjs, required on first use: both explained in
# scripts/bundle/ncc.mjs and scripts/bundle/lazy.mjs.
ncc() {
  node scripts/bundle/ncc.mjs "$1" "$2"
}

# entry_point FILE RUN: an action's entry point, calling the bundle's export RUN.
entry_point() {
  local file="$outdir/$1" lib
  lib="$(realpath --relative-to="$(dirname "$file")" "$outdir/lib/index.js")"
  case "$lib" in .*) ;; *) lib="./$lib" ;; esac
  mkdir -p "$(dirname "$file")"
  printf '%s\n' \
    "// Entry point of an action; the code is in the shared bundle (scripts/bundle.sh)." \
    "import { runAction, $2 } from '$lib'" \
    "await runAction($2)" > "$file"
}

rm -rf "$outdir"
ncc "$entry" "$outdir/lib"
rm -f "$outdir/lib/package.json"
printf '{"type":"module"}\n' > "$outdir/package.json"
entry_point index.js runImport
entry_point wait/index.js runWait
