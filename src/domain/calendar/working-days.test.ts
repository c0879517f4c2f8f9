import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import type { CalendarDate } from './calendar-date.js'
import { addCalendarDays, calendarDate, daysBetween, isWeekend } from './calendar-date.js'
import { parseGovUkBankHolidays } from './bank-holidays.js'
import { OutsideCalendarError, WorkingDayCalendar } from './working-days.js'

const d = calendarDate

// The shipped GOV.UK list (S22), 2012–2027 (2012–2017 for legacy SCRs, S18).
const shippedHolidays = parseGovUkBankHolidays(
  JSON.parse(
    readFileSync(new URL('./bank-holidays-england-and-wales.json', import.meta.url), 'utf8'),
  ) as unknown,
)
const calendar = WorkingDayCalendar.fromBankHolidays(shippedHolidays)
const holidayDates = new Set<string>(shippedHolidays.map((holiday) => holiday.date))

const FIRST_KNOWN_DAY = d('2012-01-01')
const LAST_KNOWN_DAY = d('2027-12-31')
const KNOWN_SPAN = daysBetween(FIRST_KNOWN_DAY, LAST_KNOWN_DAY)

// An independent oracle for the property tests: every working day of 2012–2027 in
// order, worked out with Date rather than with the module under test.
const allWorkingDays: string[] = []
for (let offset = 0; offset <= KNOWN_SPAN; offset += 1) {
  const instant = new Date(Date.UTC(2012, 0, 1 + offset))
  const text = instant.toISOString().slice(0, 10)
  const weekday = instant.getUTCDay()
  if (weekday !== 0 && weekday !== 6 && !holidayDates.has(text)) allWorkingDays.push(text)
}

/**
 * Random days leaving `margin` calendar days of the known years on the side the
 * walk goes, so 200 working days cannot run off the calendar (200 working days
 * are under 300 calendar days even across Christmas).
 */
function knownDay(margin: { before: number; after: number }): fc.Arbitrary<CalendarDate> {
  return fc
    .integer({ min: margin.before, max: KNOWN_SPAN - margin.after })
    .map((offset) => addCalendarDays(FIRST_KNOWN_DAY, offset))
}
const MARGIN = 400
const workingDayWithRoomAfter = knownDay({ before: 0, after: MARGIN }).filter((date) =>
  calendar.isWorkingDay(date),
)
const anyDayWithRoomAfter = knownDay({ before: 0, after: MARGIN })
const anyDayWithRoomBefore = knownDay({ before: MARGIN, after: 0 })
const upTo200 = fc.integer({ min: 0, max: 200 })

function assertOutsideCalendar(action: () => unknown, expectedDate: string): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof OutsideCalendarError)
    assert.ok(error instanceof Error)
    assert.equal(error.name, 'OutsideCalendarError')
    assert.equal(error.date, expectedDate)
    assert.equal(error.firstYear, 2012)
    assert.equal(error.lastYear, 2027)
    assert.match(error.message, /2012–2027/)
    return true
  })
}

describe('WorkingDayCalendar built from the shipped GOV.UK list', () => {
  it('knows the years 2012 to 2027, from the earliest and latest holiday', () => {
    assert.equal(calendar.firstYear, 2012)
    assert.equal(calendar.lastYear, 2027)
    assert.equal(calendar.covers(d('2012-01-01')), true)
    assert.equal(calendar.covers(d('2027-12-31')), true)
    assert.equal(calendar.covers(d('2011-12-31')), false)
    assert.equal(calendar.covers(d('2028-01-01')), false)
  })

  it('treats every one-off bank holiday as a non-working day', () => {
    for (const oneOff of ['2020-05-08', '2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08']) {
      const date = d(oneOff)
      assert.equal(isWeekend(date), false, `${oneOff} is a weekday`)
      assert.equal(calendar.isWorkingDay(date), false, oneOff)
    }
  })

  it('treats substitute days as non-working days', () => {
    for (const substitute of [
      '2020-12-28',
      '2021-12-27',
      '2021-12-28',
      '2022-01-03',
      '2022-12-27',
      '2023-01-02',
      '2026-12-28',
      '2027-12-27',
      '2027-12-28',
    ]) {
      assert.equal(calendar.isWorkingDay(d(substitute)), false, substitute)
    }
  })

  it('treats every listed holiday as a non-working day', () => {
    assert.equal(shippedHolidays.length, 132)
    for (const holiday of shippedHolidays) {
      assert.equal(calendar.isWorkingDay(holiday.date), false, holiday.date)
    }
  })

  it('treats ordinary weekdays as working days and weekends as not', () => {
    assert.equal(calendar.isWorkingDay(d('2023-12-21')), true) // Thursday
    assert.equal(calendar.isWorkingDay(d('2023-12-22')), true) // Friday
    assert.equal(calendar.isWorkingDay(d('2023-12-23')), false) // Saturday
    assert.equal(calendar.isWorkingDay(d('2023-12-24')), false) // Sunday
    // The day the usual Spring bank holiday would have been in 2022 (moved to 2 June).
    assert.equal(calendar.isWorkingDay(d('2022-05-30')), true)
  })
})

