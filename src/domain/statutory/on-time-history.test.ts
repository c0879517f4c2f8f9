import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { calendarDate } from '../calendar/calendar-date.js'
import {
  bucketByMonthDue,
  monthsEndingWith,
  totalOutcomes,
  type CompletedDeadline,
} from './on-time-history.js'

const d = calendarDate

describe('monthsEndingWith', () => {
  it('gives 12 months ending with the current one, oldest first, across a year end', () => {
    assert.deepEqual(monthsEndingWith(d('2025-03-15'), 12), [
      '2024-04',
      '2024-05',
      '2024-06',
      '2024-07',
      '2024-08',
      '2024-09',
      '2024-10',
      '2024-11',
      '2024-12',
      '2025-01',
      '2025-02',
      '2025-03',
    ])
  })

  it('handles January and December at the edges', () => {
    assert.deepEqual(monthsEndingWith(d('2025-01-01'), 2), ['2024-12', '2025-01'])
    assert.deepEqual(monthsEndingWith(d('2024-12-31'), 1), ['2024-12'])
  })

  it('refuses a count that is not a positive whole number', () => {
    assert.throws(() => monthsEndingWith(d('2025-01-01'), 0), RangeError)
    assert.throws(() => monthsEndingWith(d('2025-01-01'), 1.5), RangeError)
  })
})

describe('bucketByMonthDue (dashboard chart: on time versus late)', () => {
  const today = d('2025-03-10')

  it('counts each completed deadline in the month it fell due, by kind', () => {
    const deadlines: CompletedDeadline[] = [
      // S3 due in March, met: counts in March even though done in February.
      { kind: 'notification', dueOn: d('2025-03-03'), outcome: 'met' },
      { kind: 'notification', dueOn: d('2025-02-28'), outcome: 'late' },
      { kind: 'rapid-review', dueOn: d('2025-02-03'), outcome: 'met' },
      { kind: 'review', dueOn: d('2024-04-30'), outcome: 'late' },
      // S16: the report sent to the Panel on time before a planned publication.
      { kind: 'publication-copy', dueOn: d('2024-04-02'), outcome: 'met' },
    ]
    const history = bucketByMonthDue(deadlines, today)
    assert.equal(history.length, 12)
    assert.equal(history[0]?.month, '2024-04')
    assert.equal(history[11]?.month, '2025-03')
    const byMonth = Object.fromEntries(history.map((month) => [month.month, month]))
    assert.deepEqual(
      { onTime: byMonth['2025-03']?.onTime, late: byMonth['2025-03']?.late },
      { onTime: 1, late: 0 },
    )
    assert.deepEqual(
      { onTime: byMonth['2025-02']?.onTime, late: byMonth['2025-02']?.late },
      { onTime: 1, late: 1 },
    )
    assert.deepEqual(byMonth['2025-02']?.byKind.notification, { onTime: 0, late: 1 })
    assert.deepEqual(byMonth['2025-02']?.byKind['rapid-review'], { onTime: 1, late: 0 })
    assert.deepEqual(byMonth['2024-04']?.byKind.review, { onTime: 0, late: 1 })
    assert.deepEqual(byMonth['2024-04']?.byKind['publication-copy'], { onTime: 1, late: 0 })
    assert.deepEqual(byMonth['2024-10'], {
      month: '2024-10',
      onTime: 0,
      late: 0,
      byKind: {
        notification: { onTime: 0, late: 0 },
        'rapid-review': { onTime: 0, late: 0 },
        review: { onTime: 0, late: 0 },
        'publication-copy': { onTime: 0, late: 0 },
      },
    })
  })

  it('leaves out deadlines due before the window or after this month', () => {
    const history = bucketByMonthDue(
      [
        { kind: 'notification', dueOn: d('2024-03-31'), outcome: 'late' },
        // A review target next month, already met early: not in the last 12 months.
        { kind: 'review', dueOn: d('2025-04-01'), outcome: 'met' },
      ],
      today,
    )
    assert.deepEqual(totalOutcomes(history), { onTime: 0, late: 0 })
  })

  it('property: every deadline due within the window is counted exactly once', () => {
    const window = monthsEndingWith(today, 12)
    const deadline = fc.record({
      kind: fc.constantFrom('notification' as const, 'rapid-review' as const, 'review' as const),
      dueOn: fc
        .date({
          min: new Date('2023-01-01T00:00:00Z'),
          max: new Date('2026-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((date) => d(date.toISOString().slice(0, 10))),
      outcome: fc.constantFrom('met' as const, 'late' as const),
    })
    fc.assert(
      fc.property(fc.array(deadline, { maxLength: 60 }), (deadlines) => {
        const history = bucketByMonthDue(deadlines, today)
        const inWindow = deadlines.filter((item) => window.includes(item.dueOn.slice(0, 7)))
        const total = totalOutcomes(history)
        assert.equal(total.onTime, inWindow.filter((item) => item.outcome === 'met').length)
        assert.equal(total.late, inWindow.filter((item) => item.outcome === 'late').length)
        for (const month of history) {
          const kinds = Object.values(month.byKind)
          assert.equal(
            month.onTime + month.late,
            kinds.reduce((sum, kind) => sum + kind.onTime + kind.late, 0),
          )
        }
      }),
    )
  })
})
