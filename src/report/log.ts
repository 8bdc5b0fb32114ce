// Everything the action hands the runner goes through here, and only what is exported here
// (`import * as core from './log.js'`): log lines and annotations are escaped so that text from
// outside cannot start a workflow command, and a step output or job summary that cannot be
// written is a warning, never the step's failure (an ACTIVE import is a success).
import * as core from '@actions/core'
import { appendFileSync } from 'node:fs'
import { escapeLog } from './escape.js'

export function info(message: string): void {
  core.info(escapeLog(message))
}

export function warning(message: string, properties?: core.AnnotationProperties): void {
  core.warning(escapeLog(message), properties)
}

export function error(message: string, properties?: core.AnnotationProperties): void {
  core.error(escapeLog(message), properties)
}

export function setFailed(message: string): void {
  core.setFailed(escapeLog(message))
}

let outputsLost = false

export function setOutput(name: string, value: string): void {
  try {
    core.setOutput(name, value)
  } catch (e) {
    // One warning: every later output fails the same way.
    if (outputsLost) return
    outputsLost = true
    warning(
      `Step output ${name} could not be written to GITHUB_OUTPUT (${(e as Error).message}); later steps will not see this step's outputs. The result is in this log.`,
      { title: 'Step outputs not written' }
    )
  }
}

/**
 * Appends to the job summary at once, synchronously: an entry point exits as soon as its run
 * returns, which would cut an asynchronous write short.
 */
export function appendSummary(markdown: string): void {
  const path = process.env.GITHUB_STEP_SUMMARY
  if (!path) return
  try {
    appendFileSync(path, markdown)
  } catch (e) {
    warning(
      `The job summary could not be written to GITHUB_STEP_SUMMARY (${(e as Error).message}). The result is in this log and the step outputs.`,
      { title: 'Job summary not written' }
    )
  }
}