describe('addWorkingDays', () => {
  it("follows S21's example: aware Thu 21 Dec 2023 + 5 working days = Tue 2 Jan 2024", () => {
    assert.equal(calendar.addWorkingDays(d('2023-12-21'), 5), '2024-01-02')
  })

  it('returns the date itself for 0, even on a weekend or bank holiday (day 0, S21)', () => {
    assert.equal(calendar.addWorkingDays(d('2023-12-23'), 0), '2023-12-23') // Saturday
    assert.equal(calendar.addWorkingDays(d('2023-12-25'), 0), '2023-12-25') // Christmas Day
    assert.equal(calendar.addWorkingDays(d('2023-12-21'), 0), '2023-12-21') // working day
  })

  it('counts from a weekend day 0 to the following working days', () => {
    assert.equal(calendar.addWorkingDays(d('2023-06-10'), 1), '2023-06-12') // Sat → Mon
    assert.equal(calendar.addWorkingDays(d('2023-06-11'), 1), '2023-06-12') // Sun → Mon
    // Sat 23 Dec 2023 + 5: 27, 28, 29 Dec, (1 Jan holiday) 2, 3 Jan.
    assert.equal(calendar.addWorkingDays(d('2023-12-23'), 5), '2024-01-03')
    // Rapid review (S6): 15 working days from a Sunday.
    assert.equal(calendar.addWorkingDays(d('2023-06-11'), 15), '2023-06-30')
  })

  it('skips one-off holidays', () => {
    assert.equal(calendar.addWorkingDays(d('2022-06-01'), 5), '2022-06-10') // Jubilee, 2–3 Jun
    assert.equal(calendar.addWorkingDays(d('2022-09-16'), 1), '2022-09-20') // State funeral
    assert.equal(calendar.addWorkingDays(d('2023-05-05'), 1), '2023-05-09') // Coronation
    assert.equal(calendar.addWorkingDays(d('2020-05-07'), 1), '2020-05-11') // VE day
  })

  it('crosses year ends, forwards and backwards', () => {
    assert.equal(calendar.addWorkingDays(d('2019-12-31'), 1), '2020-01-02') // 1 Jan holiday
    assert.equal(calendar.addWorkingDays(d('2021-12-31'), 1), '2022-01-04') // 3 Jan substitute
    assert.equal(calendar.addWorkingDays(d('2021-12-24'), 1), '2021-12-29') // 27–28 Dec substitutes
    assert.equal(calendar.addWorkingDays(d('2022-12-23'), 3), '2022-12-30')
    assert.equal(calendar.addWorkingDays(d('2020-01-02'), -1), '2019-12-31')
    assert.equal(calendar.addWorkingDays(d('2022-01-04'), -1), '2021-12-31')
    assert.equal(calendar.addWorkingDays(d('2024-01-02'), -5), '2023-12-21')
  })

  it('finds the latest date 7 working days before publication (S16)', () => {
    // Mon 8 Jan 2024: 5, 4, 3, 2 Jan, (1 Jan holiday, weekend) 29, 28, 27 Dec.
    assert.equal(calendar.addWorkingDays(d('2024-01-08'), -7), '2023-12-27')
    // Fri 12 May 2023: 11, 10, 9, (8 Coronation, weekend) 5, 4, 3, 2 May (1 May holiday).
    assert.equal(calendar.addWorkingDays(d('2023-05-12'), -7), '2023-05-02')
    // Publication on a Saturday: the Friday before is working day 1.
    assert.equal(calendar.addWorkingDays(d('2023-06-10'), -7), '2023-06-01')
  })

  it('refuses an offset that is not a whole number', () => {
    assert.throws(() => calendar.addWorkingDays(d('2023-06-12'), 1.5), RangeError)
    assert.throws(() => calendar.addWorkingDays(d('2023-06-12'), Number.NaN), RangeError)
    assert.throws(() => calendar.addWorkingDays(d('2023-06-12'), Infinity), RangeError)
  })
})

