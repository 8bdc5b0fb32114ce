// The names the wait action reads and writes are the ones wait/action.yml declares, both ways.
import { expect, it } from '@jest/globals'
import { WAIT_INPUT_NAMES, WAIT_OUTPUT_NAMES } from '../../../src/wait/names.js'
import { declaredNames } from '../fixtures.js'

it('reads and writes the inputs and outputs wait/action.yml declares', () => {
  expect(declaredNames('wait/action.yml')).toEqual({
    inputs: [...WAIT_INPUT_NAMES].sort(),
    outputs: [...WAIT_OUTPUT_NAMES].sort()
  })
})
