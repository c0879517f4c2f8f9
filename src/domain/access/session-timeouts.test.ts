import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sessionTimeout, shouldRecordActivity } from './session-timeouts.js'

const LIMITS = { idleMinutes: 30, absoluteHours: 12 }
const SIGNED_IN = '2026-01-05T08:00:00.000Z'

function at(iso: string): Date {
  return new Date(iso)
}

describe('session time-outs', () => {
  it('keeps a session used within the idle limit', () => {
    const times = { signedInAt: SIGNED_IN, lastActivityAt: '2026-01-05T09:00:00.000Z' }
    assert.equal(sessionTimeout(times, at('2026-01-05T09:29:59.000Z'), LIMITS), null)
  })

  it('ends a session left for the idle limit', () => {
    const times = { signedInAt: SIGNED_IN, lastActivityAt: '2026-01-05T09:00:00.000Z' }
    assert.equal(sessionTimeout(times, at('2026-01-05T09:30:00.000Z'), LIMITS), 'idle')
  })

  it('ends a busy session at the absolute limit', () => {
    const times = { signedInAt: SIGNED_IN, lastActivityAt: '2026-01-05T19:59:00.000Z' }
    assert.equal(sessionTimeout(times, at('2026-01-05T19:59:59.000Z'), LIMITS), null)
    assert.equal(sessionTimeout(times, at('2026-01-05T20:00:00.000Z'), LIMITS), 'absolute')
  })

  it('ends a session with no or garbled times rather than keeping it for ever', () => {
    assert.equal(sessionTimeout({}, at(SIGNED_IN), LIMITS), 'absolute')
    assert.equal(
      sessionTimeout({ signedInAt: 'yesterday', lastActivityAt: SIGNED_IN }, at(SIGNED_IN), LIMITS),
      'absolute',
    )
  })

  it('records activity at most once a minute', () => {
    const times = { signedInAt: SIGNED_IN, lastActivityAt: SIGNED_IN }
    assert.equal(shouldRecordActivity(times, at('2026-01-05T08:00:59.000Z')), false)
    assert.equal(shouldRecordActivity(times, at('2026-01-05T08:01:00.000Z')), true)
    assert.equal(shouldRecordActivity({}, at(SIGNED_IN)), true)
  })
})
