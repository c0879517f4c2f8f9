import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { parseGovUkBankHolidays } from '../calendar/bank-holidays.js'
import { calendarDate } from '../calendar/calendar-date.js'
import { WorkingDayCalendar } from '../calendar/working-days.js'
import {
  notificationDueOn,
  panelCopyDueOn,
  publishedUntilAtLeast,
  rapidReviewDueOn,
  readClock,
  reviewTargetOn,
} from './deadlines.js'
import { DEFAULT_STATUTORY_PERIODS } from './periods.js'

const holidays = parseGovUkBankHolidays(
  JSON.parse(
    readFileSync(
      new URL('../calendar/bank-holidays-england-and-wales.json', import.meta.url),
      'utf8',
    ),
  ),
)
const calendar = WorkingDayCalendar.fromBankHolidays(holidays)
const periods = DEFAULT_STATUTORY_PERIODS.WT2018
const d = calendarDate

describe('statutory deadlines', () => {
  it('S3/S21: aware Thursday 21 Dec 2023 → notification due Tuesday 2 Jan 2024', () => {
    assert.equal(notificationDueOn(d('2023-12-21'), calendar, periods), '2024-01-02')
  })

  it('S6: rapid review due 15 working days after becoming aware', () => {
    // 21 Dec 2023 + 15 WD, skipping 25, 26 Dec and 1 Jan.
    assert.equal(rapidReviewDueOn(d('2023-12-21'), calendar, periods), '2024-01-16')
  })

  it('S12: review target is 6 calendar months after the decision, clamped to month end', () => {
    assert.equal(reviewTargetOn(d('2024-08-31'), periods), '2025-02-28')
    assert.equal(reviewTargetOn(d('2024-01-15'), periods), '2024-07-15')
  })

  it('S16: the Panel copy is due 7 working days before publication', () => {
    // Publication Wednesday 10 Apr 2024; Easter Monday 1 Apr is a holiday.
    assert.equal(panelCopyDueOn(d('2024-04-10'), calendar, periods), '2024-03-28')
  })

  it('S15: published for at least 12 months', () => {
    assert.equal(publishedUntilAtLeast(d('2024-02-29'), periods), '2025-02-28')
  })

  it('reads a clock as on track, due soon, overdue, met or late', () => {
    const due = d('2024-01-16')
    assert.equal(readClock(due, null, d('2024-01-08'), calendar).status, 'on-track')
    assert.deepEqual(readClock(due, null, d('2024-01-12'), calendar), {
      dueOn: due,
      status: 'due-soon',
      workingDaysLeft: 2,
    })
    assert.equal(readClock(due, null, d('2024-01-16'), calendar).status, 'due-soon')
    const overdue = readClock(due, null, d('2024-01-18'), calendar)
    assert.equal(overdue.status, 'overdue')
    assert.equal(overdue.workingDaysLeft, -2)
    assert.equal(readClock(due, d('2024-01-16'), d('2024-02-01'), calendar).status, 'met')
    assert.equal(readClock(due, d('2024-01-17'), d('2024-02-01'), calendar).status, 'late')
  })
})