describe('nextWorkingDay', () => {
  it('is the first working day strictly after the date', () => {
    assert.equal(calendar.nextWorkingDay(d('2023-06-12')), '2023-06-13') // Mon → Tue
    assert.equal(calendar.nextWorkingDay(d('2023-12-22')), '2023-12-27') // over Christmas
    assert.equal(calendar.nextWorkingDay(d('2023-12-31')), '2024-01-02') // Sun, 1 Jan holiday
  })
})

describe('workingDaysBetween', () => {
  it('counts working days after `from` up to and including `to`', () => {
    assert.equal(calendar.workingDaysBetween(d('2023-12-21'), d('2024-01-02')), 5)
    assert.equal(calendar.workingDaysBetween(d('2023-12-21'), d('2023-12-22')), 1)
    assert.equal(calendar.workingDaysBetween(d('2023-12-22'), d('2023-12-26')), 0)
    assert.equal(calendar.workingDaysBetween(d('2023-06-10'), d('2023-06-12')), 1) // Sat → Mon
  })

  it('is 0 for the same day, whatever the day', () => {
    assert.equal(calendar.workingDaysBetween(d('2023-12-25'), d('2023-12-25')), 0)
    assert.equal(calendar.workingDaysBetween(d('2023-12-21'), d('2023-12-21')), 0)
  })

  it('is negative going backwards, counting `to` but not `from`', () => {
    assert.equal(calendar.workingDaysBetween(d('2024-01-02'), d('2023-12-21')), -5)
    assert.equal(calendar.workingDaysBetween(d('2024-01-08'), d('2023-12-27')), -7)
    // Mon back to Sat: only Sat and Sun are stepped onto, so 0 (and not -0).
    assert.equal(calendar.workingDaysBetween(d('2023-06-12'), d('2023-06-10')), 0)
    // Mon back to Fri: Fri is the one working day stepped onto.
    assert.equal(calendar.workingDaysBetween(d('2023-06-12'), d('2023-06-09')), -1)
  })
})

describe('dates outside the known years', () => {
  it('throws OutsideCalendarError from isWorkingDay, weekend or not', () => {
    assertOutsideCalendar(() => calendar.isWorkingDay(d('2011-12-29')), '2011-12-29')
    assertOutsideCalendar(() => calendar.isWorkingDay(d('2028-01-01')), '2028-01-01') // Saturday
    assertOutsideCalendar(() => calendar.isWorkingDay(d('2028-01-03')), '2028-01-03')
  })

  it('throws when a deadline would run past the last known year', () => {
    assertOutsideCalendar(() => calendar.addWorkingDays(d('2027-12-31'), 1), '2028-01-01')
    assertOutsideCalendar(() => calendar.nextWorkingDay(d('2027-12-31')), '2028-01-01')
    assertOutsideCalendar(() => calendar.addWorkingDays(d('2027-12-20'), 15), '2028-01-01')
  })

  it('throws when counting back runs before the first known year', () => {
    // 2 Jan 2012 is a holiday and 1 Jan a Sunday, so the walk reaches 31 Dec 2011.
    assertOutsideCalendar(() => calendar.addWorkingDays(d('2012-01-03'), -1), '2011-12-31')
  })

  it('throws from workingDaysBetween when the range leaves the known years', () => {
    assertOutsideCalendar(
      () => calendar.workingDaysBetween(d('2027-12-01'), d('2028-01-10')),
      '2028-01-01',
    )
    assertOutsideCalendar(
      () => calendar.workingDaysBetween(d('2012-01-10'), d('2011-12-01')),
      '2011-12-31',
    )
  })

  it('stops a huge offset at the edge of the calendar instead of looping', () => {
    assertOutsideCalendar(() => calendar.addWorkingDays(d('2023-06-12'), 1_000_000), '2028-01-01')
    assertOutsideCalendar(() => calendar.addWorkingDays(d('2023-06-12'), -1_000_000), '2011-12-31')
  })

  it('only looks up the days it steps onto, not the start date', () => {
    // Day 0 needs no lookup, so it is returned even outside the calendar.
    assert.equal(calendar.addWorkingDays(d('2030-06-01'), 0), '2030-06-01')
    assert.equal(calendar.workingDaysBetween(d('2030-06-01'), d('2030-06-01')), 0)
    // Sat 31 Dec 2011 + 1: steps onto 1 Jan (Sunday), 2 Jan (holiday) and 3 Jan 2012 only.
    assert.equal(calendar.addWorkingDays(d('2011-12-31'), 1), '2012-01-03')
  })
})

