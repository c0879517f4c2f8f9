import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ValidationError } from '../domain/errors.js'
import { checkPasswordRules, type PasswordOwner } from './passwords.js'

function refusal(
  password: string,
  owner: PasswordOwner = {},
  field?: string,
): { field: string; message: string } | null {
  try {
    checkPasswordRules(password, owner, field)
    return null
  } catch (error) {
    assert.ok(error instanceof ValidationError)
    const [first] = error.errors
    assert.ok(first)
    return first
  }
}

describe('password rules (NCSC)', () => {
  it('wants 12 to 256 characters and no particular mix of them', () => {
    assert.match(refusal('short pass')?.message ?? '', /12 characters or more/)
    assert.match(refusal('x'.repeat(257))?.message ?? '', /256 characters or fewer/)
    assert.equal(refusal('all lower case words'), null)
    assert.equal(refusal('x'.repeat(256)), null)
  })

  it('refuses common passwords from the deny-list, whatever their case', () => {
    for (const common of ['qwerty123456', 'QWERTY123456', '1qaz2wsx3edc', 'LeaveMeAlone']) {
      assert.match(refusal(common)?.message ?? '', /too common/, common)
    }
  })

  it('refuses the owner’s email address or name as the password', () => {
    const owner = { email: 'sam.jones.long@example.org', displayName: 'Samantha Jones-Long' }
    assert.match(refusal('Sam.Jones.Long@example.org', owner)?.message ?? '', /email address/)
    assert.match(refusal('samantha jones-long', owner)?.message ?? '', /your name/)
    assert.equal(refusal('samantha jones-long again', owner), null)
  })

  it('puts the message on the field the form asked for', () => {
    assert.equal(refusal('short', {}, 'newPassword')?.field, 'newPassword')
  })
})
