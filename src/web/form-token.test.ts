import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { FORM_TOKEN_FIELD, formTokenOf, newFormToken } from './form-token.js'

describe('one-time form tokens (issue 8)', () => {
  it('makes a different token each time, which reads back', () => {
    const first = newFormToken()
    const second = newFormToken()
    assert.notEqual(first, second)
    assert.equal(formTokenOf({ [FORM_TOKEN_FIELD]: first }), first)
  })

  it('ignores anything that is not one of its tokens', () => {
    assert.equal(formTokenOf({}), null)
    assert.equal(formTokenOf({ [FORM_TOKEN_FIELD]: 'short' }), null)
    assert.equal(formTokenOf({ [FORM_TOKEN_FIELD]: ['a', 'b'] }), null)
    assert.equal(formTokenOf({ [FORM_TOKEN_FIELD]: `${'a'.repeat(21)}'` }), null)
  })
})