describe('WorkingDayCalendar construction', () => {
  it('derives the known years from the list and uses only listed holidays', () => {
    const custom = new WorkingDayCalendar([d('2031-12-25'), d('2030-01-01'), d('2030-01-01')])
    assert.equal(custom.firstYear, 2030)
    assert.equal(custom.lastYear, 2031)
    assert.equal(custom.isWorkingDay(d('2030-01-01')), false)
    assert.equal(custom.isWorkingDay(d('2030-12-25')), true) // not on this list
    assert.throws(() => custom.isWorkingDay(d('2032-01-01')), OutsideCalendarError)
  })

  it('counts a date an administrator adds (S22) and extends the known years', () => {
    const extended = WorkingDayCalendar.fromBankHolidays([
      ...shippedHolidays,
      { date: d('2028-01-03'), title: 'New Year’s Day (substitute day)' },
    ])
    assert.equal(extended.lastYear, 2028)
    assert.equal(extended.isWorkingDay(d('2028-01-03')), false)
    assert.equal(extended.addWorkingDays(d('2027-12-31'), 1), '2028-01-04')
  })

  it('finds no year without bank holidays in the shipped list', () => {
    assert.deepEqual(calendar.yearsWithoutBankHolidays(), [])
    assert.deepEqual(new WorkingDayCalendar([d('2030-01-01')]).yearsWithoutBankHolidays(), [])
  })

  it('names the years a far-ahead addition would leave without bank holidays (S22)', () => {
    const gapped = WorkingDayCalendar.fromBankHolidays([
      ...shippedHolidays,
      { date: d('2030-12-25'), title: 'Christmas Day' },
    ])
    assert.deepEqual(gapped.yearsWithoutBankHolidays(), [2028, 2029])
    const holed = new WorkingDayCalendar([d('2020-12-25'), d('2022-12-26'), d('2024-12-25')])
    assert.deepEqual(holed.yearsWithoutBankHolidays(), [2021, 2023])
  })

  it('refuses an empty list and invalid dates', () => {
    assert.throws(() => new WorkingDayCalendar([]), RangeError)
    assert.throws(() => new WorkingDayCalendar(['2023-02-30' as CalendarDate]), TypeError)
  })
})

describe('working-day properties over 2012–2027', () => {
  it('addWorkingDays(addWorkingDays(d, N), -N) === d for working days d', () => {
    fc.assert(
      fc.property(workingDayWithRoomAfter, upTo200, (date, n) => {
        assert.equal(calendar.addWorkingDays(calendar.addWorkingDays(date, n), -n), date)
      }),
    )
  })

  it('never lands on a weekend or bank holiday for N ≠ 0, either direction', () => {
    fc.assert(
      fc.property(anyDayWithRoomAfter, anyDayWithRoomBefore, upTo200, (early, late, n) => {
        fc.pre(n !== 0)
        for (const result of [
          calendar.addWorkingDays(early, n),
          calendar.addWorkingDays(late, -n),
        ]) {
          assert.equal(isWeekend(result), false, result)
          assert.equal(holidayDates.has(result), false, result)
        }
      }),
    )
  })

  it('workingDaysBetween(d, addWorkingDays(d, N)) === N, either direction', () => {
    fc.assert(
      fc.property(anyDayWithRoomAfter, anyDayWithRoomBefore, upTo200, (early, late, n) => {
        assert.equal(calendar.workingDaysBetween(early, calendar.addWorkingDays(early, n)), n)
        // 0 - n, not -n: for n = 0 that would be -0, which assert/strict tells apart from 0.
        const back = 0 - n
        assert.equal(calendar.workingDaysBetween(late, calendar.addWorkingDays(late, back)), back)
      }),
    )
  })

  it('agrees with an independent list of working days', () => {
    fc.assert(
      fc.property(anyDayWithRoomAfter, fc.integer({ min: 1, max: 200 }), (date, n) => {
        // The N-th working day strictly after `date`.
        const firstAfter = allWorkingDays.findIndex((workingDay) => workingDay > date)
        assert.equal(calendar.addWorkingDays(date, n), allWorkingDays[firstAfter + n - 1])
      }),
    )
  })
})

