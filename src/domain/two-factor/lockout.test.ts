import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isLockedAt, lockedUntil, lockoutDurationMs } from './lockout.js'

const MINUTE = 60 * 1000

describe('account lockout back-off', () => {
  it('does not lock for the first four failures', () => {
    for (const failures of [0, 1, 2, 3, 4]) assert.equal(lockoutDurationMs(failures), 0)
  })

  it('locks for a minute at the fifth, doubling each further failure, up to an hour', () => {
    assert.deepEqual(
      [5, 6, 7, 8, 9, 10, 11, 12, 50, 1_000_000].map((failures) => lockoutDurationMs(failures)),
      [1, 2, 4, 8, 16, 32, 60, 60, 60, 60].map((minutes) => minutes * MINUTE),
    )
  })

  it('counts the lock from the failure that caused it', () => {
    const at = new Date('2026-01-05T09:00:00Z')
    assert.equal(lockedUntil(4, at), null)
    assert.equal(lockedUntil(5, at)?.toISOString(), '2026-01-05T09:01:00.000Z')
    assert.equal(lockedUntil(7, at)?.toISOString(), '2026-01-05T09:04:00.000Z')
  })

  it('is locked strictly before the end time', () => {
    const until = '2026-01-05T09:01:00.000Z'
    assert.equal(isLockedAt(until, new Date('2026-01-05T09:00:59.999Z')), true)
    assert.equal(isLockedAt(until, new Date(until)), false)
    assert.equal(isLockedAt(null, new Date('2026-01-05T09:00:00.000Z')), false)
  })
})
