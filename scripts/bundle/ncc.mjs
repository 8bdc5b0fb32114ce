// The ncc build of scripts/bundle.sh, and the same build for other entries (npm run bench builds
// its floor, a bare SDK create, with it).
//
//   node scripts/bundle/ncc.mjs ENTRY OUTDIR   ncc's build of ENTRY into OUTDIR, undici made lazy
//
// What `ncc build ENTRY -o OUTDIR --license licenses.txt --target es2022` does, through ncc's Node
// API so that packages resolve through their "module" field first (the API's mainFields; the CLI
// has no flag for it). The AWS SDK packages without an "exports" map then come as ES modules that
// webpack can tree-shake (they declare "sideEffects": false) instead of CommonJS files evaluated
// whole: a smaller index.js that starts faster (docs/benchmarks.md). The build fails if the
// Personalize client comes as CommonJS, so an ncc that drops the option cannot undo this silently.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { lazyPackage } from './lazy.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')

/** Builds `entry` (a path) into `outdir`: index.js, its chunks and licenses.txt. */
export async function nccBuild(entry, outdir) {
  const ncc = createRequire(join(root, 'package.json'))('@vercel/ncc')
  const { code, assets, symlinks } = await ncc(resolve(entry), {
    license: 'licenses.txt',
    target: 'es2022',
    quiet: true,
    mainFields: ['module', 'main']
  })
  const client = 'node_modules/@aws-sdk/client-personalize/'
  if (code.includes(client) && !code.includes(`${client}dist-es/`)) {
    throw new Error('ncc ignored mainFields: @aws-sdk/client-personalize is not an ES module')
  }
  const write = (name, data, mode) => {
    const path = join(outdir, name)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, data, { mode })
  }
  write('index.js', code, 0o666)
  for (const [name, asset] of Object.entries(assets)) write(name, asset.source, asset.permissions)
  for (const [name, target] of Object.entries(symlinks ?? {}))
    symlinkSync(target, join(outdir, name))
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [entry, outdir] = process.argv.slice(2)
  try {
    await nccBuild(entry, outdir)
    lazyPackage(outdir, 'undici')
  } catch (error) {
    console.error(`bundle.sh: ${error.message}`)
    process.exit(1)
  }
}
