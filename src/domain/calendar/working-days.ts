// Working days for statutory deadlines.
//
// S21: a working day is Monday–Friday, excluding England & Wales bank holidays.
// "Within N working days of D" is due on the N-th working day after D, with D
// itself as day 0 whatever day of the week it is (aware Thu 21 Dec 2023 + 5 working
// days = Tue 2 Jan 2024). "No later than N working days before P" is the N-th
// working day before P (S16).
//
// S22: bank holidays come from a list (GOV.UK's, plus dates an administrator adds),
// not from a rule, because one-off holidays (2020-05-08, 2022-06-03, 2022-09-19,
// 2023-05-08) and moved ones cannot be computed. So the calendar only knows the
// years its list covers, and refuses to answer for any other year rather than
// silently treating an unknown year's bank holidays as working days.

import type { CalendarDate } from './calendar-date.js'
import {
  addCalendarDays,
  calendarYear,
  compareDates,
  isValidCalendarDate,
  isWeekend,
} from './calendar-date.js'

/**
 * A date the calendar was asked about falls in a year with no known bank holidays.
 * Caused by the request (a date too far back or ahead) or by a bank-holiday list
 * that has not been extended yet, so a web handler can answer 400 and tell an
 * administrator to add the year's dates (S22).
 */
export class OutsideCalendarError extends Error {
  override readonly name = 'OutsideCalendarError'
  /** The first date the computation needed that the calendar does not know. */
  readonly date: CalendarDate
  readonly firstYear: number
  readonly lastYear: number

  constructor(date: CalendarDate, firstYear: number, lastYear: number) {
    super(
      `${date} is outside the working-day calendar, which knows bank holidays for ` +
        `${firstYear}–${lastYear} only; an administrator must add that year's bank holidays first`,
    )
    this.date = date
    this.firstYear = firstYear
    this.lastYear = lastYear
  }
}

export class WorkingDayCalendar {
  /** First year whose bank holidays the calendar knows (the earliest holiday's year). */
  readonly firstYear: number
  /** Last year whose bank holidays the calendar knows (the latest holiday's year). */
  readonly lastYear: number
  readonly #bankHolidays: ReadonlySet<CalendarDate>

  /**
   * Builds the calendar from bank-holiday dates. The years it knows are the
   * earliest holiday's year to the latest's: every year in England has bank
   * holidays, so a year with none on the list is a year the list does not cover.
   * Duplicates are harmless (an administrator may re-add a GOV.UK date).
   */
  constructor(bankHolidays: Iterable<CalendarDate>) {
    const holidays = new Set<CalendarDate>()
    for (const holiday of bankHolidays) {
      // The type already promises this; checked again because lists are often
      // built from stored rows cast to CalendarDate.
      if (!isValidCalendarDate(holiday)) {
        throw new TypeError(`Not a valid YYYY-MM-DD bank-holiday date: "${String(holiday)}"`)
      }
      holidays.add(holiday)
    }
    const years = [...holidays].map(calendarYear)
    if (years.length === 0) {
      throw new RangeError('A working-day calendar needs at least one bank holiday')
    }
    this.firstYear = Math.min(...years)
    this.lastYear = Math.max(...years)
    this.#bankHolidays = holidays
  }

  /** Convenience for the output of `parseGovUkBankHolidays` or stored rows. */
  static fromBankHolidays(holidays: Iterable<{ readonly date: CalendarDate }>): WorkingDayCalendar {
    return new WorkingDayCalendar([...holidays].map((holiday) => holiday.date))
  }

  /**
   * Years between the first and the last known year with no bank holiday at all.
   * The calendar treats them as known, so their working days would include
   * whatever their holidays are: a list with such a gap is wrong (S22), e.g.
   * when an administrator adds a date three years ahead of the list.
   */
  yearsWithoutBankHolidays(): number[] {
    const years = new Set([...this.#bankHolidays].map(calendarYear))
    const missing: number[] = []
    for (let year = this.firstYear + 1; year < this.lastYear; year += 1) {
      if (!years.has(year)) missing.push(year)
    }
    return missing
  }

  /** Whether `date` is in a year the calendar knows, so questions about it can be answered. */
  covers(date: CalendarDate): boolean {
    const year = calendarYear(date)
    return year >= this.firstYear && year <= this.lastYear
  }

  /**
   * Monday–Friday and not a bank holiday (S21).
   * @throws OutsideCalendarError if `date` is in a year the calendar does not
   * know, even for a weekend, so the rule for callers stays simple.
   */
  isWorkingDay(date: CalendarDate): boolean {
    if (!this.covers(date)) throw new OutsideCalendarError(date, this.firstYear, this.lastYear)
    return !isWeekend(date) && !this.#bankHolidays.has(date)
  }

  /**
   * The N-th working day after `date` (before it if `n` is negative), counting
   * `date` itself as day 0 whatever day it is (S21). So:
   * - `n = 0` returns `date` unchanged, even on a weekend or bank holiday: S21
   *   makes D day 0, and nothing needs looking up, so no OutsideCalendarError;
   * - any other `n` always returns a working day;
   * - a deadline "within 5 working days of D" (S3) is `addWorkingDays(D, 5)`;
   *   "no later than 7 working days before P" (S16) is `addWorkingDays(P, -7)`.
   *
   * Only the days stepped onto are looked up, not `date` itself, since D's own
   * status never changes the answer.
   * @throws OutsideCalendarError if a day to step onto is in an unknown year.
   * @throws RangeError if `n` is not a whole number.
   */
  addWorkingDays(date: CalendarDate, n: number): CalendarDate {
    if (!Number.isSafeInteger(n)) {
      throw new RangeError(`Working days must be a whole number, got ${String(n)}`)
    }
    const step = n < 0 ? -1 : 1
    let remaining = Math.abs(n)
    let current = date
    // Bounded: isWorkingDay throws once the walk leaves the known years.
    while (remaining > 0) {
      current = addCalendarDays(current, step)
      if (this.isWorkingDay(current)) remaining -= 1
    }
    return current
  }

  /** The first working day strictly after `date`; the same as `addWorkingDays(date, 1)`. */
  nextWorkingDay(date: CalendarDate): CalendarDate {
    return this.addWorkingDays(date, 1)
  }

  /**
   * Working days stepped onto walking from `from` to `to`: those after `from` up
   * to and including `to` if `to` is later; minus those before `from` down to and
   * including `to` if `to` is earlier; 0 if the same day. Counting this way makes
   * it the exact inverse of `addWorkingDays` in both directions:
   * `addWorkingDays(d, n) === x` implies `workingDaysBetween(d, x) === n`.
   * (As a result it is not always antisymmetric: swapping the arguments can
   * change the magnitude by one when an end is not a working day.)
   * Typical use: "how many working days until the deadline?" or "is this late?"
   * @throws OutsideCalendarError if a day stepped onto is in an unknown year.
   */
  workingDaysBetween(from: CalendarDate, to: CalendarDate): number {
    const step = compareDates(to, from)
    let count = 0
    for (let current = from; current !== to;) {
      current = addCalendarDays(current, step)
      if (this.isWorkingDay(current)) count += 1
    }
    // `step * 0` would be -0 going backwards; keep a plain 0.
    return count === 0 ? 0 : step * count
  }
}
