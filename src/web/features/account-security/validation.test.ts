import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { readEnrolmentForm, readPasswordForm, readTwoFactorSettingForm } from './validation.js'
import { accountNotice } from './view-model.js'

describe('account security forms', () => {
  it('keeps passwords exactly as typed, and ignores values that are not strings', () => {
    assert.deepEqual(readPasswordForm({ currentPassword: ' spaces ', newPassword: ['x'] }), {
      currentPassword: ' spaces ',
      newPassword: '',
    })
    assert.deepEqual(readPasswordForm(null), { currentPassword: '', newPassword: '' })
  })

  it('cuts a pasted essay short but leaves it long enough to be refused', () => {
    assert.equal(readEnrolmentForm({ code: 'x'.repeat(100_000) }).code.length, 101)
    assert.equal(readPasswordForm({ newPassword: 'x'.repeat(100_000) }).newPassword.length, 1001)
  })

  it('reads the setting as yes, no or unanswered, and the version as a whole number', () => {
    assert.deepEqual(readTwoFactorSettingForm({ requireForEveryone: 'yes', version: '3' }), {
      requireForEveryone: true,
      version: 3,
    })
    assert.deepEqual(readTwoFactorSettingForm({ requireForEveryone: 'maybe', version: '1.5' }), {
      requireForEveryone: null,
      version: null,
    })
    assert.equal(readTwoFactorSettingForm({ requireForEveryone: 'no' }).requireForEveryone, false)
  })

  it('turns only known ?done= values into a banner', () => {
    assert.match(accountNotice({ done: 'password' }) ?? '', /password has been changed/)
    assert.equal(
      accountNotice({ done: 'sessions', count: '1' }),
      '1 other session has been signed out.',
    )
    assert.equal(
      accountNotice({ done: 'sessions', count: '-1' }),
      'Your other sessions have been signed out.',
    )
    assert.equal(accountNotice({ done: '<script>' }), null)
    assert.equal(accountNotice(undefined), null)
  })
})