/**
 * The calendar as first written, one day at a time: slow (a clock a year
 * overdue steps 365 days on every read) but plainly right, so the arithmetic
 * implementation must give exactly its answers, and throw exactly its errors.
 */
class DayByDayCalendar {
  readonly #holidays: ReadonlySet<string>
  readonly #firstYear: number
  readonly #lastYear: number

  constructor(holidays: readonly CalendarDate[]) {
    this.#holidays = new Set(holidays)
    const years = holidays.map((holiday) => Number(holiday.slice(0, 4)))
    this.#firstYear = Math.min(...years)
    this.#lastYear = Math.max(...years)
  }

  isWorkingDay(date: CalendarDate): boolean {
    const year = Number(date.slice(0, 4))
    if (year < this.#firstYear || year > this.#lastYear) {
      throw new OutsideCalendarError(date, this.#firstYear, this.#lastYear)
    }
    return !isWeekend(date) && !this.#holidays.has(date)
  }

  addWorkingDays(date: CalendarDate, n: number): CalendarDate {
    const step = n < 0 ? -1 : 1
    let current = date
    for (let remaining = Math.abs(n); remaining > 0;) {
      current = addCalendarDays(current, step)
      if (this.isWorkingDay(current)) remaining -= 1
    }
    return current
  }

  workingDaysBetween(from: CalendarDate, to: CalendarDate): number {
    const step = to < from ? -1 : 1
    let count = 0
    for (let current = from; current !== to;) {
      current = addCalendarDays(current, step)
      if (this.isWorkingDay(current)) count += 1
    }
    return count === 0 ? 0 : step * count
  }
}

/** An answer or the error instead, in a form `deepEqual` compares in full (-0 included). */
function outcomeOf(compute: () => unknown): unknown {
  try {
    return { answer: compute() }
  } catch (error) {
    if (error instanceof OutsideCalendarError) {
      return {
        outside: error.date,
        firstYear: error.firstYear,
        lastYear: error.lastYear,
        message: error.message,
      }
    }
    if (error instanceof RangeError) return { rangeError: error.message }
    throw error
  }
}

const FIRST_DATE = d('0000-01-01')
const LAST_DATE = d('9999-12-31')

/** The day `offset` days from `date`, kept within the dates there are (0000–9999). */
function dayNear(date: CalendarDate, offset: number): CalendarDate {
  const clamped = Math.max(
    daysBetween(date, FIRST_DATE),
    Math.min(offset, daysBetween(date, LAST_DATE)),
  )
  return addCalendarDays(date, clamped)
}

/**
 * A random bank-holiday list over one to three years, sometimes sparse and
 * sometimes crowded (runs of holidays make the arithmetic take several rounds),
 * weekend dates and duplicates included, now and then at the very first or
 * last years a date can have.
 */
const holidayList: fc.Arbitrary<CalendarDate[]> = fc
  .record({
    firstYear: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 1990, max: 2040 }) },
      { weight: 1, arbitrary: fc.constantFrom(0, 1, 9997, 9998, 9999) },
    ),
    years: fc.integer({ min: 1, max: 3 }),
    crowded: fc.boolean(),
  })
  .chain(({ firstYear, years, crowded }) => {
    const start = d(`${String(firstYear).padStart(4, '0')}-01-01`)
    const span = Math.min(years * 366, daysBetween(start, LAST_DATE))
    return fc
      .array(fc.integer({ min: 0, max: span }), {
        minLength: 1,
        maxLength: crowded ? 150 : 12,
      })
      .map((offsets) => offsets.map((offset) => addCalendarDays(start, offset)))
  })

