// The names the import action reads and writes are the ones action.yml declares, both ways.
import { expect, it } from '@jest/globals'
import { INPUT_NAMES, OUTPUT_NAMES } from '../../../src/import/names.js'
import { declaredNames } from '../fixtures.js'

it('reads and writes the inputs and outputs action.yml declares', () => {
  expect(declaredNames('action.yml')).toEqual({
    inputs: [...INPUT_NAMES].sort(),
    outputs: [...OUTPUT_NAMES].sort()
  })
})
