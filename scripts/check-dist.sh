#!/usr/bin/env bash
# Check that the committed dist/ is exactly what `npm run bundle` builds from this tree.
#
#   bash scripts/check-dist.sh        (npm run check:dist)
#
# Builds into a fresh temporary directory with scripts/bundle.sh, compares it recursively with
# dist/ (diff -r), and also rejects a bundle that ncc could not complete: a webpackMissingModule
# stub or eval("require") in any of its JS files (the entry, a chunk or lib/undici.cjs).
set -euo pipefail

cd "$(dirname "$0")/.."

tmp="$(mktemp -d "${TMPDIR:-/tmp}/check-dist.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

built="$tmp/dist"
bash scripts/bundle.sh "$built"

stale=0
broken=0

if [ ! -d dist ]; then
  echo "dist/ is missing."
  stale=1
elif ! differences="$(diff -rq dist "$built")"; then
  echo "These files differ between the committed dist/ and a fresh build:"
  printf '%s\n' "$differences" | sed "s#$built#(fresh build)#g; s/^/  /"
  stale=1
fi

# ncc turns a module it cannot resolve into a webpackMissingModule stub or into
# eval("require")("name"), which throws "require is not defined in ES module scope" when it
# runs. Check every JS file: an unresolvable dynamic import lands in a NNN.index.js chunk, not
# in index.js.
for pattern in 'webpackMissingModule' 'eval("require")'; do
  if hits="$(grep -rlF --include='*.js' --include='*.cjs' "$pattern" "$built")"; then
    echo "The bundle contains $pattern (a module ncc could not resolve) in:"
    printf '%s\n' "$hits" | sed "s#^$built#  dist#"
    broken=1
  fi
done

if [ "$broken" -ne 0 ]; then
  echo "The bundle is broken: make every import resolvable by ncc (see above), then rebuild."
fi
if [ "$stale" -ne 0 ]; then
  # shellcheck disable=SC2016 # the backticks are meant literally
  echo 'dist/ is out of date: run `npm run bundle` and commit dist/'
fi
if [ "$stale" -ne 0 ] || [ "$broken" -ne 0 ]; then
  exit 1
fi

echo "dist/ is up to date ($(find dist -type f | wc -l | tr -d ' ') files)."
