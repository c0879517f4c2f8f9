import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  formatUkDate,
  formatUkDateTime,
  formatUkTime,
  formatWallClockTime,
  govukTimeOfDay,
} from './uk-time.js'

describe('GOV.UK style times in UK time (issue 8)', () => {
  it('writes midnight and midday as words', () => {
    assert.equal(govukTimeOfDay(0, 0), 'midnight')
    assert.equal(govukTimeOfDay(12, 0), 'midday')
  })

  it('writes the minutes after midnight as 12:32am, never 0:32 am', () => {
    assert.equal(govukTimeOfDay(0, 32), '12:32am')
    assert.equal(formatUkTime('2026-01-15T00:32:00Z'), '12:32am')
  })

  it('uses am and pm with no space, and leaves out :00', () => {
    assert.equal(govukTimeOfDay(9, 5), '9:05am')
    assert.equal(govukTimeOfDay(12, 30), '12:30pm')
    assert.equal(govukTimeOfDay(15, 5), '3:05pm')
    assert.equal(govukTimeOfDay(10, 0), '10am')
    assert.equal(govukTimeOfDay(23, 59), '11:59pm')
  })

  it('reads GMT in winter: UTC and UK time agree', () => {
    assert.equal(formatUkTime('2026-12-07T15:05:00Z'), '3:05pm')
    assert.equal(formatUkTime('2026-12-07T12:00:00Z'), 'midday')
    assert.equal(formatUkTime('2026-12-07T00:00:00Z'), 'midnight')
  })

  it('reads BST in summer: an hour ahead of UTC', () => {
    assert.equal(formatUkTime('2026-06-10T11:00:00Z'), 'midday')
    assert.equal(formatUkTime('2026-06-10T23:00:00Z'), 'midnight')
    assert.equal(formatUkTime('2026-06-10T23:32:00Z'), '12:32am')
    // Half past midnight BST is still the day before in UTC: the date is the UK one.
    assert.equal(formatUkDate('2026-06-10T23:30:00Z'), '11 June 2026')
  })

  it('follows the clocks going forward and back (last Sundays of March and October)', () => {
    // 29 March 2026: 1am GMT becomes 2am BST.
    assert.equal(formatUkTime('2026-03-29T00:59:00Z'), '12:59am')
    assert.equal(formatUkTime('2026-03-29T01:00:00Z'), '2am')
    // 25 October 2026: 2am BST becomes 1am GMT, so 1:30am happens twice.
    assert.equal(formatUkTime('2026-10-25T00:30:00Z'), '1:30am')
    assert.equal(formatUkTime('2026-10-25T01:30:00Z'), '1:30am')
    assert.equal(formatUkTime('2026-10-25T02:00:00Z'), '2am')
  })

  it('writes a date and time together', () => {
    assert.equal(formatUkDateTime('2026-06-10T14:05:00Z'), '10 June 2026 at 3:05pm')
    assert.equal(formatUkDateTime(new Date('2026-12-31T23:59:00Z')), '31 December 2026 at 11:59pm')
  })

  it('gives nothing for a timestamp that cannot be read', () => {
    assert.equal(formatUkTime('not a time'), '')
    assert.equal(formatUkDateTime('not a time'), '')
  })

  it('writes a 24-hour wall-clock time (a chronology entry) in the same words', () => {
    assert.equal(formatWallClockTime('09:30'), '9:30am')
    assert.equal(formatWallClockTime('17:05'), '5:05pm')
    assert.equal(formatWallClockTime('00:00'), 'midnight')
    assert.equal(formatWallClockTime('12:00'), 'midday')
    assert.equal(formatWallClockTime('00:32'), '12:32am')
    assert.equal(formatWallClockTime('25:00'), '25:00')
    assert.equal(formatWallClockTime(''), '')
  })
})
