import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { FieldError } from '../errors.js'
import { foldText, originalSpan } from './folded-text.js'
import { isValidNhsNumber } from './nhs-number.js'
import { readTermDate, readTermsJson } from './terms.js'

describe('terms for the redaction check', () => {
  it('reads a JSON array of kinds and values', () => {
    const errors: FieldError[] = []
    const terms = readTermsJson(
      JSON.stringify([
        { kind: 'name', value: ' Jayden Okafor ' },
        { kind: 'date', value: '3 March 2019' },
        { kind: 'postcode', value: 'se15 4qr' },
      ]),
      errors,
    )
    assert.deepEqual(errors, [])
    assert.deepEqual(terms, [
      { kind: 'name', value: 'Jayden Okafor' },
      { kind: 'date', value: '3 March 2019' },
      { kind: 'postcode', value: 'se15 4qr' },
    ])
  })

  const refused: [string, string, RegExp][] = [
    ['not JSON', '{', /JSON array/],
    ['not an array', '{"kind":"name"}', /JSON array/],
    ['empty', '[]', /at least one/],
    ['an unknown kind', '[{"kind":"colour","value":"red"}]', /kind of detail/],
    ['an empty value', '[{"kind":"name","value":"  "}]', /Enter the detail/],
    ['an impossible date', '[{"kind":"date","value":"2019-02-30"}]', /real date/],
    ['half a postcode', '[{"kind":"postcode","value":"SE15"}]', /full UK postcode/],
    ['a control character', '[{"kind":"name","value":"a\\u0000b"}]', /single line/],
  ]
  for (const [what, input, message] of refused) {
    it(`refuses ${what} without repeating the value`, () => {
      const errors: FieldError[] = []
      assert.equal(readTermsJson(input, errors), null)
      assert.match(errors[0]?.message ?? '', message)
      assert.match(errors[0]?.field ?? '', /^terms/)
      assert.doesNotMatch(errors[0]?.message ?? '', /red|SE15/)
    })
  }

  it('reads dates in UK forms', () => {
    assert.equal(readTermDate('03/03/2019'), '2019-03-03')
    assert.equal(readTermDate('3.3.2019'), '2019-03-03')
    assert.equal(readTermDate('3rd March 2019'), '2019-03-03')
    assert.equal(readTermDate('3 Sept 2019'), '2019-09-03')
    assert.equal(readTermDate('31/02/2019'), null)
  })
})

describe('the NHS number check digit', () => {
  it('accepts numbers whose modulus 11 check digit is right', () => {
    assert.equal(isValidNhsNumber('943 476 5919'), true)
    assert.equal(isValidNhsNumber('4010232137'), true)
  })
  it('refuses a wrong check digit, a check digit of 10, and the wrong length', () => {
    assert.equal(isValidNhsNumber('9434765918'), false)
    assert.equal(isValidNhsNumber('0000000060'), false)
    assert.equal(isValidNhsNumber('943476591'), false)
  })
})

describe('folded text', () => {
  it('folds accents, apostrophes, white space and line-end hyphens, and remembers the original places', () => {
    const original = 'Zoë’s  Oka-\n  for'
    const folded = foldText(original)
    assert.equal(folded.text, "Zoe's Okafor")
    const start = folded.text.indexOf('Okafor')
    const span = originalSpan(folded, start, start + 'Okafor'.length)
    assert.equal(original.slice(span.start, span.end), 'Oka-\n  for')
  })
})
