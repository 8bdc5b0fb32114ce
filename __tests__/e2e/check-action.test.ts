// The check behind `npm run check:action`, run on copies of this repository's action files with
// one broken workflow or README example each: it must fail with exactly the problem it found.
import { afterEach, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { NODES, ROOT } from './runner.js'

interface CheckRun {
  code: number
  stdout: string
  stderr: string
}

function check(dir: string): Promise<CheckRun> {
  return checkFiles(ROOT, [dir])
}

/** The check run from `cwd` on `paths`, without the CI's GITHUB_REPOSITORY. */
function checkFiles(cwd: string, paths: string[]): Promise<CheckRun> {
  const env = { ...process.env, GITHUB_REPOSITORY: '' }
  return new Promise((done) =>
    execFile(
      NODES[0][1],
      [join(ROOT, 'scripts/check-action.mjs'), ...paths],
      { cwd, env },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
    )
  )
}

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A checkout with this repository's action.yml files, package.json and README. */
function checkout(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'check-action-'))
  dirs.push(dir)
  for (const file of ['action.yml', 'wait/action.yml', 'package.json', 'README.md'])
    cpSync(join(ROOT, file), join(dir, file))
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true })
    writeFileSync(join(dir, file), text)
  }
  return dir
}

const HEAD = 'name: t\non: push\npermissions:\n  contents: read\n'
const workflow = (steps: string) =>
  `${HEAD}jobs:\n  import:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`

