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
//
// Every list, the clocks dashboard and the calendar feeds compute these for each
// case on every read, and an overdue clock counts the working days since a due
// date that may be a year back. So the counting is arithmetic on day numbers
// (whole weeks are 5 working days; bank holidays on weekdays are a sorted list,
// counted in a range by binary search), and costs the same whatever the
// distance. The answers are those of walking day by day, which the tests check.

import type { CalendarDate } from './calendar-date.js'
import {
  calendarDate,
  calendarYear,
  fromDayNumber,
  isValidCalendarDate,
  isWeekend,
  toDayNumber,
} from './calendar-date.js'

/** Day number of Monday 5 January 1970: weeks counted from it start on a Monday. */
const A_MONDAY = 4

/**
 * How many weekdays (Monday–Friday) fall from A_MONDAY up to and including
 * `day`, counting back past it as negative. Only differences are used, so the
 * starting point does not matter as long as it is a Monday.
 */
function weekdaysUpTo(day: number): number {
  const sinceMonday = day - A_MONDAY
  const weeks = Math.floor(sinceMonday / 7)
  return weeks * 5 + Math.min(sinceMonday - weeks * 7 + 1, 5)
}

/** The weekday `weekdaysUpTo` numbers `index`. */
function weekdayNumbered(index: number): number {
  const zeroBased = index - 1
  const weeks = Math.floor(zeroBased / 5)
  return A_MONDAY + weeks * 7 + (zeroBased - weeks * 5)
}

/** How many of the ascending `days` are on or before `day`. */
function countUpTo(days: readonly number[], day: number): number {
  let low = 0
  let high = days.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (days[middle]! <= day) low = middle + 1
    else high = middle
  }
  return low
}

function yearText(year: number): string {
  return String(year).padStart(4, '0')
}

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
  /** Day numbers of the bank holidays on weekdays, ascending: the only ones that remove a working day. */
  readonly #weekdayHolidays: readonly number[]
  /** Day numbers of 1 January of the first known year and 31 December of the last. */
  readonly #firstDay: number
  readonly #lastDay: number

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
    this.#weekdayHolidays = [...holidays]
      .map(toDayNumber)
      .filter((day) => weekdaysUpTo(day) !== weekdaysUpTo(day - 1))
      .sort((a, b) => a - b)
    this.#firstDay = toDayNumber(calendarDate(`${yearText(this.firstYear)}-01-01`))
    this.#lastDay = toDayNumber(calendarDate(`${yearText(this.lastYear)}-12-31`))
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
    if (n === 0) return date
    const start = toDayNumber(date)
    // As a walk would, look up the first day stepped onto before anything else:
    // it is the one outside the calendar when `date` is.
    this.#assertKnown(n > 0 ? start + 1 : start - 1)
    return fromDayNumber(n > 0 ? this.#forwards(start, n) : this.#backwards(start, -n))
  }

  /**
   * The `n`-th working day after `start` (n > 0): the first day by which
   * `workingDaysUpTo` has grown by `n`. Each round jumps ahead by the working
   * days still missing, counting every weekday as one; the bank holidays the
   * jump passed leave that many missing for the next round, so it never
   * overshoots and ends after a round with none (a few rounds at Christmas).
   */
  #forwards(start: number, n: number): number {
    const target = this.#workingDaysUpTo(start) + n
    let day = start
    for (let missing = n; missing > 0; missing = target - this.#workingDaysUpTo(day)) {
      day = weekdayNumbered(weekdaysUpTo(day) + missing)
      // The answer is on or after `day`, so a day-by-day walk would step off the calendar first.
      if (day > this.#lastDay) throw this.#outside(this.#lastDay + 1)
    }
    return day
  }

  /** The `n`-th working day before `start` (n > 0); `#forwards` the other way. */
  #backwards(start: number, n: number): number {
    const target = this.#workingDaysUpTo(start - 1) - n
    let day = start
    for (let missing = n; missing > 0; missing = this.#workingDaysUpTo(day - 1) - target) {
      day = weekdayNumbered(weekdaysUpTo(day - 1) - missing + 1)
      if (day < this.#firstDay) throw this.#outside(this.#firstDay - 1)
    }
    return day
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
    const start = toDayNumber(from)
    const end = toDayNumber(to)
    if (start === end) return 0
    if (end > start) {
      // The days stepped onto are start + 1 … end: report the first unknown one.
      this.#assertKnown(start + 1)
      if (end > this.#lastDay) throw this.#outside(this.#lastDay + 1)
      return this.#workingDaysUpTo(end) - this.#workingDaysUpTo(start)
    }
    // Backwards the days stepped onto are start - 1 … end.
    this.#assertKnown(start - 1)
    if (end < this.#firstDay) throw this.#outside(this.#firstDay - 1)
    const count = this.#workingDaysUpTo(start - 1) - this.#workingDaysUpTo(end - 1)
    // `-0` going backwards would differ from 0 under strict equality; keep a plain 0.
    return count === 0 ? 0 : -count
  }

  /**
   * Working days up to and including `day`, counted from an arbitrary start:
   * only differences between two days in the known years mean anything.
   */
  #workingDaysUpTo(day: number): number {
    return weekdaysUpTo(day) - countUpTo(this.#weekdayHolidays, day)
  }

  #assertKnown(day: number): void {
    if (day < this.#firstDay || day > this.#lastDay) throw this.#outside(day)
  }

  /**
   * The error for the first unknown day a walk would step onto. Made from its
   * day number, which throws a RangeError instead for a day outside 0000–9999,
   * as stepping onto it would.
   */
  #outside(day: number): OutsideCalendarError {
    return new OutsideCalendarError(fromDayNumber(day), this.firstYear, this.lastYear)
  }
}
