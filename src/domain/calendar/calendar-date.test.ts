import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  addCalendarDays,
  addCalendarMonths,
  calendarDate,
  calendarYear,
  compareDates,
  dayOfWeek,
  daysBetween,
  isValidCalendarDate,
  isWeekend,
  parseCalendarDate,
} from './calendar-date.js'

const d = calendarDate

// Day numbers for 1900-01-01 … 2199-12-31, to draw random dates from.
const DAY_1900 = -25_567
const DAY_2199 = 84_005

/** Reference formatter built on Date's own UTC calendar, to cross-check ours. */
function isoFromDayNumber(dayNumber: number): string {
  return new Date(dayNumber * 86_400_000).toISOString().slice(0, 10)
}

const anyDayNumber = fc.integer({ min: DAY_1900, max: DAY_2199 })

describe('parseCalendarDate', () => {
  it('accepts real dates and returns the same text', () => {
    for (const text of ['2023-12-21', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31']) {
      assert.equal(parseCalendarDate(text), text)
    }
  })

  it('rejects impossible dates', () => {
    for (const text of [
      '2023-02-30',
      '2023-02-29', // not a leap year
      '1900-02-29', // century, not a leap year
      '2023-04-31',
      '2023-13-01',
      '2023-00-10',
      '2023-01-00',
      '2023-01-32',
    ]) {
      assert.equal(parseCalendarDate(text), null, text)
    }
  })

  it('rejects wrong formats', () => {
    for (const text of [
      '',
      'abc',
      '2023-2-3',
      '2023-02-3',
      '23-02-03',
      '20230203',
      '2023/02/03',
      '03-02-2023',
      ' 2023-02-03',
      '2023-02-03 ',
      '2023-02-03\n',
      '2023-02-03T00:00:00Z',
      '+02023-02-03',
      '２０２３-02-03', // full-width digits
    ]) {
      assert.equal(parseCalendarDate(text), null, JSON.stringify(text))
    }
  })

  it('round-trips every date Date itself can write', () => {
    fc.assert(
      fc.property(anyDayNumber, (dayNumber) => {
        const text = isoFromDayNumber(dayNumber)
        assert.equal(parseCalendarDate(text), text)
      }),
    )
  })
})

describe('isValidCalendarDate', () => {
  it('accepts only valid date strings', () => {
    assert.equal(isValidCalendarDate('2024-02-29'), true)
    assert.equal(isValidCalendarDate('2023-02-30'), false)
    assert.equal(isValidCalendarDate(20240229), false)
    assert.equal(isValidCalendarDate(null), false)
    assert.equal(isValidCalendarDate(new Date('2024-02-29')), false)
  })
})

describe('calendarDate', () => {
  it('throws a RangeError naming the bad text', () => {
    assert.throws(() => calendarDate('2023-02-30'), {
      name: 'RangeError',
      message: /"2023-02-30"/,
    })
  })
})

describe('addCalendarDays', () => {
  it('crosses month, year and leap-day boundaries', () => {
    assert.equal(addCalendarDays(d('2023-12-31'), 1), '2024-01-01')
    assert.equal(addCalendarDays(d('2024-01-01'), -1), '2023-12-31')
    assert.equal(addCalendarDays(d('2024-02-28'), 1), '2024-02-29')
    assert.equal(addCalendarDays(d('2023-02-28'), 1), '2023-03-01')
    assert.equal(addCalendarDays(d('2024-03-01'), -366), '2023-03-01')
    assert.equal(addCalendarDays(d('2023-06-15'), 0), '2023-06-15')
  })

  it('is not affected by British Summer Time changes', () => {
    // Clocks change on these Sundays; a local-time implementation can skip or repeat a day.
    assert.equal(addCalendarDays(d('2023-03-25'), 1), '2023-03-26')
    assert.equal(addCalendarDays(d('2023-03-26'), 1), '2023-03-27')
    assert.equal(addCalendarDays(d('2023-10-28'), 1), '2023-10-29')
    assert.equal(addCalendarDays(d('2023-10-29'), 1), '2023-10-30')
  })

  it('handles years below 100 without the Date.UTC 19xx trap', () => {
    assert.equal(addCalendarDays(d('0099-12-31'), 1), '0100-01-01')
    assert.equal(addCalendarDays(d('0050-03-01'), -1), '0050-02-28')
  })

  it('refuses fractional or non-finite offsets and results beyond year 9999', () => {
    assert.throws(() => addCalendarDays(d('2023-01-01'), 1.5), RangeError)
    assert.throws(() => addCalendarDays(d('2023-01-01'), Number.NaN), RangeError)
    assert.throws(() => addCalendarDays(d('9999-12-31'), 1), RangeError)
    assert.throws(() => addCalendarDays(d('0000-01-01'), -1), RangeError)
  })

  it('agrees with Date arithmetic on random dates', () => {
    fc.assert(
      fc.property(anyDayNumber, fc.integer({ min: -1000, max: 1000 }), (dayNumber, days) => {
        const start = d(isoFromDayNumber(dayNumber))
        assert.equal(addCalendarDays(start, days), isoFromDayNumber(dayNumber + days))
      }),
    )
  })
})

describe('addCalendarMonths', () => {
  it('clamps to the last day of a shorter month', () => {
    assert.equal(addCalendarMonths(d('2023-08-31'), 6), '2024-02-29') // leap year
    assert.equal(addCalendarMonths(d('2022-08-31'), 6), '2023-02-28')
    assert.equal(addCalendarMonths(d('2023-01-31'), 1), '2023-02-28')
    assert.equal(addCalendarMonths(d('2023-03-31'), 1), '2023-04-30')
    assert.equal(addCalendarMonths(d('2024-03-31'), -1), '2024-02-29')
    assert.equal(addCalendarMonths(d('2024-02-29'), 12), '2025-02-28')
  })

  it('keeps the day of the month when it exists', () => {
    assert.equal(addCalendarMonths(d('2023-12-15'), 1), '2024-01-15')
    assert.equal(addCalendarMonths(d('2024-01-15'), -1), '2023-12-15')
    assert.equal(addCalendarMonths(d('2023-02-28'), 6), '2023-08-28')
    assert.equal(addCalendarMonths(d('2023-05-10'), -17), '2021-12-10')
    assert.equal(addCalendarMonths(d('2023-05-10'), 0), '2023-05-10')
  })

  it('refuses fractional offsets and results beyond year 9999', () => {
    assert.throws(() => addCalendarMonths(d('2023-01-31'), 0.5), RangeError)
    assert.throws(() => addCalendarMonths(d('9999-12-01'), 1), RangeError)
  })

  it('always lands in the target month, never past it', () => {
    fc.assert(
      fc.property(anyDayNumber, fc.integer({ min: -240, max: 240 }), (dayNumber, months) => {
        const start = d(isoFromDayNumber(dayNumber))
        const result = addCalendarMonths(start, months)
        const startMonthIndex = calendarYear(start) * 12 + Number(start.slice(5, 7)) - 1
        const resultMonthIndex = calendarYear(result) * 12 + Number(result.slice(5, 7)) - 1
        assert.equal(resultMonthIndex - startMonthIndex, months)
        assert.ok(Number(result.slice(8, 10)) <= Number(start.slice(8, 10)))
      }),
    )
  })
})

describe('dayOfWeek and isWeekend', () => {
  it('uses ISO numbering, Monday = 1 … Sunday = 7', () => {
    assert.equal(dayOfWeek(d('2024-01-01')), 1) // Monday
    assert.equal(dayOfWeek(d('2023-12-21')), 4) // Thursday
    assert.equal(dayOfWeek(d('2023-12-23')), 6) // Saturday
    assert.equal(dayOfWeek(d('2023-12-24')), 7) // Sunday
    assert.equal(dayOfWeek(d('1970-01-01')), 4) // Thursday, the epoch
    assert.equal(dayOfWeek(d('1969-12-31')), 3) // Wednesday, before the epoch
  })

  it('calls only Saturday and Sunday the weekend', () => {
    assert.equal(isWeekend(d('2023-12-22')), false)
    assert.equal(isWeekend(d('2023-12-23')), true)
    assert.equal(isWeekend(d('2023-12-24')), true)
    assert.equal(isWeekend(d('2023-12-25')), false) // a bank holiday, but not a weekend
  })

  it('agrees with Date.getUTCDay on random dates', () => {
    fc.assert(
      fc.property(anyDayNumber, (dayNumber) => {
        const jsDay = new Date(dayNumber * 86_400_000).getUTCDay()
        assert.equal(dayOfWeek(d(isoFromDayNumber(dayNumber))) % 7, jsDay)
      }),
    )
  })
})

describe('compareDates and daysBetween', () => {
  it('orders dates and sorts an array', () => {
    assert.equal(compareDates(d('2023-12-31'), d('2024-01-01')), -1)
    assert.equal(compareDates(d('2024-01-01'), d('2023-12-31')), 1)
    assert.equal(compareDates(d('2024-01-01'), d('2024-01-01')), 0)
    const sorted = [d('2024-01-02'), d('2023-12-31'), d('2024-01-01')].sort(compareDates)
    assert.deepEqual(sorted, ['2023-12-31', '2024-01-01', '2024-01-02'])
  })

  it('counts signed calendar days', () => {
    assert.equal(daysBetween(d('2023-12-21'), d('2024-01-02')), 12)
    assert.equal(daysBetween(d('2024-01-02'), d('2023-12-21')), -12)
    assert.equal(daysBetween(d('2024-01-01'), d('2025-01-01')), 366)
    assert.equal(daysBetween(d('2024-01-01'), d('2024-01-01')), 0)
  })

  it('is the inverse of addCalendarDays and agrees with compareDates', () => {
    fc.assert(
      fc.property(anyDayNumber, fc.integer({ min: -5000, max: 5000 }), (dayNumber, days) => {
        const start = d(isoFromDayNumber(dayNumber))
        const end = addCalendarDays(start, days)
        assert.equal(daysBetween(start, end), days)
        assert.equal(compareDates(start, end), days > 0 ? -1 : days < 0 ? 1 : 0)
      }),
    )
  })
})
