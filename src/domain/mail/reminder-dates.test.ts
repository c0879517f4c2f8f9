import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { parseGovUkBankHolidays } from '../calendar/bank-holidays.js'
import { calendarDate as d } from '../calendar/calendar-date.js'
import { WorkingDayCalendar } from '../calendar/working-days.js'
import { reminderDue, weekStarting } from './reminder-dates.js'

// The shipped GOV.UK list (S22): Easter 2026 is Good Friday 3 April and Easter Monday 6 April.
const calendar = WorkingDayCalendar.fromBankHolidays(
  parseGovUkBankHolidays(
    JSON.parse(
      readFileSync(
        new URL('../calendar/bank-holidays-england-and-wales.json', import.meta.url),
        'utf8',
      ),
    ) as unknown,
  ),
)

describe('reminderDue (issue 10, working days by S21)', () => {
  // Due Thursday 9 April 2026. Counting back over Easter: 2 working days
  // before is Tuesday 7 April (Monday 6 is Easter Monday); 10 working days
  // before is Tuesday 24 March (Good Friday and Easter Monday are skipped).
  const dueOn = d('2026-04-09')

  it('sends nothing before the first reminder day', () => {
    assert.equal(reminderDue(dueOn, d('2026-03-23'), calendar), null)
  })

  it('sends the 10-working-day reminder from its day, skipping bank holidays', () => {
    assert.deepEqual(reminderDue(dueOn, d('2026-03-24'), calendar), {
      kind: 'before',
      workingDays: 10,
    })
    // Easter Monday is not a working day: still the 10-day reminder.
    assert.deepEqual(reminderDue(dueOn, d('2026-04-06'), calendar), {
      kind: 'before',
      workingDays: 10,
    })
  })

  it('sends the 2-working-day reminder from its day until the due date', () => {
    for (const today of ['2026-04-07', '2026-04-08', '2026-04-09']) {
      assert.deepEqual(
        reminderDue(dueOn, d(today), calendar),
        { kind: 'before', workingDays: 2 },
        today,
      )
    }
  })

  it('counts back over a weekend', () => {
    // Due Monday 15 June 2026: 2 working days before is Thursday 11 June, 10 is Monday 1 June.
    const monday = d('2026-06-15')
    assert.equal(reminderDue(monday, d('2026-05-29'), calendar), null)
    assert.deepEqual(reminderDue(monday, d('2026-06-01'), calendar), {
      kind: 'before',
      workingDays: 10,
    })
    assert.deepEqual(reminderDue(monday, d('2026-06-10'), calendar), {
      kind: 'before',
      workingDays: 10,
    })
    assert.deepEqual(reminderDue(monday, d('2026-06-11'), calendar), {
      kind: 'before',
      workingDays: 2,
    })
    assert.deepEqual(reminderDue(monday, d('2026-06-13'), calendar), {
      kind: 'before',
      workingDays: 2,
    })
  })

  it('is overdue from the day after the due date, a new week every 7 days', () => {
    assert.deepEqual(reminderDue(dueOn, d('2026-04-10'), calendar), { kind: 'overdue', week: 0 })
    assert.deepEqual(reminderDue(dueOn, d('2026-04-16'), calendar), { kind: 'overdue', week: 0 })
    assert.deepEqual(reminderDue(dueOn, d('2026-04-17'), calendar), { kind: 'overdue', week: 1 })
    assert.deepEqual(reminderDue(dueOn, d('2026-05-01'), calendar), { kind: 'overdue', week: 3 })
  })

  it('takes configured working days in any order', () => {
    assert.deepEqual(reminderDue(dueOn, d('2026-04-02'), calendar, [1, 5]), {
      kind: 'before',
      workingDays: 5,
    })
    assert.equal(reminderDue(dueOn, d('2026-03-24'), calendar, [1, 5]), null)
    assert.deepEqual(reminderDue(dueOn, d('2026-04-08'), calendar, [5, 1]), {
      kind: 'before',
      workingDays: 1,
    })
  })
})

describe('weekStarting', () => {
  it('is the Monday of the week', () => {
    assert.equal(weekStarting(d('2026-06-10')), '2026-06-08')
    assert.equal(weekStarting(d('2026-06-08')), '2026-06-08')
    assert.equal(weekStarting(d('2026-06-14')), '2026-06-08')
    assert.equal(weekStarting(d('2027-01-01')), '2026-12-28')
  })
})
