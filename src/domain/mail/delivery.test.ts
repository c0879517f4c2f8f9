import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  afterFailure,
  failureKindOf,
  FIRST_RETRY_MS,
  LONGEST_RETRY_MS,
  MAX_SEND_ATTEMPTS,
  retryDelayMs,
} from './delivery.js'

describe('retryDelayMs (exponential back-off)', () => {
  it('doubles from a minute', () => {
    assert.equal(retryDelayMs(1), FIRST_RETRY_MS)
    assert.equal(retryDelayMs(2), 2 * 60_000)
    assert.equal(retryDelayMs(3), 4 * 60_000)
    assert.equal(retryDelayMs(5), 16 * 60_000)
  })

  it('never waits more than six hours', () => {
    assert.equal(retryDelayMs(10), LONGEST_RETRY_MS)
    assert.equal(retryDelayMs(1000), LONGEST_RETRY_MS)
  })

  it('refuses a count that is not a whole number from 1', () => {
    assert.throws(() => retryDelayMs(0), RangeError)
    assert.throws(() => retryDelayMs(1.5), RangeError)
  })
})

describe('failureKindOf', () => {
  it('treats 5xx as permanent, 4xx and no answer as temporary', () => {
    assert.equal(failureKindOf(550), 'permanent')
    assert.equal(failureKindOf(554), 'permanent')
    assert.equal(failureKindOf(451), 'temporary')
    assert.equal(failureKindOf(421), 'temporary')
    assert.equal(failureKindOf(null), 'temporary')
    assert.equal(failureKindOf(undefined), 'temporary')
  })
})

describe('afterFailure', () => {
  const now = new Date('2026-06-10T12:00:00Z')

  it('queues a temporary failure again after the back-off', () => {
    assert.deepEqual(afterFailure(1, 'temporary', now), {
      status: 'queued',
      nextAttemptAt: new Date('2026-06-10T12:01:00Z'),
    })
    assert.deepEqual(afterFailure(3, 'temporary', now), {
      status: 'queued',
      nextAttemptAt: new Date('2026-06-10T12:04:00Z'),
    })
  })

  it('fails a permanent failure at once, and a temporary one after the last attempt', () => {
    assert.deepEqual(afterFailure(1, 'permanent', now), { status: 'failed' })
    assert.deepEqual(afterFailure(MAX_SEND_ATTEMPTS, 'temporary', now), { status: 'failed' })
    assert.equal(afterFailure(MAX_SEND_ATTEMPTS - 1, 'temporary', now).status, 'queued')
  })
})
