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
# lib/index.js gets undici made lazy (both below).
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

# What `ncc build ENTRY -o OUTDIR --license licenses.txt --target es2022` does, through ncc's
# Node API so that packages resolve through their "module" field first (the API's mainFields;
# the CLI has no flag for it). The AWS SDK packages without an "exports" map then come as ES
# modules that webpack can tree-shake (they declare "sideEffects": false) instead of CommonJS
# files evaluated whole: a smaller index.js that starts faster (docs/benchmarks.md). The build
# fails if the client still comes as CommonJS, so an ncc that drops the option cannot undo this
# silently.
ncc() {
  node --input-type=module - "$1" "$2" <<'EOF'
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'

const [entry, outdir] = process.argv.slice(2)
const ncc = createRequire(join(process.cwd(), 'package.json'))('@vercel/ncc')
const { code, assets, symlinks } = await ncc(resolve(entry), {
  license: 'licenses.txt',
  target: 'es2022',
  quiet: true,
  mainFields: ['module', 'main']
})
if (!code.includes('node_modules/@aws-sdk/client-personalize/dist-es/')) {
  console.error('bundle.sh: ncc ignored mainFields: @aws-sdk/client-personalize is not an ES module')
  process.exit(1)
}
const write = (name, data, mode) => {
  const path = join(outdir, name)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, data, { mode })
}
write('index.js', code, 0o666)
for (const [name, asset] of Object.entries(assets)) write(name, asset.source, asset.permissions)
for (const [name, target] of Object.entries(symlinks ?? {})) symlinkSync(target, join(outdir, name))
EOF
  lazy_undici "$2/index.js"
}

# Evaluate undici only when something uses it. @actions/core imports it through its OIDC client
# (@actions/http-client), which these actions never call; only @actions/github's proxy support
# uses it. Evaluating it at start-up costs time and memory on every run (docs/benchmarks.md).
# ncc cannot make a static import lazy, so the one line where the bundle requires undici becomes
# a Proxy that requires it when a property is first read (the bundle only reads its exports, as
# undici.ProxyAgent or undici.fetch). The build fails unless that line is found exactly once, so a
# new ncc or package version cannot undo this silently or half-apply it.
lazy_undici() {
  perl -0777 -i -pe '
    my $n = 0 + s{^(// EXTERNAL MODULE: \S*node_modules/undici/index\.js)\nvar (\w+) = __nccwpck_require__\((\d+)\);$}
             {$1, required on first use (scripts/bundle.sh)\nvar $2 = new Proxy({}, { get: (_, key) => __nccwpck_require__($3)[key] });}mg;
    die "bundle.sh: expected the line that requires undici once in $ARGV, found it $n times\n"
      unless $n == 1;
  ' "$1"
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
