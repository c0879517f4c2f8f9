import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { readSignInForm, validateSignInForm } from './validation.js'

describe('sign-in form validation', () => {
  it('asks for both fields when empty', () => {
    const errors = validateSignInForm(readSignInForm({}))
    assert.deepEqual(
      errors.map((error) => error.field),
      ['email', 'password'],
    )
  })

  it('refuses a badly formed email address', () => {
    const errors = validateSignInForm({ email: 'not-an-email', password: 'x' })
    assert.match(errors[0]?.message ?? '', /correct format/)
  })

  it('ignores values that are not strings', () => {
    assert.deepEqual(readSignInForm({ email: ['a@b.c'], password: 42 }), {
      email: '',
      password: '',
    })
  })

  it('accepts a well formed email and password', () => {
    assert.deepEqual(validateSignInForm({ email: 'a@example.org', password: 'secret' }), [])
  })

  it('refuses an overlong password without hashing it', () => {
    const errors = validateSignInForm({ email: 'a@example.org', password: 'x'.repeat(257) })
    assert.equal(errors[0]?.field, 'password')
  })
})