describe('check-action', () => {
  it('passes this repository', async () => {
    const run = await check(ROOT)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(
      /^check-action: OK: action\.yml, wait\/action\.yml, 5 workflow\(s\) and \d+ README workflow\(s\) pass GitHub's parser and language service, actionlint and the input check; README\.md mentions all \d+ inputs and \d+ outputs; action\.yml and wait\/action\.yml meet the Marketplace's metadata rules\n$/
    )
  })

  it('fails a workflow GitHub would reject, with the parser message and line', async () => {
    const run = await check(
      checkout({
        '.github/workflows/broken.yml':
          'name: broken\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ step.x }}\n'
      })
    )
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        ".github/workflows/broken.yml:6: Unrecognized named-value: 'step' [error]",
        '.github/workflows/broken.yml:1: Required property is missing: on [error]',
        '.github/workflows/broken.yml:1: "on" section is missing in workflow [actionlint syntax-check]',
        '.github/workflows/broken.yml:6: undefined variable "step". available variables are "env", "github", "inputs", "job", "matrix", "needs", "runner", "secrets", "steps", "strategy", "vars" [actionlint expression]',
        'check-action: 4 problem(s)',
        ''
      ].join('\n')
    })
  })

  it('fails an unknown input and an undeclared output', async () => {
    const run = await check(
      checkout({
        '.github/workflows/inputs.yml': workflow(
          [
            '      - id: users',
            '        uses: our-org/personalize-dataset-import@v1',
            '        with:',
            '          dataset-arn: arn:aws:personalize:us-east-1:123456789012:dataset/retail/USERS',
            '          wait-for-it: false',
            '      - uses: ./wait',
            '        with:',
            '          timeout: 3h',
            '      - run: echo "${{ steps.users.outputs.arn }}"',
            ''
          ].join('\n')
        )
      })
    )
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        '.github/workflows/inputs.yml:9: job import, step users: input "wait-for-it" is not declared by our-org/personalize-dataset-import@v1',
        '.github/workflows/inputs.yml:9: job import, step users: output "arn" is not declared by our-org/personalize-dataset-import@v1',
        '.github/workflows/inputs.yml:14: job import, step 2: input "timeout" is not declared by ./wait',
        'check-action: 3 problem(s)',
        ''
      ].join('\n')
    })
  })

  it('fails a README example that is a fragment, or assumes a role without id-token: write', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const lines = readme.split('\n').length
    const fragment = [
      '```yaml',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: aws-actions/configure-aws-credentials@v6',
      '        with:',
      '          role-to-assume: arn:aws:iam::123456789012:role/github-personalize',
      '          aws-region: us-east-1',
      '```',
      ''
    ].join('\n')
    const run = await check(checkout({ 'README.md': `${readme}\n${fragment}` }))
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        `README.md:${lines + 2}: Required property is missing: on [error]`,
        `README.md:${lines + 2}: "on" section is missing in workflow [actionlint syntax-check]`,
        `README.md:${lines + 6}: job a, step 1: configure-aws-credentials assumes a role through OIDC, but the workflow does not grant "permissions: id-token: write"`,
        'check-action: 3 problem(s)',
        ''
      ].join('\n')
    })
  })

  it("checks a README workflow copied into a repository without an action.yml against this repository's actions", async () => {
    // The wait action's README: its last example waits in a later job.
    const readme = readFileSync(join(ROOT, 'wait/README.md'), 'utf8')
    const copied = [...readme.matchAll(/^```yaml\n([\s\S]*?)^```/gm)]
      .map((m) => m[1])
      .filter((block) => /^jobs:/m.test(block))
      .at(-1)!
    const user = (text: string) => {
      const dir = mkdtempSync(join(tmpdir(), 'check-action-user-'))
      dirs.push(dir)
      mkdirSync(join(dir, '.github/workflows'), { recursive: true })
      writeFileSync(join(dir, '.github/workflows/import.yml'), text)
      return dir
    }
    const ok = await check(user(copied))
    expect(ok.stderr).toBe('')
    expect(ok.code).toBe(0)
    expect(ok.stdout).toMatch(
      /, 1 workflow\(s\) and 0 README workflow\(s\) pass .* the steps are checked against \S*action\.yml\n$/
    )
    const typo = copied.replace('wait-timeout: 3h\n', 'wait-timout: 3h\n')
    const index = typo
      .split('\n')
      .findIndex((l) => l.includes('uses: our-org/personalize-dataset-import/wait@'))
    const uses = /uses: (\S+)/.exec(typo.split('\n')[index])![1]
    const run = await check(user(typo))
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        `.github/workflows/import.yml:${index + 1}: job train, step 2: input "wait-timout" is not declared by ${uses}`,
        'check-action: 1 problem(s)',
        ''
      ].join('\n')
    })
  })

  it('fails an action.yml outside the schema, and an input the README does not mention', async () => {
    const dir = checkout()
    const wait = readFileSync(join(dir, 'wait/action.yml'), 'utf8')
    writeFileSync(
      join(dir, 'wait/action.yml'),
      wait
        .replace('using: node24', 'using: node99')
        .replace('inputs:\n', 'inputs:\n  secret-knob:\n    description: x\n')
    )
    const line = wait.split('\n').findIndex((l) => l.includes('using: node24')) + 3
    const run = await check(dir)
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        `wait/action.yml:${line}: Unexpected value 'node99' [error]`,
        'README.md does not mention input "secret-knob" of wait/action.yml',
        'check-action: 2 problem(s)',
        ''
      ].join('\n')
    })
  })

  it('checks the files it is given: a typo under any published name, on runs-on: ubuntu-24.04', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-action-files-'))
    dirs.push(dir)
    const step = (mode: string) =>
      `${HEAD}jobs:\n  import:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: acme/renamed-import@0123456789abcdef0123456789abcdef01234567\n        with:\n          dataset-arn: arn:aws:personalize:us-east-1:123456789012:dataset/retail/USERS\n          data-source: s3://retail-data/users/\n          ${mode}: FULL\n`
    writeFileSync(join(dir, 'typo.yml'), step('import-mod'))
    writeFileSync(join(dir, 'good.yml'), step('import-mode'))
    writeFileSync(join(dir, 'doc.md'), `# Example\n\n\`\`\`yaml\n${step('import-mode')}\`\`\`\n`)
    const typo = await checkFiles(dir, ['typo.yml'])
    expect(typo).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        `typo.yml:9: job import, step 1: input "import-mod" is not declared by acme/renamed-import@0123456789abcdef0123456789abcdef01234567`,
        'check-action: 1 problem(s)',
        ''
      ].join('\n')
    })
    const good = await checkFiles(dir, ['good.yml', 'doc.md'])
    expect(good).toEqual({
      code: 0,
      stdout: `check-action: OK: good.yml, doc.md (1 workflow(s)) pass GitHub's parser and language service, actionlint and the input check; the steps are checked against ${relative(dir, join(ROOT, 'action.yml'))}\n`,
      stderr: ''
    })
  })

  it('says it checked nothing, with exit 1, when given nothing it can check', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-action-none-'))
    dirs.push(dir)
    writeFileSync(join(dir, 'notes.md'), '# Notes\n\n```yaml\nname: a fragment\n```\n')
    expect(await checkFiles(dir, ['notes.md', 'missing.yml'])).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        'check-action: checked no files: notes.md missing.yml',
        'missing.yml: no such file',
        'notes.md: no ```yaml block with jobs: to check',
        ''
      ].join('\n')
    })
    expect(await checkFiles(dir, ['.'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'check-action: checked no files: . has no action.yml, no .github/workflows/*.yml and no README.md workflow\n'
    })
  })

  it('fails an action.yml the Marketplace would refuse: description of 125 characters, unknown icon and colour, no author', async () => {
    const dir = checkout()
    const action = readFileSync(join(dir, 'action.yml'), 'utf8')
    writeFileSync(
      join(dir, 'action.yml'),
      action
        .replace(/^description: >-\n {2}.*\n/m, `description: ${'d'.repeat(125)}\n`)
        .replace(/^author: .*\n/m, '')
        .replace('icon: upload-cloud', 'icon: coffee')
        .replace('color: orange', 'color: pink')
    )
    const run = await check(dir)
    expect(run.stdout).toBe('')
    expect(run.stderr.split('\n').filter((l) => !/\[error\]$/.test(l))).toEqual([
      'action.yml: description has 125 characters; the Marketplace takes fewer than 125',
      'action.yml: author is missing (the Marketplace page names it)',
      `action.yml: branding.icon "coffee" is not one of the Marketplace's Feather icons (see the branding-icon values of @actions/workflow-parser's action schema)`,
      'action.yml: branding.color "pink" is not one of white, yellow, blue, green, orange, red, purple, gray-dark',
      expect.stringMatching(/^check-action: \d+ problem\(s\)$/),
      ''
    ])
    expect(run.code).toBe(1)
  })
})
