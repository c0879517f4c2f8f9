import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { FieldError } from '../errors.js'
import {
  DISCLOSURE_REASON_MAX_LENGTH,
  isUnlocked,
  readDisclosureReason,
  unlockUntil,
} from './identity-disclosure.js'

const IDENTITY = [
  'Zebedee Quartermaine',
  '2017-05-09',
  '99 Nowhere Lane',
  'LA-REF-777123',
  // An NHS number, stored as its ten digits.
  '9434765919',
]

function read(value: unknown): { reason: string | null; errors: FieldError[] } {
  const errors: FieldError[] = []
  return { reason: readDisclosureReason(value, IDENTITY, errors), errors }
}

describe('the reason for showing identifying details', () => {
  it('accepts 10 to 500 characters of plain text, trimmed', () => {
    assert.equal(read('  To complete the Panel form  ').reason, 'To complete the Panel form')
    assert.equal(read('x'.repeat(10)).reason, 'x'.repeat(10))
    assert.equal(read('x'.repeat(DISCLOSURE_REASON_MAX_LENGTH)).reason?.length, 500)
  })

  it('refuses empty, too short, too long, not text and control characters, on the reason field', () => {
    for (const value of [
      '',
      '   ',
      'too short',
      'x'.repeat(501),
      42,
      ['a'],
      'Reason\u0000here ok',
    ]) {
      const { reason, errors } = read(value)
      assert.equal(reason, null, JSON.stringify(value))
      assert.equal(errors.length, 1)
      assert.equal(errors[0]?.field, 'reason')
    }
    assert.match(read('').errors[0]?.message ?? '', /Enter why/)
    assert.match(read('short').errors[0]?.message ?? '', /10 characters or more/)
    assert.match(read('x'.repeat(501)).errors[0]?.message ?? '', /500 characters or fewer/)
  })

  it('refuses a reason that repeats an identity value (any case), without echoing it', () => {
    const { reason, errors } = read('Checking the file for zebedee quartermaine today')
    assert.equal(reason, null)
    assert.ok(!errors[0]?.message.toLowerCase().includes('zebedee'))
    assert.equal(read('Matching LA-REF-777123 with the court papers').reason, null)
    // The NHS number however it is written.
    for (const written of ['9434765919', '943 476 5919', '943-476-5919']) {
      const refused = read(`Checking NHS ${written} with the hospital`)
      assert.equal(refused.reason, null, written)
      assert.match(refused.errors[0]?.message ?? '', /NHS number/)
      assert.ok(!refused.errors[0]?.message.includes('5919'))
    }
    // Other numbers are ordinary words in a reason.
    assert.equal(
      read('Call 943 476 5918 about the Panel form').reason,
      'Call 943 476 5918 about the Panel form',
    )
    // Markup is only text here: the pages escape it.
    assert.equal(read('<script>alert(1)</script>').reason, '<script>alert(1)</script>')
  })

  it('an unlock lasts 15 minutes, for one incident', () => {
    const now = new Date('2024-03-01T10:00:00Z')
    const unlock = { incidentId: 'a', reason: 'r', until: unlockUntil(now) }
    assert.equal(unlock.until, '2024-03-01T10:15:00.000Z')
    assert.equal(isUnlocked(unlock, 'a', new Date('2024-03-01T10:14:59Z')), true)
    assert.equal(isUnlocked(unlock, 'a', new Date('2024-03-01T10:15:00Z')), false)
    assert.equal(isUnlocked(unlock, 'b', now), false)
    assert.equal(isUnlocked(null, 'a', now), false)
  })
})
