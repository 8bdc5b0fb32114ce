// The README quotes the pipeline example whole; npm run check:action checks the file
// (docs/examples/pipeline.yml) and the README's copy, and this keeps the two one text.
import { expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './runner.js'

it('quotes docs/examples/pipeline.yml in the README unchanged', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const quoted = /<!-- pipeline:start -->\n\n```yaml\n([\s\S]*?)```\n\n<!-- pipeline:end -->/.exec(
    readme
  )?.[1]
  expect(quoted).toBe(readFileSync(join(ROOT, 'docs/examples/pipeline.yml'), 'utf8'))
})

it('shows a first snippet that works on a new dataset (FULL) and the job summary picture', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const firstScreen = readme.slice(0, readme.indexOf('\n## '))
  expect(firstScreen).toMatch(/```yaml\n[\s\S]*import-mode: FULL[\s\S]*```/)
  expect(firstScreen).not.toContain('INCREMENTAL\n')
  expect(firstScreen).toContain('](docs/job-summary.png)')
})
