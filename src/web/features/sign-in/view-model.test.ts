import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { signedOutNotice } from './view-model.js'

describe('signed-out notice', () => {
  const limits = { idleMinutes: 30, absoluteHours: 12 }

  it('says why the person was signed out, with the configured times', () => {
    assert.equal(
      signedOutNotice('idle', limits),
      'You were signed out after 30 minutes of inactivity',
    )
    assert.equal(
      signedOutNotice('absolute', { idleMinutes: 1, absoluteHours: 1 }),
      'You were signed out because you had been signed in for 1 hour',
    )
    assert.equal(
      signedOutNotice('idle', { idleMinutes: 1, absoluteHours: 1 }),
      'You were signed out after 1 minute of inactivity',
    )
  })

  it('shows nothing for anything else in the address', () => {
    for (const value of [undefined, '', 'IDLE', ['idle'], '<script>']) {
      assert.equal(signedOutNotice(value, limits), null)
    }
  })
})
