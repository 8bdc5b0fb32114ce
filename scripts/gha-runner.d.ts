import type { ChildProcess } from 'node:child_process'

export interface Annotation {
  level: 'error' | 'warning' | 'notice'
  title?: string
  message: string
}

export interface ActionRun {
  exitCode: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  annotations: Annotation[]
  workspace: string
  ms: number
}

export interface RunOptions {
  /** The bundled entry point, e.g. dist/index.js. */
  entry: string
  /** The action.yml whose input defaults the runner applies. */
  actionYml: string
  inputs: Record<string, string>
  /** Extra environment; undefined removes a variable. */
  env?: Record<string, string | undefined>
  /** Node binary; default: this process's. */
  node?: string
  /** Files to create in the workspace before the run. */
  files?: Record<string, string>
  onStart?: (child: ChildProcess, stdout: () => string) => void
  onStdout?: (chunk: string) => void
  /** Kill the process after this long (default 30 s). */
  timeoutMs?: number
}

export function actionDefaults(actionYml: string): Record<string, string>
export function runAction(o: RunOptions): Promise<ActionRun>
export function readOutputs(text: string): Record<string, string>
export function parseAnnotations(stdout: string): Annotation[]
