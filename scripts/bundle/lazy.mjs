// Takes a CommonJS package out of ncc's entry chunk: its modules move to OUTDIR/<package>.cjs,
// which index.js requires only when one of them is first required, and the places that import the
// package at load time get a Proxy that requires it when one of its exports is first read.
//
// Why: @actions/core imports undici (934 KB, about 45 % of index.js) through its OIDC client
// (@actions/http-client), and @actions/github imports it for its proxy support; a run of these
// actions never calls either, but every start parsed and evaluated it (docs/benchmarks.md). What
// uses it still works: core.getIDToken or a proxy reads an export, and the file is required then.
//
// ncc (webpack) writes each CommonJS module as `/***/ ID:` and its factory in the module map of
// index.js; the map is a plain object, so a moved factory is a getter that requires the new file.
// Moving is always correct (every module stays reachable by its id); which modules move only
// decides what start-up still parses: the package's modules, found from its main module through
// the require calls, less those required anywhere else (another package shares them) and those that
// need the scope of index.js (import.meta, the ESM require). Each step fails the build when the
// bundle is not shaped as expected, so a new ncc or package version cannot undo this silently.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const REQUIRE = /__(?:nccwpck|webpack)_require__\((\d+)\)/g
// Where webpack names a module by its id: a require call, or a bound require for an import().
const REQUIRER = String.raw`__(?:nccwpck|webpack)_require__(?:\(|(?:\.\w+)?\.bind\(\w+, )`
const MODULE = /^\/\*\*\*\/ (\d+):$/gm
const MAP_START = '/******/ var __webpack_modules__ = ({\n'
const MAP_END = '\n/******/ });\n'

function fail(message) {
  throw new Error(`lazy ${message}`)
}

/** The module map of index.js: its bounds and each module's id and text. */
function moduleMap(code) {
  const start = code.indexOf(MAP_START)
  const end = code.indexOf(MAP_END, start)
  if (start < 0 || end < 0) fail('index.js has no webpack module map')
  const body = code.slice(start + MAP_START.length, end)
  const heads = [...body.matchAll(MODULE)]
  const modules = heads.map((m, i) => ({
    id: m[1],
    text: body.slice(m.index, heads[i + 1]?.index ?? body.length).trimEnd()
  }))
  return { start: start + MAP_START.length, end, modules }
}

/** `var NAME = require(ID);` at load time becomes a Proxy that requires ID on first read. */
function proxyImports(code, id, file) {
  const line = new RegExp(
    `^(var|const) (\\w+) = (__(?:nccwpck|webpack)_require__)\\(${id}\\);$`,
    'gm'
  )
  let count = 0
  const out = code.replace(line, (_, kind, name, require) => {
    count++
    // A Proxy with a get trap serves property reads only: refuse the name passed as a value
    // (an interop helper such as __importStar(name) or __nccwpck_require__.n(name), a spread).
    const other = new RegExp(`(?:[(,]\\s*|\\.\\.\\.)${name}\\s*[),]`)
    if (other.test(code))
      fail(`${file}: ${name} (module ${id}) is used other than by reading an export`)
    return `${kind} ${name} = new Proxy({}, { get: (_, key) => ${require}(${id})[key] });`
  })
  return { code: out, count }
}

/**
 * Moves package `pkg` out of `outdir`/index.js into `outdir`/`pkg`.cjs and makes its imports lazy
 * in index.js and in every chunk.
 */
export function lazyPackage(outdir, pkg) {
  const mainFile = join(outdir, 'index.js')
  let main = readFileSync(mainFile, 'utf8')
  const external = new RegExp(
    `^// EXTERNAL MODULE: \\S*node_modules/${pkg}/index\\.js\\n(?:var|const) \\w+ = __nccwpck_require__\\((\\d+)\\);$`,
    'gm'
  )
  const found = [...main.matchAll(external)]
  if (found.length !== 1)
    fail(
      `${pkg}: expected the line that requires ${pkg} once in index.js, found it ${found.length} times`
    )
  const rootId = found[0][1]

  const { start, end, modules } = moduleMap(main)
  const byId = new Map(modules.map((m) => [m.id, m]))
  if (!byId.has(rootId)) fail(`${pkg}: module ${rootId} is not in the module map of index.js`)
  // The package: what its main module requires, transitively.
  const inPackage = new Set([rootId])
  for (const id of inPackage) {
    for (const [, dep] of byId.get(id)?.text.matchAll(REQUIRE) ?? []) inPackage.add(dep)
  }
  // Shared or scope-bound modules stay, and so does everything they require.
  const chunks = readdirSync(outdir).filter((n) => n !== 'index.js' && /\.m?js$/.test(n))
  const outside = [
    main.slice(0, start),
    main.slice(end),
    ...modules.filter((m) => !inPackage.has(m.id)).map((m) => m.text),
    ...chunks.map((n) => readFileSync(join(outdir, n), 'utf8'))
  ].join('\n')
  const stays = new Set(
    [...inPackage].filter(
      (id) =>
        !byId.has(id) ||
        (id !== rootId && new RegExp(`${REQUIRER}${id}\\b`).test(outside)) ||
        /import\.meta|__WEBPACK_EXTERNAL_/.test(byId.get(id).text)
    )
  )
  for (const id of stays) {
    for (const [, dep] of byId.get(id)?.text.matchAll(REQUIRE) ?? []) stays.add(dep)
  }
  if (stays.has(rootId))
    fail(`${pkg}: its main module ${rootId} is required by a module that stays`)
  const moved = modules.filter((m) => inPackage.has(m.id) && !stays.has(m.id))

  const file = `${pkg}.cjs`
  writeFileSync(
    join(outdir, file),
    `// ${pkg}'s modules, moved out of index.js by scripts/bundle/lazy.mjs: index.js requires this\n` +
      `// file when one of them is first required.\nmodule.exports = {\n\n` +
      moved.map((m) => `${m.text.replace(/\}\),?$/, '})')},\n\n`).join('') +
      '};\n'
  )
  const kept = modules.filter((m) => !moved.includes(m))
  const ids = moved.map((m) => m.id).join(',')
  main =
    main.slice(0, start) +
    kept.map((m) => m.text.replace(/\}\),?$/, '}),')).join('\n\n') +
    MAP_END +
    `// ${pkg}'s modules are in ./${file}, required when one of them is first required.\n` +
    `for (const id of [${ids}]) Object.defineProperty(__webpack_modules__, id, { configurable: true, enumerable: true, get: () => __WEBPACK_EXTERNAL_createRequire(import.meta.url)("./${file}")[id] });\n` +
    main.slice(end + MAP_END.length)

  let proxies = 0
  for (const name of ['index.js', ...chunks]) {
    const path = join(outdir, name)
    const { code, count } = proxyImports(
      name === 'index.js' ? main : readFileSync(path, 'utf8'),
      rootId,
      name
    )
    proxies += count
    if (name === 'index.js') main = code
    else if (count) writeFileSync(path, code)
  }
  if (proxies === 0) fail(`${pkg}: no import of module ${rootId} found to make lazy`)
  writeFileSync(mainFile, main)
  return { moved: moved.length, proxies }
}