/** A list, and days from 60 before its first known day to 60 after its last. */
const calendarAndDays = holidayList.chain((holidays) => {
  const years = holidays.map((holiday) => holiday.slice(0, 4)).sort()
  const firstDay = d(`${years[0]!}-01-01`)
  const lastDay = d(`${years.at(-1)!}-12-31`)
  const around = fc
    .integer({ min: -60, max: daysBetween(firstDay, lastDay) + 60 })
    .map((offset) => dayNear(firstDay, offset))
  return fc.record({ holidays: fc.constant(holidays), from: around, to: around })
})

/** Offsets small and large, forwards and backwards, some past a whole calendar of three years. */
const anyOffset = fc.oneof(
  fc.integer({ min: -25, max: 25 }),
  fc.integer({ min: -900, max: 900 }),
  fc.constantFrom(1_000_000, -1_000_000, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER),
)

describe('the arithmetic calendar agrees with a day-by-day walk', () => {
  it('addWorkingDays, for random lists, days and offsets, including off either end', () => {
    fc.assert(
      fc.property(calendarAndDays, anyOffset, ({ holidays, from }, n) => {
        const fast = new WorkingDayCalendar(holidays)
        // Even a huge offset is quick for the reference: its walk stops at an
        // edge of the known years, at most a few years' days away.
        const reference = new DayByDayCalendar(holidays)
        assert.deepEqual(
          outcomeOf(() => fast.addWorkingDays(from, n)),
          outcomeOf(() => reference.addWorkingDays(from, n)),
          `${from} ${n}`,
        )
      }),
      { numRuns: 500 },
    )
  })

  it('workingDaysBetween, for random lists and pairs of days, either way round', () => {
    fc.assert(
      fc.property(calendarAndDays, ({ holidays, from, to }) => {
        const fast = new WorkingDayCalendar(holidays)
        const reference = new DayByDayCalendar(holidays)
        assert.deepEqual(
          outcomeOf(() => fast.workingDaysBetween(from, to)),
          outcomeOf(() => reference.workingDaysBetween(from, to)),
          `${from} → ${to}`,
        )
        assert.deepEqual(
          outcomeOf(() => fast.workingDaysBetween(to, from)),
          outcomeOf(() => reference.workingDaysBetween(to, from)),
          `${to} → ${from}`,
        )
      }),
      { numRuns: 500 },
    )
  })

  it('on the shipped list, across years and past 2012 and 2027', () => {
    const reference = new DayByDayCalendar(shippedHolidays.map((holiday) => holiday.date))
    const nearKnownYears = fc
      .integer({ min: -40, max: KNOWN_SPAN + 40 })
      .map((offset) => addCalendarDays(FIRST_KNOWN_DAY, offset))
    fc.assert(
      fc.property(
        nearKnownYears,
        nearKnownYears,
        fc.integer({ min: -600, max: 600 }),
        (from, to, n) => {
          assert.deepEqual(
            outcomeOf(() => calendar.addWorkingDays(from, n)),
            outcomeOf(() => reference.addWorkingDays(from, n)),
            `${from} ${n}`,
          )
          assert.deepEqual(
            outcomeOf(() => calendar.workingDaysBetween(from, to)),
            outcomeOf(() => reference.workingDaysBetween(from, to)),
            `${from} → ${to}`,
          )
        },
      ),
      { numRuns: 300 },
    )
  })

  it('throws the same RangeError as a walk when the calendar reaches year 0000 or 9999', () => {
    const early = new WorkingDayCalendar([d('0000-01-03')])
    const late = new WorkingDayCalendar([d('9999-12-27')])
    const walkOff = /Date arithmetic left the years 0–9999/
    assert.throws(() => early.addWorkingDays(d('0000-06-01'), -500), walkOff)
    // 1 Jan 0000 is a Saturday: the walk back from Monday 3 Jan steps onto it and Sunday.
    assert.equal(early.workingDaysBetween(d('0000-01-03'), d('0000-01-01')), 0)
    assert.throws(() => late.addWorkingDays(d('9999-06-01'), 500), walkOff)
    assert.throws(() => late.nextWorkingDay(d('9999-12-31')), walkOff)
    assert.equal(late.addWorkingDays(d('9999-12-30'), 1), '9999-12-31')
  })
})
