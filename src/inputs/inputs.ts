// Reads an action's inputs from the runner (INPUT_<NAME> variables) as raw strings.
import * as core from '@actions/core'

export function readInputs<Name extends string>(names: readonly Name[]): Record<Name, string> {
  return Object.fromEntries(names.map((name) => [name, core.getInput(name)])) as Record<
    Name,
    string
  >
}
