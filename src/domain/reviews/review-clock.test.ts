import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { calendarDate } from '../calendar/calendar-date.js'
import { WorkingDayCalendar } from '../calendar/working-days.js'
import { DEFAULT_STATUTORY_PERIODS } from '../statutory/periods.js'
import { readReviewClock } from './review-clock.js'

const d = calendarDate
const calendar = new WorkingDayCalendar([
  d('2018-01-01'),
  d('2024-01-01'),
  d('2024-05-27'),
  d('2024-08-26'),
  d('2024-12-25'),
  d('2027-12-27'),
])
const periods = DEFAULT_STATUTORY_PERIODS.WT2018

describe('review target completion (S12, S18)', () => {
  it('S12: the target is the decision date + 6 months', () => {
    const clock = readReviewClock(
      { decisionOn: d('2024-01-10'), finalReportReceivedOn: null },
      periods,
      calendar,
      d('2024-03-01'),
    )
    assert.equal(clock?.dueOn, '2024-07-10')
    assert.equal(clock?.status, 'on-track')
  })

  it('uses the edition’s period setting, not a literal', () => {
    const clock = readReviewClock(
      { decisionOn: d('2024-01-31'), finalReportReceivedOn: null },
      { ...periods, reviewCompletionMonths: 9 },
      calendar,
      d('2024-03-01'),
    )
    assert.equal(clock?.dueOn, '2024-10-31')
  })

  it('is met or late once the final report is received', () => {
    assert.equal(
      readReviewClock(
        { decisionOn: d('2024-01-10'), finalReportReceivedOn: d('2024-07-10') },
        periods,
        calendar,
        d('2024-09-01'),
      )?.status,
      'met',
    )
    assert.equal(
      readReviewClock(
        { decisionOn: d('2024-01-10'), finalReportReceivedOn: d('2024-07-11') },
        periods,
        calendar,
        d('2024-09-01'),
      )?.status,
      'late',
    )
  })

  it('is overdue after the target and due soon within 2 working days', () => {
    const facts = { decisionOn: d('2024-01-10'), finalReportReceivedOn: null }
    assert.equal(readReviewClock(facts, periods, calendar, d('2024-07-11'))?.status, 'overdue')
    assert.equal(readReviewClock(facts, periods, calendar, d('2024-07-08'))?.status, 'due-soon')
  })

  it('S18: a legacy SCR older than the working-day calendar is still read (overdue, no day count)', () => {
    const clock = readReviewClock(
      { decisionOn: d('2016-03-01'), finalReportReceivedOn: null },
      DEFAULT_STATUTORY_PERIODS.WT2015,
      calendar,
      d('2024-03-01'),
    )
    assert.deepEqual(clock, { dueOn: '2016-09-01', status: 'overdue', workingDaysLeft: null })
  })

  it('has no target without a decision date', () => {
    assert.equal(
      readReviewClock(
        { decisionOn: null, finalReportReceivedOn: null },
        periods,
        calendar,
        d('2024-03-01'),
      ),
      null,
    )
  })
})
