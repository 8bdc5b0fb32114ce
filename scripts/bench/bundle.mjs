// Size of dist/ and an estimate of which packages fill it.
//
// ncc (webpack) writes each CommonJS module as `/***/ NNNN:` followed by its source, with
// require() calls rewritten to __nccwpck_require__(id) and no path. ES modules it concatenates
// under `// CONCATENATED MODULE: ./path` comments, and `// EXTERNAL MODULE: ./path` comments name
// some numbered modules. The numbered modules are attributed by fingerprint: every line of 30 or
// more characters in the files of the runtime dependencies (the dependency closure of
// package.json's "dependencies") is indexed by package, a line found in two packages is dropped,
// and each module goes to the package whose lines cover most of its characters.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'

const MIN_LINE = 30
const SOURCE_EXT = /\.(c|m)?js$|\.json$/
export const GLUE = 'webpack runtime and glue'
export const OURS = 'the action (src/)'
export const UNKNOWN = 'not attributed'

/** Every file under dir, recursively. */
function walk(dir, skip = () => false) {
  const out = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (skip(entry.name, path)) continue
    if (entry.isDirectory()) out.push(...walk(path, skip))
    else if (entry.isFile()) out.push(path)
  }
  return out
}

/** Node-style lookup of a package directory from `fromDir`. */
function resolvePackage(root, fromDir, name) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return candidate
    if (dir === root || dir === dirname(dir)) return null
  }
}

/** Package name -> directories, for the closure of the root's runtime dependencies. */
function runtimeClosure(root) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const seen = new Map()
  const queue = Object.keys(pkg.dependencies ?? {}).map((name) => [root, name])
  while (queue.length) {
    const [from, name] = queue.shift()
    const dir = resolvePackage(root, from, name)
    if (!dir || [...seen.values()].some((dirs) => dirs.includes(dir))) continue
    seen.set(name, [...(seen.get(name) ?? []), dir])
    const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    for (const dep of Object.keys({ ...meta.dependencies, ...meta.optionalDependencies }))
      queue.push([dir, dep])
  }
  return seen
}

function buildIndex(root) {
  const index = new Map()
  const closure = runtimeClosure(root)
  for (const [name, dirs] of closure) {
    for (const dir of dirs) {
      const files = walk(dir, (n) => n === 'node_modules').filter(
        (f) => SOURCE_EXT.test(f) && !f.endsWith('.d.ts')
      )
      for (const file of files) {
        for (const raw of readFileSync(file, 'utf8').split('\n')) {
          const line = raw.trim()
          if (line.length < MIN_LINE) continue
          const known = index.get(line)
          if (known === undefined) index.set(line, name)
          else if (known !== name) index.set(line, '')
        }
      }
    }
  }
  return { index, packages: closure.size }
}

/** @ name/sub or name from a ./node_modules/... path. */
export function packageOf(path) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)
  if (m) return m[1]
  if (/^\.\/src\//.test(path)) return OURS
  return GLUE
}

/** Splits one bundle file into owned spans: { owner, bytes, lines } with owner a module or path. */
function spans(text) {
  const out = []
  let current = { owner: GLUE, lines: [] }
  const push = () => current.lines.length && out.push(current)
  const externals = new Map()
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    let m
    if ((m = /^\/\*\*\*\/ (\d+):$/.exec(line))) {
      push()
      current = { owner: `#${m[1]}`, lines: [] }
    } else if ((m = /^;?\/\/ CONCATENATED MODULE: (.*)$/.exec(line))) {
      push()
      const path = m[1].trim()
      current = { owner: path.startsWith('external ') ? GLUE : packageOf(path), lines: [] }
    } else if ((m = /^\/\/ EXTERNAL MODULE: (\S+)/.exec(line))) {
      const id = /__nccwpck_require__\((\d+)\)/.exec(lines[i + 1] ?? '')?.[1]
      if (id && m[1].startsWith('./node_modules/')) externals.set(`#${id}`, packageOf(m[1]))
    } else if (/^\/\*{6}\//.test(line)) {
      push()
      current = { owner: GLUE, lines: [] }
    }
    current.lines.push(line)
  }
  push()
  return { spans: out, externals }
}

/**
 * @param {string} root repository root (its node_modules are indexed)
 * @param {string} distDir the bundle; file paths in the result are relative to it
 */
export function analyseBundle(root, distDir) {
  const files = walk(distDir)
    .map((f) => ({ path: relative(distDir, f), bytes: statSync(f).size }))
    .sort((a, b) => b.bytes - a.bytes)
  const total = files.reduce((a, f) => a + f.bytes, 0)
  const { index, packages } = buildIndex(root)
  const byPackage = new Map()
  let jsBytes = 0
  let fingerprinted = 0
  let matchedChars = 0
  let fingerprintChars = 0
  let fileShares = new Map()
  const add = (name, bytes) => {
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytes)
    fileShares.set(name, (fileShares.get(name) ?? 0) + bytes)
  }
  for (const f of files) {
    fileShares = new Map()
    f.top = fileShares
    if (!/\.c?js$/.test(f.path)) {
      add(f.path.endsWith('licenses.txt') ? 'licenses.txt' : GLUE, f.bytes)
      continue
    }
    const text = readFileSync(join(distDir, f.path), 'utf8')
    jsBytes += f.bytes
    const { spans: parts, externals } = spans(text)
    for (const part of parts) {
      const bytes = Buffer.byteLength(part.lines.join('\n')) + 1
      if (!part.owner.startsWith('#')) {
        add(part.owner, bytes)
        continue
      }
      const votes = new Map()
      let chars = 0
      for (const raw of part.lines) {
        const line = raw.trim()
        chars += line.length
        const name = line.length >= MIN_LINE ? index.get(line) : undefined
        if (name) votes.set(name, (votes.get(name) ?? 0) + line.length)
      }
      const best = [...votes].sort((a, b) => b[1] - a[1])[0]
      const owner = best?.[0] ?? externals.get(part.owner) ?? UNKNOWN
      fingerprinted++
      fingerprintChars += chars
      matchedChars += best?.[1] ?? 0
      add(owner, bytes)
    }
  }
  for (const f of files) {
    const [name, bytes] = [...f.top].sort((a, b) => b[1] - a[1])[0] ?? [GLUE, f.bytes]
    f.top = { name, bytes }
  }
  const ranked = [...byPackage].map(([name, bytes]) => ({ name, bytes }))
  ranked.sort((a, b) => b.bytes - a.bytes)
  const families = new Map()
  for (const { name, bytes } of ranked) {
    const family = /^@aws-sdk\/|^@smithy\/|^@actions\//.test(name)
      ? `${name.split('/')[0]}/*`
      : name
    families.set(family, (families.get(family) ?? 0) + bytes)
  }
  return {
    files,
    total,
    jsBytes,
    packages: ranked,
    families: [...families]
      .map(([name, bytes]) => ({ name, bytes }))
      .sort((a, b) => b.bytes - a.bytes),
    method: {
      indexedPackages: packages,
      numberedModules: fingerprinted,
      matchedShare: fingerprintChars ? matchedChars / fingerprintChars : 0
    }
  }
}
